from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "The release step of a deployment, run once per upgrade before the new code serves requests: migrate the "
        "database, create the database cache's table, collect the static files (hashed names for WhiteNoise) and "
        "run Django's deployment checks, failing on any warning. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-deploy-check", action="store_true", help="For a local rehearsal without HTTPS settings"
        )

    def handle(self, *args, skip_deploy_check=False, **options):
        verbosity = options["verbosity"]
        self.stdout.write("Migrating the database")
        call_command("migrate", interactive=False, verbosity=verbosity)
        self.stdout.write("Creating the cache table (when the cache is the database's)")
        call_command("createcachetable", verbosity=verbosity)
        self.stdout.write(f"Collecting static files into {settings.STATIC_ROOT}")
        call_command("collectstatic", interactive=False, verbosity=verbosity)
        if not skip_deploy_check:
            self.stdout.write("Checking the deployment settings")
            call_command("check", deploy=True, fail_level="WARNING")
        self.stdout.write(self.style.SUCCESS("Release step done"))

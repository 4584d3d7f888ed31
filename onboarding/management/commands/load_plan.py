"""`manage.py load_plan fixtures/barnet-2014-2016`: load a board's business plan from a directory of fixture files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from onboarding.plan_loader import PlanLoadError, plan_load_directory


class Command(BaseCommand):
    help = (
        "Load a business plan from a directory of JSON fixture files: all or nothing, idempotent (a plan already "
        "loaded is left as it is), beside any other board or plan, with its history baseline and quarters."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Folder of *.json fixture files, e.g. fixtures/barnet-2014-2016")

    def handle(self, *args, directory, **options):
        path = Path(directory)
        if not path.is_dir() and not path.is_absolute() and (settings.BASE_DIR / path).is_dir():
            # setup_demo and the docs name the folder relative to the repository, wherever manage.py is run from.
            path = settings.BASE_DIR / path
        if not path.is_dir():
            raise CommandError(f"No folder {directory}: give a folder of plan fixture files.")
        try:
            result = plan_load_directory(directory=path)
        except PlanLoadError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        name = f"{result.board.name}, {result.plan.title}"
        if not result.created:
            self.stdout.write(f"{name}: already loaded; nothing changed.")
            return
        summary = ", ".join(f"{count} {label}" for label, count in sorted(result.counts.items()))
        self.stdout.write(self.style.SUCCESS(f"{name}: loaded ({summary})."))

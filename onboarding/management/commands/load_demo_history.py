"""Loads the clearly marked demo history (onboarding/demo_history.py). `manage.py setup_demo` runs it after the plan."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from onboarding.demo_history import load_demo_history
from plans.models import BusinessPlan


class Command(BaseCommand):
    help = (
        "Local demo only (refuses unless DEBUG): close the first few quarters of each current plan with plausible, "
        "clearly marked demo status updates, challenges and indicator values, and leave the next quarter open. "
        "Idempotent: does nothing for a plan that already has demo history, real updates or closed quarters."
    )

    def add_arguments(self, parser):
        parser.add_argument("--board", default=None, help="Board slug (default: every board's current plan)")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo_history is for local use with DEBUG on; production loads no demo data.")
        plans = BusinessPlan.objects.filter(is_current=True).select_related("board")
        if options["board"]:
            plans = plans.filter(board__slug=options["board"])
        if not plans:
            self.stdout.write("No plan loaded, so no demo history.")
        for plan in plans:
            self.stdout.write(load_demo_history(plan=plan))

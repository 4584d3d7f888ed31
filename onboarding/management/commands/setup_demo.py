"""Loads everything a newcomer needs to see a living tracker locally: the plan, demo history, demo accounts."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

# Each step is a management command; a step runs only once its command exists, so that the demo grows as apps land.
STEPS = [
    ("load_plan", ["fixtures/barnet-2014-2016"]),
    ("load_budget", ["fixtures/barnet-2014-2016-budget"]),
    ("load_demo_history", []),
    ("load_audit_cycle", []),
    ("load_audit_demo", []),
    ("load_budget_demo", []),
]
# Steps whose demo content is written by the demo accounts (the scrutineer raises the log's entries, the
# administrator drafts the report): they run once the accounts exist. The report comes last: it drafts from the rest.
AFTER_ACCOUNTS = [
    ("load_scrutiny_demo", []),
    ("load_learning_demo", []),
    ("load_report_demo", []),
]


class Command(BaseCommand):
    help = (
        "Local demo only: load the Barnet plan (idempotent), the clearly marked demo history and the demo accounts. "
        "The password comes from DEMO_PASSWORD, else the one saved in var/demo_password, else a new random one."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("setup_demo is for local use with DEBUG on; production loads no demo data.")
        available = get_commands()
        for name, arguments in STEPS:
            if name in available:
                call_command(name, *arguments, stdout=self.stdout)
        password = os.environ.get("DEMO_PASSWORD") or self._saved_password()
        call_command("create_demo_accounts", password=password, stdout=self.stdout)
        for name, arguments in AFTER_ACCOUNTS:
            if name in available:
                call_command(name, *arguments, stdout=self.stdout)

    def _saved_password(self):
        path = Path(settings.BASE_DIR) / "var" / "demo_password"
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            path.write_text(secrets.token_urlsafe(12))
            path.chmod(0o600)
        return path.read_text().strip()

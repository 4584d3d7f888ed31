"""Load a printed budget (Appendix 2) from its fixture folder, all-or-nothing and idempotent."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budget.selectors import budget_statement
from budget.services import BudgetLoadError, budget_load
from budget.templatetags.budget_money import pounds

DEFAULT_FOLDER = "fixtures/barnet-2014-2016-budget"


class Command(BaseCommand):
    help = (
        "Load every budget-*.json in a folder (default fixtures/barnet-2014-2016-budget). The board, plan and "
        "agencies are found by slug and name; the lines must reproduce the printed totals or nothing is saved. "
        "A budget already loaded is left as it is unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=DEFAULT_FOLDER)
        parser.add_argument("--replace", action="store_true", help="Restore the printed lines of existing budgets")

    def handle(self, *args, folder, replace, **options):
        path = Path(folder)
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        files = sorted(path.glob("budget-*.json")) if path.is_dir() else [path]
        if not files or not files[0].exists():
            raise CommandError(f"No budget-*.json found in {path}")
        # One transaction for every file: a fault in any of them loads none.
        with transaction.atomic():
            for file in files:
                self._load(file, replace)

    def _load(self, file, replace):
        try:
            result = budget_load(data=json.loads(file.read_text(encoding="utf-8")), replace=replace)
        except (BudgetLoadError, KeyError, ValueError) as exc:
            raise CommandError(f"{file.name}: {exc}. Nothing was loaded.") from exc
        statement = budget_statement(result.budget)
        verb = "Loaded" if result.created else ("Restored" if result.replaced else "Already loaded, left as is:")
        self.stdout.write(
            f"{verb} {result.budget.title}: {len(statement.income_lines)} contributions, "
            f"{sum(len(g.lines) for g in statement.groups)} commitments, variance {pounds(statement.variance)}."
        )

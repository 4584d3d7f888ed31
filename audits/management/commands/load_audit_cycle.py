"""Load the board's Section 11 audit cycle (configuration only: agencies, deadline, standards, questionnaire)."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from audits import services
from audits.models import AuditCycle
from plans.models import Agency, Board

DEFAULT_FIXTURE = "fixtures/barnet-2014-2016-audits/cycle.json"


class Command(BaseCommand):
    help = (
        "Open the Section 11 audit cycle described in a JSON fixture (default: the BSCB 2014/15 cycle) on the board it "
        "names, with its partner agencies found by exact name. Idempotent: an existing cycle with the same title is "
        "left as it is. All or nothing: a missing board or agency changes nothing and is named."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=DEFAULT_FIXTURE)

    @transaction.atomic
    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        data = json.loads(path.read_text(encoding="utf-8"))
        board = Board.objects.filter(slug=data["board"]).first()
        if board is None:
            raise CommandError(f"No board '{data['board']}': load the plan first (manage.py load_plan).")
        existing = AuditCycle.objects.filter(board=board, title=data["title"]).first()
        if existing is not None:
            self.stdout.write(f"{existing.title} is already loaded: nothing to do.")
            return
        agencies = {a.name: a for a in Agency.objects.filter(board=board, name__in=data["agencies"])}
        missing = [name for name in data["agencies"] if name not in agencies]
        if missing:
            raise CommandError(f"Agencies not found on {board.short_name}: {', '.join(missing)}")
        cycle = services.cycle_open(
            board=board,
            plan=board.plans.filter(is_current=True).order_by("-start_year").first(),
            title=data["title"],
            financial_year=data["financial_year"],
            deadline=datetime.date.fromisoformat(data["deadline"]),
            introduction=data.get("introduction", ""),
            agencies=[agencies[name] for name in data["agencies"]],
            standards=[tuple(s) for s in data["standards"]],
            questions=data["questions"],
        )
        self.stdout.write(
            f"Opened {cycle.title}: {len(agencies)} agencies, {cycle.standards.count()} standards, "
            f"returns due {cycle.deadline:%d %B %Y}."
        )

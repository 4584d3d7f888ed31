"""DEMO ONLY: a drafted 2014/15 yearly report for the Barnet board, with two narratives edited, so that a newcomer
sees a report in progress."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from annualreport import services
from annualreport.models import YearlyReport
from plans.models import Board

EDITED = {
    "glance": (
        "Demo: this paragraph was edited by the board administrator. In 2014/15 the partnership focused on child "
        "sexual exploitation, domestic abuse and neglect, and strengthened how partners hold each other to account."
    ),
    "next-year": (
        "Demo: in 2015/16 the partnership will embed the learning from its reviews, refresh its performance dataset "
        "and hear more directly from children and families."
    ),
}


class Command(BaseCommand):
    help = (
        "DEMO ONLY (refuses unless DEBUG): a draft 2014/15 yearly report (children's template) for the Barnet board, "
        "with two narratives edited. Idempotent: an existing report is left as it is."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_report_demo writes demo content: it runs only with DEBUG on.")
        board = Board.objects.filter(slug="barnet").first()
        if board is None:
            raise CommandError("No Barnet board: run load_plan first.")
        start = datetime.date(2014, 4, 1)
        existing = YearlyReport.objects.filter(board=board, template="children", period_start=start).first()
        if existing is not None:
            self.stdout.write(f"DEMO yearly report already there: {existing.title}")
            return
        admin = board.memberships.filter(roles__name="Board administrator").select_related("user").first()
        user = admin.user if admin else None
        with transaction.atomic():
            report = services.start_report(board=board, template="children", period_start=start, user=user)
            report.title = f"{report.title} (Demo)"
            report.save(update_fields=["title"])
            for section in report.sections.filter(key__in=EDITED):
                services.edit_narrative(section=section, narrative=EDITED[section.key], user=user)
        self.stdout.write(f"DEMO yearly report drafted: {report.title}")

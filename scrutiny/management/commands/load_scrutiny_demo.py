"""DEMO ONLY: the independent scrutineer's log for 2014/15 on the Barnet board, raised by the demo-scrutineer account,
so that a newcomer sees entries awaiting a response, responded and closed."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from plans.models import Agency, Board, Lead
from priorities.models import Action
from scrutiny.models import ScrutinyEntry, ScrutinyResponse

PREFIX = "Demo: "


class Command(BaseCommand):
    help = (
        "DEMO ONLY (refuses unless DEBUG): four entries of the scrutiny log dated in 2014/15 on the Barnet board, "
        "raised by demo-scrutineer (run create_demo_accounts first). Idempotent: does nothing when the log has "
        "demo entries."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_scrutiny_demo writes demo content: it runs only with DEBUG on.")
        board = Board.objects.filter(slug="barnet").first()
        if board is None:
            raise CommandError("No Barnet board: run load_plan first.")
        if ScrutinyEntry.objects.filter(board=board, subject__startswith=PREFIX).exists():
            self.stdout.write("DEMO scrutiny log already there.")
            return
        User = get_user_model()
        scrutineer = User.objects.filter(username="demo-scrutineer").first()
        admin = User.objects.filter(username="demo-admin").first()
        if scrutineer is None or admin is None:
            raise CommandError("No demo-scrutineer or demo-admin account: run create_demo_accounts first.")
        with transaction.atomic():
            self._load(board, scrutineer, admin)
        self.stdout.write("DEMO scrutiny log loaded: 4 entries of 2014/15.")

    def _load(self, board, scrutineer, admin):
        def at(day):
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))

        def entry(**fields):
            fields["subject"] = PREFIX + fields["subject"]
            return ScrutinyEntry.objects.create(board=board, raised_by=scrutineer, **fields)

        def respond(item, by, day, text):
            ScrutinyResponse.objects.create(
                entry=item, by=by, at=at(day), responding_for=item.addressee_label, text=text
            )

        esafety = Action.objects.filter(objective__priority__plan__board=board, reference__startswith="ES").first()
        first = entry(
            kind=ScrutinyEntry.Kind.CHALLENGE,
            addressed_to=ScrutinyEntry.AddressedTo.BOARD,
            action=esafety,
            subject="E-safety actions slipping for two quarters",
            detail=(
                "Three E-Safety actions have been amber for two quarters with the same commentary. What has the "
                "board done to unblock them, and when will the BMG see a recovery plan?"
            ),
            raised_on=datetime.date(2014, 11, 3),
            response_due_on=datetime.date(2014, 11, 28),
            status=ScrutinyEntry.Status.CLOSED,
            outcome=(
                "The board agreed a recovery plan at its December meeting: the LGfL training offer moved to "
                "January, with monthly reporting to the BMG until the actions are green."
            ),
            closed_on=datetime.date(2015, 1, 12),
        )
        respond(
            first,
            admin,
            datetime.date(2014, 11, 24),
            "The E-Safety task group meets on 2 December with a recovery plan for the three actions; the BMG will "
            "review it in January.",
        )
        agency = Agency.objects.filter(board=board).order_by("name").first()
        if agency is not None:
            second = entry(
                kind=ScrutinyEntry.Kind.OBSERVATION,
                addressed_to=ScrutinyEntry.AddressedTo.PARTNER,
                agency=agency,
                subject="Attendance at the Business Management Group",
                detail="The agency was not represented at three of the last four BMG meetings.",
                raised_on=datetime.date(2015, 1, 19),
                status=ScrutinyEntry.Status.RESPONDED,
            )
            respond(
                second,
                admin,
                datetime.date(2015, 2, 2),
                "A named deputy now attends when the agency's member cannot; the board's chair has written to confirm.",
            )
        lead = (
            Lead.objects.filter(board=board, kind=Lead.Kind.PERSON, actions__isnull=False)
            .distinct()
            .order_by("name")
            .first()
        )
        if lead is not None:
            entry(
                kind=ScrutinyEntry.Kind.CHALLENGE,
                addressed_to=ScrutinyEntry.AddressedTo.LEAD,
                lead=lead,
                subject="Evidence of impact for the actions you lead",
                detail=(
                    "The commentary on the actions you lead reports activity (meetings held, leaflets sent) rather "
                    "than impact. What difference has the work made for children?"
                ),
                raised_on=datetime.date(2015, 3, 2),
                response_due_on=datetime.date(2015, 3, 27),
            )
        entry(
            kind=ScrutinyEntry.Kind.OBSERVATION,
            addressed_to=ScrutinyEntry.AddressedTo.BOARD,
            subject="The performance dataset has no targets for half its indicators",
            detail="Without targets the BMG cannot tell whether a quarter's figure is good news.",
            raised_on=datetime.date(2015, 3, 16),
        )

"""Remind the agency audit contacts whose Section 11 return is still a draft: before the deadline and after it."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from audits.notify import CHASE_EVERY_DAYS, REMIND_DAYS_BEFORE, audit_contacts, reminder_queue, returns_to_remind


class Command(BaseCommand):
    help = (
        f"Emails the agency audit contacts of every Section 11 return still in draft: once {REMIND_DAYS_BEFORE} days "
        f"before the cycle's deadline, then the day after it and every {CHASE_EVERY_DAYS} days until the return is "
        "sent (at most one audit email per return per day). Only cycles opened on the cycle page, not superseded by a "
        "later cycle; demo returns never. Each reminder is recorded and goes to each person once, however often this "
        "runs and on however many servers: the scheduler runs it hourly (SCHEDULED_JOBS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be emailed; send nothing")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        due = returns_to_remind(today)
        # One query per board for the contacts of every agency with a reminder due.
        contacts = {}
        for board_id in {agency_return.cycle.board_id for agency_return, _ in due}:
            board_due = [r for r, _ in due if r.cycle.board_id == board_id]
            contacts.update(audit_contacts(board_due[0].cycle.board, {r.agency_id for r in board_due}))
        emails = returns = 0
        for agency_return, stage in due:
            people = contacts.get(agency_return.agency_id, [])
            if dry_run:
                for user in people:
                    self.stdout.write(f"{user.email} ({stage}): {agency_return}")
                queued = len(people)
            else:
                queued = reminder_queue(agency_return=agency_return, stage=stage, today=today, contacts=people)
            emails += queued
            returns += bool(queued)
        verb = "Would queue" if dry_run else "Queued"
        self.stdout.write(
            f"{verb} {emails} Section 11 reminder{'s' if emails != 1 else ''} about {returns} "
            f"draft return{'s' if returns != 1 else ''}."
        )

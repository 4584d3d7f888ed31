"""Email each lead the actions whose status update for the open quarter is still missing, on the board's schedule."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from plans.models import Quarter
from priorities.reminders import missing_updates, reminder_queue


def reminder_stage(board, quarter, today: datetime.date) -> str | None:
    """Which of the board's reminders is due today for `quarter`, or None.

    Before the deadline: the latest reminder day reached, e.g. with 14,3 "14-days-before" from 14 days before until
    3 days before, then "3-days-before" up to and including the deadline day. After it: "chaser" from
    `chaser_days_after` days after the deadline while the quarter is open. Each stage is sent once per person
    (the notification record's key), so the hourly run sends a stage on its first day and nothing afterwards; a
    scheduler that was down on the exact day still sends the stage that is due, never a stale one.
    """
    deadline = quarter.update_deadline
    if deadline is None or today < quarter.start_date:
        return None
    if today <= deadline:
        reached = [days for days in board.reminder_days() if today >= deadline - datetime.timedelta(days=days)]
        return f"{min(reached)}-days-before" if reached else None
    if board.chaser_days_after is not None and today >= deadline + datetime.timedelta(days=board.chaser_days_after):
        return "chaser"
    return None


class Command(BaseCommand):
    help = (
        "Emails each lead (a user account with an email address, linked to a Lead of the action directly or "
        "through a group) one message listing their actions that have no status update yet in the plan's open "
        "quarter. Complete actions are left out. Follows each board's schedule: a reminder on each of the board's "
        "reminder days before the quarter's update deadline (default 14 and 3) and one chaser after it (default 1 "
        "day after). Each reminder is recorded and goes to each person once, however often this runs and on however "
        "many servers: the scheduler runs it hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be emailed; send nothing")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        quarters = Quarter.objects.filter(state=Quarter.State.OPEN, start_date__lte=today).select_related("plan__board")
        emails = actions_total = quarters_due = 0
        for quarter in quarters:
            board = quarter.plan.board
            stage = reminder_stage(board, quarter, today)
            if stage is None:
                continue
            quarters_due += 1
            for user, actions in missing_updates(quarter).by_user.items():
                if dry_run:
                    self.stdout.write(f"{user.email} ({stage}): {', '.join(a.reference for a in actions)}")
                elif not reminder_queue(user=user, quarter=quarter, actions=actions, stage=stage):
                    continue  # told already at this stage
                actions_total += len(actions)
                emails += 1
        verb = "Would queue" if dry_run else "Queued"
        self.stdout.write(
            f"{verb} {emails} reminder{'s' if emails != 1 else ''} about {actions_total} "
            f"missing update{'s' if actions_total != 1 else ''} for {quarters_due} open "
            f"quarter{'s' if quarters_due != 1 else ''} with a reminder due today."
        )

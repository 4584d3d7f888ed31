"""Email each lead the actions whose status update for the open quarter is still missing."""

from collections import defaultdict

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from plans.models import Lead, Quarter
from priorities.models import Action, Rag, StatusUpdate
from priorities.services import absolute_url


class Command(BaseCommand):
    help = (
        "Emails each lead (a user account with an email address, linked to a Lead of the action directly or "
        "through a group) one message listing their actions that have no status update yet in the plan's open "
        "quarter. Complete actions are left out. Runs only from the quarter's start up to and including its "
        "update deadline; after the deadline nothing is sent. Safe to schedule daily or weekly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be emailed; send nothing")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        quarters = Quarter.objects.filter(
            state=Quarter.State.OPEN, start_date__lte=today, update_deadline__gte=today
        ).select_related("plan__board")
        emails = actions_total = 0
        for quarter in quarters:
            for user, actions in self._missing_by_user(quarter).items():
                actions_total += len(actions)
                emails += 1
                if not dry_run:
                    self._send(user, quarter, actions)
                else:
                    self.stdout.write(f"{user.email}: {', '.join(a.reference for a in actions)}")
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {emails} reminder{'s' if emails != 1 else ''} about {actions_total} "
            f"missing update{'s' if actions_total != 1 else ''} for {quarters.count()} open "
            f"quarter{'s' if quarters.count() != 1 else ''} before the deadline."
        )

    def _missing_by_user(self, quarter):
        """{user: [actions]} for the quarter's plan, each list in plan order."""
        missing = list(
            Action.objects.filter(objective__priority__plan=quarter.plan)
            .exclude(rag=Rag.COMPLETE)
            .exclude(Exists(StatusUpdate.objects.filter(action=OuterRef("pk"), quarter=quarter)))
            .prefetch_related("leads")
        )
        if not missing:
            return {}
        # Each Lead row -> the users who act for it: the person's own account, or the accounts of a group's members.
        users_for_lead = defaultdict(set)
        people = Lead.objects.filter(board=quarter.plan.board, user__isnull=False).exclude(user__email="")
        people = people.filter(user__is_active=True).select_related("user").prefetch_related("groups")
        for person in people:
            users_for_lead[person.pk].add(person.user)
            for group in person.groups.all():
                users_for_lead[group.pk].add(person.user)
        by_user = defaultdict(list)
        for action in missing:
            recipients = set()
            for lead in action.leads.all():
                recipients |= users_for_lead.get(lead.pk, set())
            for user in recipients:
                by_user[user].append(action)
        return dict(sorted(by_user.items(), key=lambda item: item[0].username))

    def _send(self, user, quarter, actions):
        for action in actions:
            action.update_url = absolute_url(reverse("priorities:action_update", args=[action.pk]))
        context = {
            "user": user,
            "quarter": quarter,
            "actions": actions,
            "board": quarter.plan.board,
            "my_actions_url": absolute_url(reverse("priorities:my_actions")),
        }
        subject = render_to_string("emails/update_reminder_subject.txt", context).strip()
        body = render_to_string("emails/update_reminder.txt", context)
        send_mail(subject, body, None, [user.email])

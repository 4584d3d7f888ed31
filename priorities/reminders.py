"""Who has not updated, and reminding them: read by the scheduled reminders (send_update_reminders) and by the
chasing page of the quarterly review (reporting), so that both name the same people for the same actions.

An action "needs an update" in a quarter when it is not complete and has no status update recorded in that quarter.
The people emailed for it are the active accounts with an email address linked to one of its leads: a person-Lead's
own account, or the accounts of a group-Lead's members.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse

from bscb.links import absolute_url
from notifications.models import Notification
from notifications.services import queue_email
from plans.models import Lead

from .models import Action, Rag, StatusUpdate

REMINDER_KINDS = (Notification.Kind.UPDATE_REMINDER, Notification.Kind.UPDATE_CHASER)


@dataclass
class LeadMissing:
    """One lead (person or group) with the actions it leads that still need an update, and who would be emailed."""

    lead: Lead
    actions: list = field(default_factory=list)
    people: list = field(default_factory=list)  # users emailed for this lead: the person, or the group's members


@dataclass
class MissingUpdates:
    quarter: object
    actions: list  # every action needing an update, in plan order
    by_lead: list  # [LeadMissing], by lead name
    by_user: dict  # {user: [actions]}
    unreachable: list  # actions none of whose leads has an account that can be emailed


def lead_recipients(board) -> dict:
    """{lead id: {users emailed for it}}: a person-Lead's own account, a group-Lead's members' accounts; active
    accounts with an email address only (two queries)."""
    users_for_lead = defaultdict(set)
    people = Lead.objects.filter(board=board, user__isnull=False).exclude(user__email="")
    # Active on this board too: a person deactivated here may still work with another partnership.
    people = (
        people.filter(user__is_active=True, user__memberships__board=board, user__memberships__is_active=True)
        .select_related("user")
        .prefetch_related("groups")
    )
    for person in people:
        users_for_lead[person.pk].add(person.user)
        for group in person.groups.all():
            users_for_lead[group.pk].add(person.user)
    return users_for_lead


def missing_updates(quarter) -> MissingUpdates:
    """The quarter's actions without an update, by lead and by person, in a fixed number of queries."""
    actions = list(
        Action.objects.filter(objective__priority__plan=quarter.plan)
        .exclude(rag=Rag.COMPLETE)
        .exclude(Exists(StatusUpdate.objects.filter(action=OuterRef("pk"), quarter=quarter)))
        .select_related("objective__priority")
        .prefetch_related("leads")
        .order_by("objective__priority__order", "objective__order", "order")
    )
    users_for_lead = lead_recipients(quarter.plan.board)
    by_user, by_lead, unreachable = defaultdict(list), {}, []
    for action in actions:
        recipients = set()
        for lead in action.leads.all():
            entry = by_lead.setdefault(lead.pk, LeadMissing(lead=lead))
            entry.actions.append(action)
            recipients |= users_for_lead.get(lead.pk, set())
        if not recipients:
            unreachable.append(action)
        for user in recipients:
            by_user[user].append(action)
    for entry in by_lead.values():
        entry.people = sorted(users_for_lead.get(entry.lead.pk, set()), key=lambda user: user.get_full_name())
    return MissingUpdates(
        quarter=quarter,
        actions=actions,
        by_lead=sorted(by_lead.values(), key=lambda entry: entry.lead.name.casefold()),
        by_user=dict(sorted(by_user.items(), key=lambda item: item[0].username)),
        unreachable=unreachable,
    )


def last_reminded(quarter, users) -> dict:
    """{user id: when the latest reminder or chaser about `quarter` was recorded for them} (one query)."""
    rows = (
        Notification.objects.filter(
            board=quarter.plan.board,
            kind__in=REMINDER_KINDS,
            recipient__in=[user.pk for user in users],
            dedupe_key__startswith=f"update-reminder:{quarter.pk}:",
        )
        .values("recipient")
        .annotate(at=Max("created_at"))
    )
    return {row["recipient"]: row["at"] for row in rows}


def reminder_queue(*, user, quarter, actions, stage: str, dedupe_key: str | None = None) -> Notification | None:
    """Record and queue one reminder to `user` listing `actions` (their update links absolute, the board named).

    `stage` is a scheduled stage ("14-days-before", "chaser"...) or "manual" (sent from the chasing page). Returns
    None when the same key was recorded before: the scheduled stages go to each person once per quarter.
    """
    for action in actions:
        action.update_url = absolute_url(reverse("priorities:action_update", args=[action.pk]))
    board = quarter.plan.board
    context = {
        "user": user,
        "quarter": quarter,
        "actions": actions,
        "board": board,
        "overdue": stage == "chaser",
        "my_actions_url": absolute_url(reverse("priorities:my_actions")),
    }
    subject = render_to_string("emails/update_reminder_subject.txt", context).strip()
    body = render_to_string("emails/update_reminder.txt", context)
    return queue_email(
        kind=Notification.Kind.UPDATE_CHASER if stage == "chaser" else Notification.Kind.UPDATE_REMINDER,
        board=board,
        recipient=user,
        email=user.email,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key or f"update-reminder:{quarter.pk}:{stage}:{user.pk}",
    )

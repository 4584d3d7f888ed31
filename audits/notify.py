"""Who is told what at each step of the Section 11 workflow, and the reminders around a cycle's deadline.

Every email goes through `notifications.services.queue_emails`: recorded in the caller's transaction and sent later by
the task queue's worker, so a mail server that is down never breaks a step (the worker retries), and a rolled-back
step emails nobody. `audits.services` calls these functions with one line each:

- a return is opened (the cycle is opened, or an agency is added to an open cycle): the agency's audit contacts, with
  the deadline and a link to their return;
- submitted and resubmitted: the board's audit coordinators;
- challenged: the agency's audit contacts, with the coordinator's questions;
- accepted: the agency's audit contacts;
- reminders (`manage.py send_audit_reminders`, hourly through SCHEDULED_JOBS): 7 days before the deadline, then the
  day after it and weekly until the return is submitted, to the contacts of agencies whose return is still a draft.

An agency audit contact is an active membership of the board with the "Agency audit contact" role and that agency, of
an active account with an email address; an audit coordinator the same with the "Audit coordinator" role. Each person
is emailed once per occasion: the dedupe key `audit-return:<return>:<occasion>:<user>` is unique, so a second run, a
second scheduler or a retried request records nothing new. The person who took the step is not told about it.

Steps without a person (the history and demo loaders: `load_audit_cycle`, `load_audit_demo`) and demo returns email
nobody, and a cycle loaded by a command (no `opened_by`) is never chased: it is a record of a past cycle, not a
request to the agencies.
"""

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from bscb.links import absolute_url
from notifications.models import Notification
from notifications.services import queue_emails
from plans.models import Agency

from .models import RECEIVED_STATUSES, AgencyReturn, AuditCycle, ReturnStatus

S = ReturnStatus
REMIND_DAYS_BEFORE = 7
CHASE_EVERY_DAYS = 7
# A draft nobody will ever send (an agency that left the partnership without being withdrawn) is chased for a year
# after the deadline, not for ever.
CHASE_FOR_DAYS = 365
AUDIT_KINDS = (
    Notification.Kind.AUDIT_CYCLE_OPENED,
    Notification.Kind.AUDIT_SUBMITTED,
    Notification.Kind.AUDIT_CHALLENGED,
    Notification.Kind.AUDIT_RESUBMITTED,
    Notification.Kind.AUDIT_ACCEPTED,
    Notification.Kind.AUDIT_REMINDER,
    Notification.Kind.AUDIT_OVERDUE,
)
# A workflow step (audits.services.ALLOWED_TRANSITIONS' names) -> (the email's kind, who is told, its template under
# templates/audits/emails/). Other steps (withdrawing an agency, restoring its return) email nobody.
STEP_EMAILS = {
    "submit": (Notification.Kind.AUDIT_SUBMITTED, "coordinators", "submitted"),
    "resubmit": (Notification.Kind.AUDIT_RESUBMITTED, "coordinators", "resubmitted"),
    "challenge": (Notification.Kind.AUDIT_CHALLENGED, "contacts", "challenged"),
    "accept": (Notification.Kind.AUDIT_ACCEPTED, "contacts", "accepted"),
}


def _key_prefix(agency_return, occasion) -> str:
    """The dedupe key of an email about a return, without the person's id (notifications.services.queue_emails adds
    it): `audit-return:<return>:<occasion>:<user>`."""
    return f"audit-return:{agency_return.pk}:{occasion}"


def _people(board, role: Role):
    """Active memberships of `board` holding `role`, of active accounts that can be emailed."""
    return (
        Membership.objects.filter(board=board, is_active=True, roles__name=role.value, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
        .distinct()
    )


def audit_contacts(board, agency_ids) -> dict:
    """{agency id: [users]}: the agency audit contacts of these agencies on `board` (one query)."""
    contacts = defaultdict(list)
    for membership in _people(board, Role.AGENCY_AUDIT_CONTACT).filter(agency_id__in=list(agency_ids)):
        contacts[membership.agency_id].append(membership.user)
    return contacts


def coordinators(board) -> list:
    """The board's audit coordinators who can be emailed (one query)."""
    return [membership.user for membership in _people(board, Role.AUDIT_COORDINATOR)]


def agencies_without_contact(cycle) -> list:
    """The agencies asked to return in `cycle` (a withdrawn return is not asked any more) that have no audit contact
    who can be emailed: nobody hears that the cycle opened, of a challenge or of a reminder (one query)."""
    contact = _people(cycle.board_id, Role.AGENCY_AUDIT_CONTACT).filter(agency=OuterRef("pk"))
    returns = AgencyReturn.objects.filter(cycle=cycle, agency=OuterRef("pk")).exclude(status=S.WITHDRAWN)
    return list(Agency.objects.filter(Exists(returns)).exclude(Exists(contact)).order_by("name"))


def _send(*, agency_return, users, kind, template, occasion, actor=None, extra=None) -> int:
    """Queue one email per person (the actor excepted); returns the number queued (0 for those told before)."""
    cycle = agency_return.cycle
    board = cycle.board
    context = {
        "agency_return": agency_return,
        "cycle": cycle,
        "agency": agency_return.agency,
        "board": board,
        "actor": actor,
        "return_url": absolute_url(reverse("audits:return_detail", args=[agency_return.pk])),
        "cycle_url": absolute_url(reverse("audits:cycle_detail", args=[cycle.pk])),
        **(extra or {}),
    }
    return queue_emails(
        kind=kind,
        board=board,
        # Not the person who has just taken the step.
        users=[user for user in users if actor is None or user.pk != actor.pk],
        subject_template=f"audits/emails/{template}_subject.txt",
        body_template=f"audits/emails/{template}.txt",
        context=context,
        dedupe_prefix=_key_prefix(agency_return, occasion),
    )


def return_opened(*, agency_return, user=None) -> int:
    """A return was opened (its cycle opened, or the agency added to an open cycle): tell the agency's contacts, with
    the deadline and the link to their return. Opened by a command (no `user`) or for the demo: nobody."""
    if user is None or agency_return.is_demo:
        return 0
    cycle = agency_return.cycle
    contacts = audit_contacts(cycle.board, [agency_return.agency_id]).get(agency_return.agency_id, [])
    return _send(
        agency_return=agency_return,
        users=contacts,
        kind=Notification.Kind.AUDIT_CYCLE_OPENED,
        template="opened",
        occasion="opened",
        actor=user,
        extra={"standards": list(cycle.standards.all())},
    )


def return_moved(*, agency_return, event, step: str) -> int:
    """A workflow step (`step`, recorded as `event`, a ReturnEvent) was taken: tell the coordinators of a submission
    or resubmission, the agency's contacts of a challenge (with the questions) or an acceptance. One email per person
    per step: the key names the event, so a return challenged twice is told twice. Steps without a person (loaders)
    and demo returns: nobody."""
    emails = STEP_EMAILS.get(step)
    if emails is None or event.actor_id is None or agency_return.is_demo:
        return 0
    kind, audience, template = emails
    board = agency_return.cycle.board
    if audience == "coordinators":
        users = coordinators(board)
    else:
        users = audit_contacts(board, [agency_return.agency_id]).get(agency_return.agency_id, [])
    return _send(
        agency_return=agency_return,
        users=users,
        kind=kind,
        template=template,
        occasion=f"event-{event.pk}",
        actor=event.actor,
        extra={"event": event, **_counts(agency_return.cycle)},
    )


def _counts(cycle) -> dict:
    """How many of the cycle's returns are in, of how many asked (for the coordinators' email)."""
    returns = cycle.returns.exclude(status=S.WITHDRAWN)
    return {"received": returns.filter(status__in=RECEIVED_STATUSES).count(), "required": returns.count()}


def reminder_stage(cycle, today: datetime.date) -> str | None:
    """Which reminder is due today for a draft return of `cycle`, or None.

    "before": from REMIND_DAYS_BEFORE days before the deadline up to the deadline day, unless the cycle was opened
    inside that window (the opening email has just given the deadline). "overdue-<n>": the n-th week after the
    deadline, from the day after it (n = 0), so the chaser goes on day 1, 8, 15... and, if the scheduler was down that
    day, on the next day of the same week, never twice in one week.
    """
    deadline = cycle.deadline
    window = deadline - datetime.timedelta(days=REMIND_DAYS_BEFORE)
    if window <= today <= deadline:
        return "before" if timezone.localdate(cycle.opened_at) < window else None
    if today > deadline:
        return f"overdue-{((today - deadline).days - 1) // CHASE_EVERY_DAYS}"
    return None


def returns_to_remind(today: datetime.date) -> list:
    """[(return, stage)]: every draft return a reminder is due for today, on every board (a fixed number of queries).

    Only cycles opened by a person (`opened_by`) and not superseded by a cycle of a later financial year, only real
    (non-demo) returns, and at most one audit email per return per day: a return that had one today (a reminder, or
    the opening email of an agency added today) waits until tomorrow.
    """
    # "Later" by financial year, not by when the row was made: loading an old cycle's history today supersedes nothing.
    later = AuditCycle.objects.filter(
        board=OuterRef("cycle__board"), financial_year__gt=OuterRef("cycle__financial_year")
    )
    drafts = (
        AgencyReturn.objects.filter(status=S.DRAFT, is_demo=False, cycle__opened_by__isnull=False)
        .filter(cycle__deadline__gte=today - datetime.timedelta(days=CHASE_FOR_DAYS))
        .exclude(Exists(later))
        .select_related("cycle__board", "agency")
        .order_by("cycle_id", "agency__name")
    )
    due = [(agency_return, reminder_stage(agency_return.cycle, today)) for agency_return in drafts]
    due = [(agency_return, stage) for agency_return, stage in due if stage is not None]
    if not due:
        return []
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    told_today = {
        key.split(":")[1]
        for key in Notification.objects.filter(
            kind__in=AUDIT_KINDS, created_at__gte=start, dedupe_key__startswith="audit-return:"
        ).values_list("dedupe_key", flat=True)
    }
    return [(agency_return, stage) for agency_return, stage in due if str(agency_return.pk) not in told_today]


def reminder_queue(*, agency_return, stage: str, today: datetime.date, contacts) -> int:
    """Queue today's reminder (`stage`, from reminder_stage) about a draft return to each of its agency's contacts."""
    overdue = stage != "before"
    return _send(
        agency_return=agency_return,
        users=contacts,
        kind=Notification.Kind.AUDIT_OVERDUE if overdue else Notification.Kind.AUDIT_REMINDER,
        template="reminder",
        occasion=f"reminder-{stage}",
        extra={
            "overdue": overdue,
            "days": abs((agency_return.cycle.deadline - today).days),
        },
    )

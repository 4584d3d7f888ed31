"""Writes to reporting periods, snapshots, challenges and indicators. Small keyword-only functions, one transaction."""

import datetime
from collections import Counter
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.audit import record_change
from accounts.models import AuditEvent
from bscb.links import absolute_url
from notifications.models import Notification
from notifications.services import queue_emails
from plans.quarters import UPDATE_DEADLINE_DAYS_BEFORE_END, quarter_bounds, quarters_create_for_plan  # noqa: F401
from priorities.models import Rag
from priorities.reminders import lead_recipients

from .cache import bump_quarter_version
from .models import ActionSnapshot, Challenge, Indicator, IndicatorValue, Quarter, QuarterEvent
from .selectors import status_rows_live
from .tasks import queue_board_pack_after_close, queue_board_pack_rebuild


def _next_future_quarter(quarter) -> Quarter | None:
    return (
        Quarter.objects.filter(plan_id=quarter.plan_id, start_date__gt=quarter.start_date, state=Quarter.State.FUTURE)
        .order_by("start_date")
        .first()
    )


@transaction.atomic
def quarter_close(
    *, quarter: Quarter, user, at: datetime.datetime | None = None, open_next: bool = True, is_demo: bool = False
) -> Quarter:
    """Freeze every action's status as the quarter's snapshot, close it, open the next quarter, and queue the closed
    quarter's board pack PDF (reporting/tasks.py).

    All in one transaction: either every snapshot is written and the quarter is closed, or nothing changes. The
    quarter row is locked so that two administrators closing at once cannot write two sets of snapshots.
    """
    quarter = Quarter.objects.select_for_update().get(pk=quarter.pk)
    if quarter.state != Quarter.State.OPEN:
        raise ValidationError(f"{quarter.label} is not open, so it cannot be closed.")
    at = at or timezone.now()
    rows = status_rows_live(quarter, today=timezone.localtime(at).date())
    ActionSnapshot.objects.bulk_create(rows)
    quarter.state = Quarter.State.CLOSED
    quarter.closed_at = at
    quarter.closed_by = user
    quarter.save(update_fields=["state", "closed_at", "closed_by"])
    bump_quarter_version(quarter.pk)
    totals = Counter(row.rag for row in rows)
    QuarterEvent.objects.create(
        quarter=quarter,
        kind=QuarterEvent.Kind.CLOSED,
        at=at,
        by=user,
        detail=f"{len(rows)} actions frozen: "
        + ", ".join(f"{Rag(rag).label} {totals[rag]}" for rag in Rag.values if rag in totals),
        is_demo=is_demo,
    )
    opened = None
    if open_next:
        following = _next_future_quarter(quarter)
        if following is not None:
            opened = _open(following, user=user, at=at, is_demo=is_demo)
    _audit(
        AuditEvent.Kind.QUARTER_CLOSE,
        quarter,
        user,
        f"{quarter.label} closed; {len(rows)} actions frozen"
        + (f"; {opened.label} opened" if opened is not None else "")
        + (" (demonstration history)" if is_demo else ""),
    )
    # The board pack's PDF, built by the worker once this transaction commits (the queue row is written in it), so
    # that it is ready before anyone asks for it.
    queue_board_pack_after_close(quarter.pk)
    return quarter


def _audit(kind, quarter: Quarter, user, detail: str) -> None:
    """Record a quarter's closing or reopening in the audit log, for the plan's board."""
    plan = quarter.plan
    record_change(kind=kind, user=user, board=plan.board_id, detail=f"{plan.title}: {detail}")


def _open(quarter: Quarter, *, user, at, is_demo=False) -> Quarter:
    quarter.state = Quarter.State.OPEN
    quarter.save(update_fields=["state"])
    QuarterEvent.objects.create(quarter=quarter, kind=QuarterEvent.Kind.OPENED, at=at, by=user, is_demo=is_demo)
    return quarter


@transaction.atomic
def quarter_open_next(*, plan, user, at: datetime.datetime | None = None) -> Quarter:
    """Open the first quarter after the latest closed one, when none is open."""
    if Quarter.objects.filter(plan=plan, state=Quarter.State.OPEN).exists():
        raise ValidationError("A quarter is already open. Close it before opening the next one.")
    latest_closed = Quarter.objects.filter(plan=plan, state=Quarter.State.CLOSED).order_by("-start_date").first()
    candidates = Quarter.objects.filter(plan=plan, state=Quarter.State.FUTURE).order_by("start_date")
    if latest_closed is not None:
        candidates = candidates.filter(start_date__gt=latest_closed.start_date)
    following = candidates.first()
    if following is None:
        raise ValidationError("There is no later quarter to open: every quarter of the plan has been closed.")
    return _open(following, user=user, at=at or timezone.now())


def quarter_reopenable(quarter: Quarter) -> bool:
    """Only the latest closed quarter can be reopened: reopening an older one would rewrite the history after it."""
    if quarter.state != Quarter.State.CLOSED:
        return False
    latest = Quarter.objects.filter(plan_id=quarter.plan_id, state=Quarter.State.CLOSED).order_by("-start_date")
    return latest.first() == quarter


@transaction.atomic
def quarter_reopen(*, quarter: Quarter, user, reason: str) -> Quarter:
    """Reopen the latest closed quarter to correct it, recording who, when and why.

    Its snapshots are discarded (closing it again writes new ones) and the quarter opened after it goes back to
    'not yet open'; updates already recorded in that later quarter stay in it.
    """
    quarter = Quarter.objects.select_for_update().get(pk=quarter.pk)
    if not reason.strip():
        raise ValidationError("Enter why the quarter is being reopened.")
    if not quarter_reopenable(quarter):
        raise ValidationError(f"{quarter.label} cannot be reopened: only the latest closed quarter can be.")
    detail = []
    for later in Quarter.objects.filter(plan_id=quarter.plan_id, state=Quarter.State.OPEN):
        later.state = Quarter.State.FUTURE
        later.save(update_fields=["state"])
        detail.append(f"{later.label} returned to not yet open.")
    discarded = Counter(ActionSnapshot.objects.filter(quarter=quarter).values_list("rag", flat=True))
    detail.append(
        "Snapshot discarded: " + (", ".join(f"{rag} {n}" for rag, n in sorted(discarded.items())) or "no actions")
    )
    if quarter.review_done_at:
        detail.append(f"Review previously marked done on {timezone.localtime(quarter.review_done_at):%d %B %Y}.")
    ActionSnapshot.objects.filter(quarter=quarter).delete()
    quarter.state = Quarter.State.OPEN
    quarter.closed_at = None
    quarter.closed_by = None
    quarter.review_done_at = None
    quarter.review_done_by = None
    quarter.save(update_fields=["state", "closed_at", "closed_by", "review_done_at", "review_done_by"])
    bump_quarter_version(quarter.pk)
    QuarterEvent.objects.create(
        quarter=quarter, kind=QuarterEvent.Kind.REOPENED, by=user, reason=reason.strip(), detail=" ".join(detail)
    )
    _audit(AuditEvent.Kind.QUARTER_REOPEN, quarter, user, f"{quarter.label} reopened. Reason: {reason.strip()}")
    return quarter


def _changed_after_close(quarter: Quarter, *, is_demo: bool = False) -> None:
    """A challenge, a sign-off or its undo: retire the quarter's cached dashboard and pack (reporting/cache.py) and,
    once closed, queue the pack's rebuild in this transaction, so that the download page waits for the new pack rather
    than serving one without the change. Not for the demo history, which writes many at once: a download builds its
    pack on demand."""
    bump_quarter_version(quarter.pk)
    if quarter.is_closed and not is_demo:
        queue_board_pack_rebuild(quarter.pk)


@transaction.atomic
def challenge_record(*, quarter: Quarter, action, user, text: str, created_at=None, is_demo: bool = False) -> Challenge:
    """Record a BMG challenge or comment on an action for a quarter's review."""
    if quarter.state == Quarter.State.FUTURE:
        raise ValidationError(f"{quarter.label} has not opened yet.")
    if action.objective.priority.plan_id != quarter.plan_id:
        raise ValidationError("The action is not part of this quarter's plan.")
    if not text.strip():
        raise ValidationError("Enter your challenge or comment.")
    if quarter.review_done_at is not None and not is_demo:
        # The signed-off review is part of the quarter's papers, which never change afterwards.
        raise ValidationError(
            f"The review of {quarter.label} was marked done on "
            f"{timezone.localtime(quarter.review_done_at):%d %B %Y}: its challenges can no longer change."
        )
    if Challenge.objects.filter(quarter=quarter, action=action, author=user, text=text.strip()).exists():
        raise ValidationError("You have already recorded this challenge on this action for this quarter.")
    challenge = Challenge.objects.create(
        quarter=quarter,
        action=action,
        author=user,
        text=text.strip(),
        created_at=created_at or timezone.now(),
        is_demo=is_demo,
    )
    _changed_after_close(quarter, is_demo=is_demo)
    # How many people were emailed (the demo history never emails anyone), for the page to say so.
    challenge.notified = 0 if is_demo else challenge_notify(challenge)
    return challenge


def challenge_notify(challenge: Challenge) -> int:
    """Email the action's leads (a person's account, or a group's members) that it was challenged: one recorded
    notification per person, sent by the task queue in the caller's transaction. Returns the number queued."""
    action = challenge.action
    board = challenge.quarter.plan.board
    recipients = lead_recipients(board)
    users: dict = {}
    for lead in action.leads.all():
        for user in recipients.get(lead.pk, ()):
            # Say which group brought the email when the person is not a lead of the action in their own name.
            users.setdefault(user, set()).add("" if lead.user_id == user.pk else lead.name)
    context = {
        "challenge": challenge,
        "action": action,
        "board": board,
        "update_url": absolute_url(reverse("priorities:action_update", args=[action.pk])),
    }
    return queue_emails(
        kind=Notification.Kind.CHALLENGE,
        board=board,
        users=list(users),
        subject_template="emails/challenge_subject.txt",
        body_template="emails/challenge.txt",
        context=context,
        dedupe_prefix=f"challenge:{challenge.pk}",
        # Say which group brought the email when the person is not a lead of the action in their own name.
        per_user=lambda user: {"through": "" if "" in users[user] else ", ".join(sorted(users[user]))},
    )


@transaction.atomic
def quarter_review_mark_done(*, quarter: Quarter, user, note: str = "", at=None, is_demo: bool = False) -> Quarter:
    """Sign off the BMG's review of a closed quarter (who, when, and an optional note kept in the event's detail)."""
    quarter = Quarter.objects.select_for_update().get(pk=quarter.pk)
    if quarter.state != Quarter.State.CLOSED:
        raise ValidationError(f"{quarter.label} must be closed before its review can be marked done.")
    if quarter.review_done_at is not None:
        return quarter
    quarter.review_done_at = at or timezone.now()
    quarter.review_done_by = user
    quarter.save(update_fields=["review_done_at", "review_done_by"])
    QuarterEvent.objects.create(
        quarter=quarter,
        kind=QuarterEvent.Kind.REVIEW_DONE,
        at=quarter.review_done_at,
        by=user,
        detail=note.strip(),
        is_demo=is_demo,
    )
    _changed_after_close(quarter, is_demo=is_demo)
    return quarter


@transaction.atomic
def quarter_review_undo(*, quarter: Quarter, user, reason: str) -> Quarter:
    """Undo a sign-off (an administrator's correction, with the reason recorded): the BMG can challenge again and
    sign off again. The sign-off's own event stays in the quarter's append-only record."""
    quarter = Quarter.objects.select_for_update().get(pk=quarter.pk)
    if not reason.strip():
        raise ValidationError("Enter why you are undoing the sign-off.")
    if quarter.review_done_at is None:
        raise ValidationError(f"The review of {quarter.label} is not signed off, so there is nothing to undo.")
    quarter.review_done_at = None
    quarter.review_done_by = None
    quarter.save(update_fields=["review_done_at", "review_done_by"])
    QuarterEvent.objects.create(quarter=quarter, kind=QuarterEvent.Kind.REVIEW_UNDONE, by=user, reason=reason.strip())
    _changed_after_close(quarter)
    return quarter


def _indicator_audit(indicator: Indicator, user, detail: str) -> None:
    """Record a change to the performance dataset in the audit log, for the plan's board."""
    plan = indicator.plan
    record_change(
        kind=AuditEvent.Kind.CHANGE,
        user=user,
        board=plan.board_id,
        detail=f"{plan.title}: performance dataset: {detail}",
    )


def _number(value) -> str:
    return "none" if value is None else f"{Decimal(value).normalize():f}"


@transaction.atomic
def indicator_value_record(
    *, indicator: Indicator, quarter: Quarter, value: Decimal, user, note: str = "", is_demo: bool = False
) -> IndicatorValue:
    """Enter (or correct) an indicator's value for a quarter, recorded in the audit log (with the value it
    replaced). An archived indicator's values no longer change."""
    if indicator.plan_id != quarter.plan_id:
        raise ValidationError("The quarter is not part of this indicator's plan.")
    if indicator.archived_at is not None:
        raise ValidationError("This indicator is archived: restore it before entering a value.")
    previous = IndicatorValue.objects.filter(indicator=indicator, quarter=quarter).values_list("value", flat=True)
    previous = next(iter(previous), None)
    record, _ = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        quarter=quarter,
        defaults={"value": value, "note": note, "entered_by": user, "entered_at": timezone.now(), "is_demo": is_demo},
    )
    if previous is None:
        detail = f"{quarter.label} value {_number(value)} entered"
    else:
        detail = f"{quarter.label} value changed from {_number(previous)} to {_number(value)}"
    _indicator_audit(
        indicator, user, f"{indicator.name[:80]}: {detail}" + (" (demonstration history)" if is_demo else "")
    )
    return record


# The fields a person edits on the dataset's pages, and how the audit log names them.
INDICATOR_FIELDS = {
    "name": "name",
    "source": "where the plan names it",
    "unit": "unit",
    "good_direction": "polarity",
    "target": "target",
    "tolerance": "tolerance",
    "frequency": "frequency",
}


def _shown(indicator: Indicator, field: str) -> str:
    value = getattr(indicator, field)
    if field in ("target", "tolerance"):
        return _number(value)
    if field == "good_direction":
        return indicator.get_good_direction_display().lower()
    if field == "frequency":
        return indicator.get_frequency_display().lower()
    return f"'{str(value)[:80]}'" if value else "empty"


@transaction.atomic
def indicator_create(*, plan, user, **fields) -> Indicator:
    """Add an indicator at the end of the plan's dataset, recorded in the audit log. `fields`: those of
    INDICATOR_FIELDS (name and good_direction required)."""
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Not an indicator field: {sorted(unknown)}")
    # Lock the plan's indicators so that two people adding at once take different positions.
    orders = list(Indicator.objects.select_for_update().filter(plan=plan).values_list("order", flat=True))
    indicator = Indicator(plan=plan, order=max(orders, default=0) + 1, **fields)
    indicator.full_clean()
    indicator.save()
    target = "" if indicator.target is None else f", target {_number(indicator.target)}"
    _indicator_audit(indicator, user, f"indicator added: {indicator.name[:80]}{target}")
    return indicator


@transaction.atomic
def indicator_change(*, indicator: Indicator, user, **fields) -> list[str]:
    """Change an indicator's fields (those of INDICATOR_FIELDS), recording each change, old and new, in the audit
    log. Returns the names of the fields that changed (none: nothing is written)."""
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Not an indicator field: {sorted(unknown)}")
    indicator = Indicator.objects.select_for_update().select_related("plan").get(pk=indicator.pk)
    if indicator.archived_at is not None:
        raise ValidationError("This indicator is archived: restore it before changing it.")
    changes = []
    for field, value in fields.items():
        before = _shown(indicator, field)
        if getattr(indicator, field) == value:
            continue
        setattr(indicator, field, value)
        changes.append((field, before, _shown(indicator, field)))
    if not changes:
        return []
    indicator.full_clean()
    indicator.save(update_fields=[field for field, _, _ in changes])
    _indicator_audit(
        indicator,
        user,
        f"{indicator.name[:80]}: "
        + "; ".join(f"{INDICATOR_FIELDS[field]} changed from {before} to {after}" for field, before, after in changes),
    )
    return [field for field, _, _ in changes]


@transaction.atomic
def indicator_retire(*, indicator: Indicator, user, at=None) -> str:
    """Take an indicator out of the dataset: removed when it has no values, archived when it has (its values and
    its page are kept: nothing is ever lost). Returns "removed" or "archived"; recorded in the audit log."""
    indicator = Indicator.objects.select_for_update().select_related("plan").get(pk=indicator.pk)
    if indicator.archived_at is not None:
        raise ValidationError("This indicator is already archived.")
    name = indicator.name[:80]
    values = IndicatorValue.objects.filter(indicator=indicator).count()
    if values:
        indicator.archived_at = at or timezone.now()
        indicator.archived_by = user
        indicator.save(update_fields=["archived_at", "archived_by"])
        _indicator_audit(indicator, user, f"indicator archived: {name} ({values} values kept)")
        return "archived"
    _indicator_audit(indicator, user, f"indicator removed (it had no values): {name}")
    indicator.delete()
    return "removed"


@transaction.atomic
def indicator_restore(*, indicator: Indicator, user) -> Indicator:
    """Bring an archived indicator back into the dataset, recorded in the audit log."""
    indicator = Indicator.objects.select_for_update().select_related("plan").get(pk=indicator.pk)
    if indicator.archived_at is None:
        raise ValidationError("This indicator is not archived.")
    indicator.archived_at = None
    indicator.archived_by = None
    indicator.save(update_fields=["archived_at", "archived_by"])
    _indicator_audit(indicator, user, f"indicator restored: {indicator.name[:80]}")
    return indicator


# The datasets Barnet's plan names as evidence of improvement (the "Evidence of improvement in performance" columns of
# its action plans), named as the plan names them. The plan states no target and no tolerance for any of them (it says
# only which way is better: "reduce", "reduction in", "increase in", or "establish a baseline"), so targets and
# tolerances are left empty for the board to set on the dataset's pages.
PLAN_INDICATORS = [
    (
        "Number of children missing from care for more than 48 hours at any point over the previous 12 months "
        "(rolling 12 months)",
        "Child Sexual Exploitation: reduce episodes of children going missing",
        "children",
        Indicator.Direction.LOWER,
    ),
    (
        "Repeat referrals",
        "Child Sexual Exploitation: empower victims to build trusting safe relationships",
        "referrals",
        Indicator.Direction.LOWER,
    ),
    (
        "Arrests, charges and convictions for Neglect",
        "Neglect: enforce (disrupt and prosecute)",
        "cases",
        Indicator.Direction.HIGHER,
    ),
    (
        "Quality and quantity of referrals from GPs and other Health Providers",
        "Domestic Abuse: identify",
        "referrals",
        Indicator.Direction.HIGHER,
    ),
    (
        "Successful completion of courses for perpetrators with children",
        "Domestic Abuse: intervene and support",
        "completions",
        Indicator.Direction.HIGHER,
    ),
    (
        "Number of e-safety ambassadors in secondary schools",
        "E-Safety: provide peer support to victims",
        "ambassadors",
        Indicator.Direction.HIGHER,
    ),
]


@transaction.atomic
def indicators_seed_for_plan(*, plan, user=None) -> list[Indicator]:
    """Create the indicators Barnet's plan names as evidence of improvement (idempotent: an indicator already at
    a position is kept as it is). Offered on the dataset page only for Barnet's plan
    (`reporting.indicators.plan_names_indicators`); the demo history and the scale data call it for theirs. What
    it adds is recorded in the audit log."""
    indicators, added = [], []
    for order, (name, source, unit, direction) in enumerate(PLAN_INDICATORS, start=1):
        indicator, created = Indicator.objects.get_or_create(
            plan=plan,
            order=order,
            defaults={"name": name, "source": source, "unit": unit, "good_direction": direction},
        )
        indicators.append(indicator)
        if created:
            added.append(indicator)
    if added and user is not None:
        _indicator_audit(added[0], user, f"{len(added)} indicators named in the plan added")
    return indicators

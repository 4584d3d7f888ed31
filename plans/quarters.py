"""Creating and reading a plan's reporting periods (financial quarters). Closing and reopening a quarter freeze and
unfreeze the actions' snapshots, so they belong to reporting (reporting/services.py), a floor above."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import record_change
from accounts.models import AuditEvent

from .models import Quarter, QuarterEvent

# Financial quarters: Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March.
_QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}
UPDATE_DEADLINE_DAYS_BEFORE_END = 10
# A board may ask for updates after the quarter ends (a BMG meeting three weeks later, say), but not a season later:
# the reminders and the dashboard treat a deadline this far past the end as a typing mistake.
UPDATE_DEADLINE_LATEST_AFTER_END = datetime.timedelta(days=60)


def quarter_bounds(financial_year: int, number: int) -> tuple[datetime.date, datetime.date]:
    first_month, last_month = _QUARTER_MONTHS[number]
    year = financial_year + 1 if number == 4 else financial_year
    start = datetime.date(year, first_month, 1)
    next_month = datetime.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return start, next_month - datetime.timedelta(days=1)


@transaction.atomic
def quarters_create_for_plan(*, plan, open_on: datetime.date | None = None) -> list[Quarter]:
    """Create the plan's financial quarters (idempotent: existing ones are kept as they are), in a fixed number of
    queries whatever the plan's length. With `open_on`, the quarter containing that date is opened, or the first one
    when the date is outside the plan, unless one is open already; none is closed: closing is an administrator's
    action."""
    existing = {(q.financial_year, q.number): q for q in Quarter.objects.filter(plan=plan)}
    missing = []
    for financial_year in range(plan.start_year, plan.end_year):
        for number in range(1, 5):
            if (financial_year, number) in existing:
                continue
            start, end = quarter_bounds(financial_year, number)
            missing.append(
                Quarter(
                    plan=plan,
                    financial_year=financial_year,
                    number=number,
                    start_date=start,
                    end_date=end,
                    update_deadline=end - datetime.timedelta(days=UPDATE_DEADLINE_DAYS_BEFORE_END),
                )
            )
    Quarter.objects.bulk_create(missing)
    quarters = list(
        Quarter.objects.filter(plan=plan, financial_year__gte=plan.start_year, financial_year__lt=plan.end_year)
    )
    if open_on is not None and quarters and not any(q.state == Quarter.State.OPEN for q in quarters):
        current = next((q for q in quarters if q.start_date <= open_on <= q.end_date), quarters[0])
        current.state = Quarter.State.OPEN
        current.save(update_fields=["state"])
    return quarters


def quarter_open_for(plan) -> Quarter | None:
    """The plan's open quarter: the one that new status updates belong to."""
    return Quarter.objects.filter(plan=plan, state=Quarter.State.OPEN).first()


def quarter_deadline_bounds(quarter: Quarter) -> tuple[datetime.date, datetime.date]:
    """The earliest and latest update deadline a quarter may have: from its first day to 60 days after its last."""
    return quarter.start_date, quarter.end_date + UPDATE_DEADLINE_LATEST_AFTER_END


@transaction.atomic
def quarter_deadline_change(*, quarter: Quarter, user, deadline: datetime.date) -> Quarter:
    """Change the date leads' updates are due for a quarter that is not closed, recorded in the quarter's events and
    the audit log. Reminders follow the new date: they are worked out from it each time the scheduler runs."""
    quarter = Quarter.objects.select_for_update().select_related("plan").get(pk=quarter.pk)
    if quarter.is_closed:
        raise ValidationError(f"{quarter.label} is closed: its update deadline can no longer change")
    earliest, latest = quarter_deadline_bounds(quarter)
    if not earliest <= deadline <= latest:
        raise ValidationError(f"Update deadline must be between {earliest:%-d %B %Y} and {latest:%-d %B %Y}")
    previous = quarter.update_deadline
    if previous == deadline:
        return quarter
    quarter.update_deadline = deadline
    quarter.save(update_fields=["update_deadline"])
    detail = f"from {previous:%-d %B %Y} to {deadline:%-d %B %Y}"
    QuarterEvent.objects.create(quarter=quarter, kind=QuarterEvent.Kind.DEADLINE_CHANGED, by=user, detail=detail)
    record_change(
        kind=AuditEvent.Kind.CHANGE,
        user=user,
        board=quarter.plan.board_id,
        detail=f"{quarter.plan.title}: {quarter.label} update deadline changed {detail}",
    )
    return quarter


_UNKNOWN = object()


@dataclass(frozen=True)
class AsOf:
    """The one date that "overdue" and "due" are judged against on every page of a plan, and why.

    For a live plan it is today. When the plan's open quarter ended before today (the demo, whose open quarter is
    2014/15 Q4, or a board that has not closed a quarter yet) it is that quarter's last day; with no open quarter and
    the plan's period over, the period's last day. Judging a 2014/15 quarter against a date in 2026 made 17 of 19
    actions "overdue" on one page while the dashboard, which judged at the quarter's end, said 15 for the plan.
    """

    date: datetime.date
    today: datetime.date
    reason: str = ""

    @property
    def is_today(self) -> bool:
        return self.date == self.today


def plan_as_of(plan, *, open_quarter=_UNKNOWN, today: datetime.date | None = None) -> AsOf:
    """The plan's as-of date (see AsOf). Pass the open quarter when the caller has read it (None for none) to save
    the query."""
    today = today or timezone.localdate()
    if open_quarter is _UNKNOWN:
        open_quarter = quarter_open_for(plan)
    if open_quarter is not None:
        if open_quarter.end_date < today:
            reason = f"the last day of {open_quarter.label}, the quarter open for updates"
            return AsOf(open_quarter.end_date, today, reason)
        return AsOf(today, today)
    plan_end = datetime.date(plan.end_year, 3, 31)
    if plan_end < today:
        return AsOf(plan_end, today, f"the last day of the plan's period ({plan.period})")
    return AsOf(today, today)

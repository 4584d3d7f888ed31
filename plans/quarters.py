"""Creating and reading a plan's reporting periods (financial quarters). Closing and reopening a quarter freeze and
unfreeze the actions' snapshots, so they belong to reporting (reporting/services.py), a floor above."""

import datetime

from django.db import transaction

from .models import Quarter

# Financial quarters: Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March.
_QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}
UPDATE_DEADLINE_DAYS_BEFORE_END = 10


def quarter_bounds(financial_year: int, number: int) -> tuple[datetime.date, datetime.date]:
    first_month, last_month = _QUARTER_MONTHS[number]
    year = financial_year + 1 if number == 4 else financial_year
    start = datetime.date(year, first_month, 1)
    next_month = datetime.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return start, next_month - datetime.timedelta(days=1)


@transaction.atomic
def quarters_create_for_plan(*, plan, open_on: datetime.date | None = None) -> list[Quarter]:
    """Create the plan's financial quarters (idempotent). With `open_on`, the quarter containing that date is open
    and none is closed: closing is always an administrator's action."""
    quarters = []
    for financial_year in range(plan.start_year, plan.end_year):
        for number in range(1, 5):
            start, end = quarter_bounds(financial_year, number)
            quarter, _ = Quarter.objects.get_or_create(
                plan=plan,
                financial_year=financial_year,
                number=number,
                defaults={
                    "start_date": start,
                    "end_date": end,
                    "update_deadline": end - datetime.timedelta(days=UPDATE_DEADLINE_DAYS_BEFORE_END),
                },
            )
            quarters.append(quarter)
    if open_on is not None and not any(q.state == Quarter.State.OPEN for q in quarters):
        current = next((q for q in quarters if q.start_date <= open_on <= q.end_date), quarters[0])
        current.state = Quarter.State.OPEN
        current.save(update_fields=["state"])
    return quarters


def quarter_open_for(plan) -> Quarter | None:
    """The plan's open quarter: the one that new status updates belong to."""
    return Quarter.objects.filter(plan=plan, state=Quarter.State.OPEN).first()

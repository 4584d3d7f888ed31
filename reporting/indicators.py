"""The performance dataset's status against target, and each indicator's row for a quarter.

Public interface (the dataset pages and the board pack read these three names):

- `indicator_status(indicator, value) -> IndicatorStatus`: pure, no query.
- `indicator_rows_for_quarter(quarter) -> list[IndicatorRow]`: every indicator of the quarter's plan in use that
  quarter, with the value current for it, its status and direction of travel; two queries whatever the number of
  indicators.
- `indicators_off_target(quarter) -> list[IndicatorRow]`: the rows of that list whose status is off target.

Also `indicator_rows_latest(plan)` (the dataset list: each indicator's latest value, whatever its quarter) and
`plan_names_indicators(plan)` (whether the plan is Barnet's, which names six indicators).
"""

from dataclasses import dataclass
from decimal import Decimal

from plans.models import BusinessPlan

from .models import Indicator, IndicatorValue, Quarter
from .selectors import indicator_series


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator's status against its target: `key` for code, `word` for people, `tag` the GOV.UK tag class
    that colours the word (the word is always printed: colour only reinforces it)."""

    key: str
    word: str
    tag: str

    def __str__(self):
        return self.word


ON_TARGET = IndicatorStatus("on_target", "On target", "govuk-tag--green")
WITHIN_TOLERANCE = IndicatorStatus("within_tolerance", "Within tolerance", "govuk-tag--yellow")
OFF_TARGET = IndicatorStatus("off_target", "Off target", "govuk-tag--red")
NO_TARGET = IndicatorStatus("no_target", "No target set", "govuk-tag--grey")
NO_VALUE = IndicatorStatus("no_value", "Not entered", "govuk-tag--grey")
STATUSES = {status.key: status for status in (ON_TARGET, WITHIN_TOLERANCE, OFF_TARGET, NO_TARGET, NO_VALUE)}


def indicator_status(indicator: Indicator, value: Decimal | None) -> IndicatorStatus:
    """The status of `value` against the indicator's target, honouring its polarity (`good_direction`).

    - No value: "Not entered" (whether or not a target is set: entering the value is what is missing).
    - No target: "No target set".
    - A value as good as the target or better: "On target" (higher is better: value >= target; lower is better:
      value <= target).
    - A value that misses the target by no more than the tolerance (the edge included): "Within tolerance".
    - Anything else, or any miss when no tolerance is set: "Off target".
    """
    if value is None:
        return NO_VALUE
    if indicator.target is None:
        return NO_TARGET
    value, target = Decimal(value), Decimal(indicator.target)
    miss = target - value if indicator.good_direction == Indicator.Direction.HIGHER else value - target
    if miss <= 0:
        return ON_TARGET
    if indicator.tolerance is not None and miss <= Decimal(indicator.tolerance):
        return WITHIN_TOLERANCE
    return OFF_TARGET


@dataclass
class IndicatorRow:
    """One indicator as it stands for a quarter (or, on the dataset list, at its latest value).

    `value` is None when no value is current (status "Not entered"); `note` is the value's note ("" when none);
    `travel` the direction of travel from the value entered before it, in words ("Better", "Worse", "Same", or ""
    for a first value or no value); `target` and `tolerance` are the indicator's (None when not set).
    `entry` is the IndicatorValue itself (None when no value), for the quarter it is for and who entered it.
    """

    indicator: Indicator
    value: Decimal | None
    note: str
    status: IndicatorStatus
    travel: str
    target: Decimal | None
    tolerance: Decimal | None
    entry: IndicatorValue | None = None

    @property
    def value_quarter(self) -> Quarter | None:
        """The quarter the value is for (an earlier one for a half-yearly or annual value still current)."""
        return self.entry.quarter if self.entry is not None else None


def _quarter_index(quarter) -> int:
    return (quarter.start_date.year * 12 + quarter.start_date.month) // 3


def _values_by_indicator(indicators, *, up_to=None) -> dict:
    values = IndicatorValue.objects.filter(indicator__in=[i.pk for i in indicators]).select_related(
        "quarter", "entered_by"
    )
    if up_to is not None:
        values = values.filter(quarter__start_date__lte=up_to.start_date)
    by_indicator: dict = {indicator.pk: [] for indicator in indicators}
    for value in values:
        by_indicator[value.indicator_id].append(value)
    return by_indicator


def _row(indicator, values, *, quarter=None) -> IndicatorRow:
    """The row for the indicator's latest value in `values` (already limited to quarters up to `quarter`); with a
    quarter, a value counts only while it is current (one quarter, two for half-yearly, four for annual)."""
    series = indicator_series(indicator, values)
    latest = series[-1] if series else None
    if latest is not None and quarter is not None:
        current_for = Indicator.QUARTERS_CURRENT.get(indicator.frequency, 1)
        if _quarter_index(quarter) - _quarter_index(latest["value"].quarter) >= current_for:
            latest = None
    entry = latest["value"] if latest else None
    value = entry.value if entry is not None else None
    return IndicatorRow(
        indicator=indicator,
        value=value,
        note=entry.note if entry is not None else "",
        status=indicator_status(indicator, value),
        travel=latest["travel"] if latest else "",
        target=indicator.target,
        tolerance=indicator.tolerance,
        entry=entry,
    )


def indicators_in_use(quarter):
    """The indicators of the quarter's plan in use during it: not archived, or archived after the quarter ended (a
    closed quarter's papers keep the indicators it reported)."""
    return (
        Indicator.objects.filter(plan_id=quarter.plan_id)
        .exclude(archived_at__date__lte=quarter.end_date)
        .order_by("order", "pk")
    )


def indicator_rows_for_quarter(quarter) -> list[IndicatorRow]:
    """Every indicator of the quarter's plan in use that quarter, in the plan's order, with the value current for
    the quarter (entered for it, or for an earlier quarter still current by the indicator's frequency), its status
    against target and its direction of travel from the value before. Two queries whatever the number of
    indicators or values; values of later quarters are never read."""
    indicators = list(indicators_in_use(quarter))
    if not indicators:
        return []
    by_indicator = _values_by_indicator(indicators, up_to=quarter)
    return [_row(indicator, by_indicator[indicator.pk], quarter=quarter) for indicator in indicators]


def off_target(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """The rows whose status is off target (the board pack's summary filters the rows it already has)."""
    return [row for row in rows if row.status.key == OFF_TARGET.key]


def indicators_off_target(quarter) -> list[IndicatorRow]:
    """The rows of `indicator_rows_for_quarter(quarter)` whose status is off target."""
    return off_target(indicator_rows_for_quarter(quarter))


def indicator_rows_latest(plan) -> list[IndicatorRow]:
    """Every indicator of the plan, archived ones included (`row.indicator.is_archived`), in the plan's order, each
    with its latest value whatever its quarter, its status and direction of travel. Two queries whatever the number
    of indicators or values."""
    indicators = list(Indicator.objects.filter(plan=plan).select_related("archived_by").order_by("order", "pk"))
    if not indicators:
        return []
    by_indicator = _values_by_indicator(indicators)
    return [_row(indicator, by_indicator[indicator.pk]) for indicator in indicators]


# Barnet's plan, as the Barnet seed fixture loads it (fixtures/barnet-2014-2016/01_board.json and 02_plan.json): the
# board's slug and the plan's slug, the natural key `manage.py load_plan` finds the plan by.
BARNET_PLAN_KEY = ("barnet", "2014-2016")


def plan_names_indicators(plan: BusinessPlan) -> bool:
    """Whether `plan` is Barnet's 2014-2016 plan, whose evidence columns name the six indicators of
    `reporting.services.PLAN_INDICATORS`, so that its dataset can start from them.

    Decision: the plan is recognised by the natural key the Barnet seed fixture gives it and `load_plan` matches it
    on: board slug "barnet" and plan slug "2014-2016". Board slugs are unique across the platform, so at most one plan
    answers yes; an imported plan or another board's plan never does, even one with the same priorities, because
    its evidence columns are its own. Another board starts with an empty dataset and adds its own indicators.
    """
    return (plan.board.slug, plan.slug) == BARNET_PLAN_KEY

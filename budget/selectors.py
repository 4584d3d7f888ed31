"""Reads of the budget: the statement (Appendix 2 with its computed totals) and the quarterly monitoring position.

Every total is computed here from the lines, in Decimal, and never stored. Each function runs a fixed number of
queries whatever the number of lines (the views pin this with query-count tests).
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from plans.models import Agency, Quarter

from .models import (
    ZERO,
    Budget,
    CommitmentLine,
    CommitmentMonitoring,
    ContributionMonitoring,
    IncomeLine,
    year_label,
)
from .templatetags.budget_money import pounds


@dataclass
class CommitmentGroup:
    category: str
    label: str
    lines: list
    total: Decimal


@dataclass
class Statement:
    """The budget as Appendix 2 prints it, with every sub-total computed from the lines."""

    budget: Budget
    income_lines: list
    groups: list  # CommitmentGroup, staffing then other expenses
    contributions_total: Decimal  # partner contributions only
    income_total: Decimal  # contributions plus the balance brought forward: the plan's -227,220
    commitments_total: Decimal
    variance: Decimal  # income_total + commitments_total: negative is money left over

    @property
    def staffing_total(self):
        return self._group_total(CommitmentLine.Category.STAFFING)

    @property
    def other_total(self):
        return self._group_total(CommitmentLine.Category.OTHER)

    def _group_total(self, category):
        return next(group.total for group in self.groups if group.category == category)


def _sum(values):
    return sum(values, ZERO)


def budget_statement(budget: Budget) -> Statement:
    """Two queries: the income lines (with their agencies) and the commitment lines."""
    income_lines = list(budget.income_lines.select_related("agency"))
    commitment_lines = list(budget.commitment_lines.all())
    groups = []
    for category, label in CommitmentLine.Category.choices:
        lines = [line for line in commitment_lines if line.category == category]
        groups.append(
            CommitmentGroup(category=category, label=label, lines=lines, total=_sum(line.amount for line in lines))
        )
    contributions_total = _sum(line.amount for line in income_lines)
    income_total = contributions_total + budget.balance_brought_forward
    commitments_total = _sum(group.total for group in groups)
    return Statement(
        budget=budget,
        income_lines=income_lines,
        groups=groups,
        contributions_total=contributions_total,
        income_total=income_total,
        commitments_total=commitments_total,
        variance=income_total + commitments_total,
    )


@dataclass
class CommitmentRow:
    line: CommitmentLine
    spent_to_date: Decimal | None  # None: nothing recorded this quarter
    forecast_outturn: Decimal  # the budgeted amount when no forecast is recorded
    forecast_recorded: bool

    @property
    def variance(self):
        """Forecast against budget: positive is an overspend on this line."""
        return self.forecast_outturn - self.line.amount


@dataclass
class ContributionRow:
    line: object
    received_to_date: Decimal | None

    @property
    def outstanding(self):
        """Still to come in, in the plan's sign (negative: money owed to the board)."""
        return self.line.amount - (self.received_to_date or ZERO)


@dataclass
class Position:
    """The projected position of a budget at one quarter."""

    statement: Statement
    quarter: Quarter
    commitment_rows: list = field(default_factory=list)
    contribution_rows: list = field(default_factory=list)

    @property
    def recorded(self):
        """Whether any figure has been recorded for this quarter."""
        return any(row.forecast_recorded or row.spent_to_date is not None for row in self.commitment_rows) or any(
            row.received_to_date is not None for row in self.contribution_rows
        )

    @property
    def income(self):
        return self.statement.income_total

    @property
    def spent_to_date(self):
        return _sum(row.spent_to_date or ZERO for row in self.commitment_rows)

    @property
    def forecast_outturn(self):
        return _sum(row.forecast_outturn for row in self.commitment_rows)

    @property
    def received_to_date(self):
        return _sum(row.received_to_date or ZERO for row in self.contribution_rows)

    @property
    def projected_variance(self):
        """Income (negative) plus forecast outturn: positive is a projected overspend, negative an underspend."""
        return self.income + self.forecast_outturn

    @property
    def outcome(self):
        if self.projected_variance > 0:
            return "overspend"
        if self.projected_variance < 0:
            return "underspend"
        return "on budget"


def budget_position(budget: Budget, quarter: Quarter, statement: Statement | None = None) -> Position:
    """Four queries (two for the statement, two for the quarter's monitoring)."""
    statement = statement or budget_statement(budget)
    spends = {row.line_id: row for row in CommitmentMonitoring.objects.filter(line__budget=budget, quarter=quarter)}
    receipts = {
        row.line_id: row.received_to_date
        for row in ContributionMonitoring.objects.filter(line__budget=budget, quarter=quarter)
    }
    position = Position(statement=statement, quarter=quarter)
    for group in statement.groups:
        for line in group.lines:
            spend = spends.get(line.pk)
            position.commitment_rows.append(
                CommitmentRow(
                    line=line,
                    spent_to_date=spend.spent_to_date if spend else None,
                    forecast_outturn=spend.forecast_outturn if spend else line.amount,
                    forecast_recorded=spend is not None,
                )
            )
    for line in statement.income_lines:
        position.contribution_rows.append(ContributionRow(line=line, received_to_date=receipts.get(line.pk)))
    return position


def quarters_of(budget: Budget) -> list[Quarter]:
    """The plan's quarters that fall in the budget's financial year, Q1 first."""
    return list(Quarter.objects.filter(plan_id=budget.plan_id, financial_year=budget.financial_year).order_by("number"))


def current_quarter(quarters: list[Quarter]) -> Quarter | None:
    """The quarter to show first: the open one, else the latest closed one, else none (the year has not begun)."""
    open_quarter = next((q for q in quarters if q.state == Quarter.State.OPEN), None)
    closed = [q for q in quarters if q.state == Quarter.State.CLOSED]
    return open_quarter or (closed[-1] if closed else None)


def roll_year(text: str, financial_year: int) -> str | None:
    """`text` with the financial year `financial_year` (written 2014-2015, 2014-15, 2014/15 or 2014/2015) moved on
    one year, in the same writing ("BSCB Budget 2014-2015" -> "BSCB Budget 2015-2016"); None if it names no such
    year."""
    following = financial_year + 1
    pattern = re.compile(rf"(?<!\d){financial_year}(\s*[-/–]\s*)({following}|{str(following)[-2:]})(?!\d)")

    def moved(match):
        end = str(following + 1) if len(match.group(2)) == 4 else str(following + 1)[-2:]
        return f"{following}{match.group(1)}{end}"

    rolled, count = pattern.subn(moved, text)
    return rolled if count else None


@dataclass
class NextYear:
    """What starting the next financial year's budget from `source` would write, or why it is refused."""

    source: Budget
    statement: Statement  # the source's lines, which the new budget copies
    financial_year: int
    title: str
    balance_description: str
    balance_brought_forward: Decimal
    balance_basis: str  # where the balance comes from, in words, for the page's hint
    income_heading: str
    commitments_heading: str
    existing: Budget | None  # that year's budget, if the plan already has one
    refusal: str  # empty when the budget can be started

    @property
    def year_label(self):
        return year_label(self.financial_year)

    @property
    def commitment_lines(self):
        return [line for group in self.statement.groups for line in group.lines]


def _in_plan(plan, financial_year: int) -> bool:
    """A plan's financial years run from its start year up to, not including, its end year (plans/quarters.py)."""
    return plan.start_year <= financial_year < plan.end_year


def next_year_blocker(budget: Budget, existing: Budget | None) -> str:
    """Why the year after `budget` cannot be started from it ('' if it can). `budget.plan` must be loaded."""
    plan = budget.plan
    following = budget.financial_year + 1
    if existing is not None:
        return f"The {year_label(following)} budget already exists ({existing.title}): change it on its own page"
    if not _in_plan(plan, following):
        return (
            f"{plan.title} ends with {year_label(plan.end_year - 1)}: "
            f"the {year_label(following)} budget belongs to the next plan"
        )
    return ""


def next_year_startable(budgets: list[Budget]) -> list[Budget]:
    """Of `budgets` (with their plans loaded), the ones whose following year can be started: the plan has no budget
    for it yet and the year is inside the plan. No query: `budgets` must hold every budget of their plans."""
    years = {(budget.plan_id, budget.financial_year) for budget in budgets}
    return [
        budget
        for budget in budgets
        if (budget.plan_id, budget.financial_year + 1) not in years and _in_plan(budget.plan, budget.financial_year + 1)
    ]


def next_year_open(budget: Budget) -> bool:
    """Whether the year after `budget` can be started from it (one query). `budget.plan` must be loaded."""
    if not _in_plan(budget.plan, budget.financial_year + 1):
        return False
    return not Budget.objects.filter(plan_id=budget.plan_id, financial_year=budget.financial_year + 1).exists()


def next_year(budget: Budget) -> NextYear:
    """The next financial year's budget as it would be started from `budget` (six queries: the existing year, the
    source's lines, its quarters and that quarter's monitoring). `budget.plan.board` must be loaded.

    The balance brought forward is the source's projected variance at the quarter its budget page shows (the open
    quarter, else the latest closed one): income, including its own balance, plus the forecast outturn, so that a
    projected underspend (negative, money left over) is carried in as money available (negative), as the plan's sign
    convention has it. Where no quarter of the source year has begun, it is the source's budgeted variance (the
    same sum with the budgeted amounts). Either way it is an estimate until the year's accounts are closed, and the
    page says so: the administrator changes it on the new budget's heading.
    """
    following = budget.financial_year + 1
    existing = Budget.objects.filter(plan_id=budget.plan_id, financial_year=following).first()
    statement = budget_statement(budget)
    quarter = current_quarter(quarters_of(budget))
    if quarter is not None:
        position = budget_position(budget, quarter, statement)
        balance = position.projected_variance
        basis = f"the projected variance of {budget.year_label} at {quarter.label}"
    else:
        balance = statement.variance
        basis = f"the budgeted variance of {budget.year_label} (no quarter of {budget.year_label} has begun)"
    title = roll_year(budget.title, budget.financial_year)
    if title is None:
        title = f"{budget.plan.board.short_name} Budget {following}-{following + 1}"
    return NextYear(
        source=budget,
        statement=statement,
        financial_year=following,
        title=title,
        balance_description=f"Balance B/Fwd {budget.year_label}",
        balance_brought_forward=balance,
        balance_basis=basis,
        income_heading=roll_year(budget.income_heading, budget.financial_year) or budget.income_heading,
        commitments_heading=roll_year(budget.commitments_heading, budget.financial_year) or budget.commitments_heading,
        existing=existing,
        refusal=next_year_blocker(budget, existing),
    )


def budget_for_quarter(quarter: Quarter) -> Budget | None:
    return Budget.objects.filter(plan_id=quarter.plan_id, financial_year=quarter.financial_year).first()


def panel_context(quarter: Quarter) -> dict:
    """The dashboard panel for a quarter: the projected position of that year's budget, if there is one."""
    budget = budget_for_quarter(quarter)
    if budget is None:
        return {"budget": None, "quarter": quarter}
    return {"budget": budget, "quarter": quarter, "position": budget_position(budget, quarter)}


@dataclass
class Change:
    """One recorded edit of the budget, for the history page: who, when, what."""

    at: object
    user: object
    action: str  # Added, Changed, Removed
    subject: str
    details: list  # "Amount: -£98,000 to -£100,000"


_MONEY_FIELDS = {"amount", "balance_brought_forward", "spent_to_date", "forecast_outturn", "received_to_date"}
_FIELD_LABELS = {
    "title": "Title",
    "balance_description": "Balance line",
    "balance_brought_forward": "Balance brought forward",
    "income_heading": "Income heading",
    "commitments_heading": "Commitments heading",
    "description": "Description",
    "agency": "Agency",
    "amount": "Amount",
    "order": "Position",
    "category": "Category",
    "note": "Note",
    "spent_to_date": "Spent to date",
    "forecast_outturn": "Forecast outturn",
    "received_to_date": "Received to date",
}
_ACTIONS = {"+": "Added", "~": "Changed", "-": "Removed"}


def budget_changes(budget: Budget, limit: int = 300) -> list[Change]:
    """Every recorded edit of the budget, its lines and its monitoring, newest first (a fixed number of queries).

    Diffs are computed here, record against the previous record of the same row, rather than with simple-history's
    `diff_against`, which would query once per record.
    """

    def fetch(model, **lookup):
        return list(
            model.history.filter(**lookup).select_related("history_user").order_by("history_date", "history_id")
        )

    budget_records = fetch(Budget, id=budget.pk)
    income_records = fetch(IncomeLine, budget_id=budget.pk)
    commitment_records = fetch(CommitmentLine, budget_id=budget.pk)
    line_names = {("income", r.id): r.description for r in income_records}
    line_names |= {("commitment", r.id): r.description for r in commitment_records}
    spend_records = fetch(CommitmentMonitoring, line_id__in={r.id for r in commitment_records})
    receipt_records = fetch(ContributionMonitoring, line_id__in={r.id for r in income_records})
    quarters = {q.pk: q.label for q in Quarter.objects.filter(plan_id=budget.plan_id)}
    agency_ids = {r.agency_id for r in income_records if r.agency_id}
    agencies = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
    categories = dict(CommitmentLine.Category.choices)

    def show(field, value):
        if value is None or value == "":
            return "(blank)"
        if field in _MONEY_FIELDS:
            return pounds(value)
        if field == "agency":
            return agencies.get(value, "(removed agency)")
        if field == "category":
            return categories.get(value, value)
        return str(value)

    changes = []

    def collect(records, fields, subject):
        previous = {}
        for record in records:
            before = previous.get(record.id)
            details = []
            for name in fields:
                attname = "agency_id" if name == "agency" else name
                new = getattr(record, attname)
                if record.history_type == "~" and before is not None:
                    old = getattr(before, attname)
                    if old != new:
                        details.append(f"{_FIELD_LABELS[name]}: {show(name, old)} to {show(name, new)}")
                elif record.history_type == "+":
                    details.append(f"{_FIELD_LABELS[name]}: {show(name, new)}")
            previous[record.id] = record
            if record.history_type == "~" and not details:
                continue  # saved with nothing changed
            changes.append(
                Change(
                    at=record.history_date,
                    user=record.history_user,
                    action=_ACTIONS[record.history_type],
                    subject=subject(record),
                    details=details,
                )
            )

    collect(
        budget_records,
        ["title", "balance_description", "balance_brought_forward"],
        lambda r: f"Budget heading: {r.title}",
    )
    collect(income_records, ["description", "agency", "amount", "order"], lambda r: f"Contribution: {r.description}")
    collect(
        commitment_records,
        ["category", "description", "amount", "note", "order"],
        lambda r: f"Commitment: {r.description}",
    )
    collect(
        spend_records,
        ["spent_to_date", "forecast_outturn"],
        lambda r: f"{quarters.get(r.quarter_id, 'Quarter')} figures: {line_names.get(('commitment', r.line_id), '')}",
    )
    collect(
        receipt_records,
        ["received_to_date"],
        lambda r: f"{quarters.get(r.quarter_id, 'Quarter')} received: {line_names.get(('income', r.line_id), '')}",
    )
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]


# ----- the board pack (reporting/panels.py hooks, registered in budget/apps.py) --------------------------------------


def pack_summary(quarter: Quarter) -> str | None:
    """The budget's position at the quarter in one sentence for the pack's executive summary."""
    context = panel_context(quarter)
    position = context.get("position")
    if position is None:
        return f"No budget has been recorded for the financial year of {quarter.label}."
    year = context["budget"].year_label
    if position.outcome == "on budget":
        outlook = f"On budget for {year}"
    else:
        outlook = f"Projected {position.outcome} of {pounds(abs(position.projected_variance))} for {year}"
    recorded = "" if position.recorded else f" (no figures recorded for {quarter.label} yet)"
    return (
        f"{outlook}{recorded}; {pounds(abs(position.spent_to_date))} spent to date and "
        f"{pounds(abs(position.received_to_date))} of contributions received."
    )


def pack_sheets(quarter: Quarter) -> list[dict]:
    """The budget's lines at the quarter for the pack's XLSX: commitments and partner contributions, in pounds."""
    context = panel_context(quarter)
    position = context.get("position")
    if position is None:
        return []
    commitments = [
        [
            row.line.get_category_display(),
            row.line.description,
            row.line.note,
            row.line.amount,
            row.spent_to_date,
            row.forecast_outturn,
            row.variance,
        ]
        for row in position.commitment_rows
    ]
    contributions = [
        [row.line.description, -row.line.amount, -(row.received_to_date or ZERO), -row.outstanding]
        for row in position.contribution_rows
    ]
    return [
        {
            "title": "Budget commitments",
            "header": [
                "Category",
                "Line",
                "Note",
                "Budget (£)",
                "Spent to date (£)",
                "Forecast outturn (£)",
                "Variance (£)",
            ],
            "rows": commitments,
            "widths": {"A": 22, "B": 44, "C": 30},
            "money_columns": (3, 4, 5, 6),
        },
        {
            "title": "Partner contributions",
            "header": ["Partner", "Contribution (£)", "Received to date (£)", "Outstanding (£)"],
            "rows": contributions,
            "widths": {"A": 50},
            "money_columns": (1, 2, 3),
        },
    ]

"""Writes to the budget: the quarterly monitoring return, loading a printed budget and starting the next year's
budget from the current one. Each runs in one transaction.

django-simple-history records who changed what and when on every save (the request's user, through its middleware);
these functions only save rows whose figures actually change, so that the history shows real edits only.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.audit import record_change
from accounts.models import AuditEvent
from plans.models import Agency, Board, BusinessPlan, Quarter

from .models import ZERO, Budget, CommitmentLine, CommitmentMonitoring, ContributionMonitoring, IncomeLine, year_label
from .selectors import budget_statement, next_year
from .templatetags.budget_money import pounds


def monitoring_editable(quarter: Quarter) -> bool:
    """Only the open quarter takes figures: a closed quarter's papers never change, a future one has not begun."""
    return quarter.state == Quarter.State.OPEN


@transaction.atomic
def monitoring_record(*, budget: Budget, quarter: Quarter, commitments: dict, contributions: dict) -> int:
    """Save one quarter's return. `commitments` maps a line to (spent, forecast), `contributions` a line to received.

    A blank spend is nothing spent yet; a blank forecast is the budgeted amount; both blank clears the line's entry.
    Returns the number of rows written or removed.
    """
    if quarter.plan_id != budget.plan_id or quarter.financial_year != budget.financial_year:
        raise ValidationError(f"{quarter.label} is not a quarter of the {budget.year_label} budget.")
    if not monitoring_editable(quarter):
        raise ValidationError(f"{quarter.label} is {quarter.get_state_display().lower()}: its figures cannot change.")
    changes = 0
    existing = {row.line_id: row for row in CommitmentMonitoring.objects.filter(line__budget=budget, quarter=quarter)}
    for line, (spent, forecast) in commitments.items():
        row = existing.get(line.pk)
        if spent is None and forecast is None:
            if row is not None:
                row.delete()
                changes += 1
            continue
        spent = spent if spent is not None else Decimal("0.00")
        forecast = forecast if forecast is not None else line.amount
        if row is None:
            CommitmentMonitoring.objects.create(
                line=line, quarter=quarter, spent_to_date=spent, forecast_outturn=forecast
            )
            changes += 1
        elif (row.spent_to_date, row.forecast_outturn) != (spent, forecast):
            row.spent_to_date, row.forecast_outturn = spent, forecast
            row.save()
            changes += 1
    received_rows = {
        row.line_id: row for row in ContributionMonitoring.objects.filter(line__budget=budget, quarter=quarter)
    }
    for line, received in contributions.items():
        row = received_rows.get(line.pk)
        if received is None:
            if row is not None:
                row.delete()
                changes += 1
        elif row is None:
            ContributionMonitoring.objects.create(line=line, quarter=quarter, received_to_date=received)
            changes += 1
        elif row.received_to_date != received:
            row.received_to_date = received
            row.save()
            changes += 1
    return changes


class BudgetLoadError(Exception):
    """A printed budget that cannot be loaded as it is; the message names the line and field at fault."""


@dataclass
class LoadResult:
    budget: Budget
    created: bool
    replaced: bool


def _money(value, where):
    try:
        amount = Decimal(str(value))
    except Exception as exc:
        raise BudgetLoadError(f"{where}: '{value}' is not an amount") from exc
    if amount != amount.quantize(Decimal("0.01")):
        raise BudgetLoadError(f"{where}: '{value}' has more than 2 decimal places")
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def budget_load(*, data: dict, replace: bool = False) -> LoadResult:
    """Load a printed budget (the fixture's JSON) all-or-nothing, and check it reproduces its printed totals.

    Idempotent: a budget that already exists is left as it is (it may hold the administrator's edits) unless
    `replace` is given, which restores the printed lines exactly.
    """
    try:
        board = Board.objects.get(slug=data["board"])
        plan = BusinessPlan.objects.get(board=board, slug=data["plan"])
    except (Board.DoesNotExist, BusinessPlan.DoesNotExist) as exc:
        raise BudgetLoadError(
            f"No plan '{data['plan']}' on board '{data['board']}': load the plan first (load_plan)"
        ) from exc
    agencies = {agency.name: agency for agency in Agency.objects.filter(board=board)}
    budget = Budget.objects.filter(plan=plan, financial_year=data["financial_year"]).first()
    if budget is not None and not replace:
        return LoadResult(budget=budget, created=False, replaced=False)
    created = budget is None
    if created:
        budget = Budget(plan=plan, financial_year=data["financial_year"])
    budget.title = data["title"]
    budget.balance_description = data["balance"]["description"]
    budget.balance_brought_forward = _money(data["balance"]["amount"], "Balance brought forward, amount")
    budget.income_heading = data["income_heading"]
    budget.commitments_heading = data["commitments_heading"]
    budget.save()
    # Replacing: remove lines first (their monitoring goes with them), so the printed lines come back exactly.
    for line in list(budget.income_lines.all()) + list(budget.commitment_lines.all()):
        line.delete()
    for order, item in enumerate(data["income"], start=1):
        where = f"Income line {order} ({item['description']})"
        agency = None
        if item.get("agency"):
            agency = agencies.get(item["agency"])
            if agency is None:
                raise BudgetLoadError(f"{where}, agency: no agency named '{item['agency']}' on this board")
        amount = _money(item["amount"], f"{where}, amount")
        if amount > 0:
            raise BudgetLoadError(f"{where}, amount: income is negative in the plan's convention")
        IncomeLine.objects.create(
            budget=budget, order=order, description=item["description"], agency=agency, amount=amount
        )
    categories = {label.lower(): value for value, label in CommitmentLine.Category.choices}
    for order, item in enumerate(data["commitments"], start=1):
        where = f"Commitment line {order} ({item['description']})"
        category = categories.get(item["category"].lower())
        if category is None:
            raise BudgetLoadError(f"{where}, category: '{item['category']}' is not Staffing costs or Other expenses")
        amount = _money(item["amount"], f"{where}, amount")
        if amount < 0:
            raise BudgetLoadError(f"{where}, amount: commitments are positive in the plan's convention")
        CommitmentLine.objects.create(
            budget=budget,
            category=category,
            order=order,
            description=item["description"],
            amount=amount,
            note=item.get("note", ""),
        )
    _check_printed_totals(budget, data.get("printed_totals", {}))
    return LoadResult(budget=budget, created=created, replaced=not created)


def _check_printed_totals(budget, printed):
    """The plan's sub-totals are printed, never typed in the application: the lines must reproduce them."""
    statement = budget_statement(budget)
    computed = {
        "income": statement.income_total,
        "staffing": statement.staffing_total,
        "other": statement.other_total,
        "commitments": statement.commitments_total,
        "variance": statement.variance,
    }
    for key, value in printed.items():
        expected = _money(value, f"Printed total '{key}'")
        if computed[key] != expected:
            raise BudgetLoadError(f"Printed total '{key}' is {expected} but the lines add up to {computed[key]}")


@transaction.atomic
def budget_start_next_year(*, source: Budget, carry_amounts: bool, user=None) -> Budget:
    """Start the financial year after `source` in the same plan: its heading moved on a year, the balance brought
    forward estimated from `source` (see `selectors.next_year`), and a copy of every income and commitment line
    (description, position, agency, category, note), with its amount carried over or left blank.

    Refused (ValidationError, nothing written) when the plan already has that year's budget or the year is outside
    the plan. Recorded in the history of every row it writes (django-simple-history, the request's user) and, as one
    event, in the audit log.
    """
    proposal = next_year(source)
    if proposal.refusal:
        raise ValidationError(proposal.refusal)

    # "Left blank" is £0, not an empty amount: an amount is never null (every total adds the lines up, and the
    # plan's statement has no line without a figure), so an empty one would need a nullable column, a migration and
    # a rule for totalling unknown lines. £0 satisfies both sign constraints, prints as £0 on the statement, and the
    # administrator changes each line as the partners confirm their figures.
    def amount(line):
        return line.amount if carry_amounts else ZERO

    try:
        with transaction.atomic():  # a savepoint: another administrator may have started the year a moment ago
            budget = Budget.objects.create(
                plan_id=source.plan_id,
                financial_year=proposal.financial_year,
                title=proposal.title,
                balance_description=proposal.balance_description,
                balance_brought_forward=proposal.balance_brought_forward,
                income_heading=proposal.income_heading,
                commitments_heading=proposal.commitments_heading,
            )
    except IntegrityError as exc:
        raise ValidationError(f"The {proposal.year_label} budget already exists: change it on its own page") from exc
    # One row at a time rather than bulk_create, so that simple-history records each line's addition and its user.
    for line in proposal.statement.income_lines:
        IncomeLine.objects.create(
            budget=budget, order=line.order, description=line.description, agency_id=line.agency_id, amount=amount(line)
        )
    for line in proposal.commitment_lines:
        CommitmentLine.objects.create(
            budget=budget,
            category=line.category,
            order=line.order,
            description=line.description,
            amount=amount(line),
            note=line.note,
        )
    plan = source.plan
    record_change(
        kind=AuditEvent.Kind.CHANGE,
        user=user,
        board=plan.board_id,
        detail=(
            f"{plan.title}: {budget.title} ({budget.year_label}) started from {source.title}: "
            f"{len(proposal.statement.income_lines)} contributions and {len(proposal.commitment_lines)} commitments, "
            f"amounts {'carried over' if carry_amounts else 'left blank'}; "
            f"{budget.balance_description} {pounds(budget.balance_brought_forward)}"
        ),
    )
    return budget


@transaction.atomic
def budget_start_first(
    *, plan, financial_year: int, title: str, balance_description: str, balance_brought_forward, lines_for_agencies
) -> Budget:
    """A board's first budget for a year of its plan, with a £0 contribution line per partner agency if asked (the
    administrator enters the figures on the budget's page). Refused (ValidationError) when the year has a budget."""
    if Budget.objects.filter(plan=plan, financial_year=financial_year).exists():
        raise ValidationError(f"The {year_label(financial_year)} budget already exists: change it on its own page")
    budget = Budget.objects.create(
        plan=plan,
        financial_year=financial_year,
        title=title,
        balance_description=balance_description,
        balance_brought_forward=balance_brought_forward,
    )
    if lines_for_agencies:
        for order, agency in enumerate(Agency.objects.filter(board=plan.board).order_by("name"), start=1):
            IncomeLine.objects.create(budget=budget, order=order, description=agency.name, agency=agency, amount=ZERO)
    return budget

"""The budget pages: the statement (Appendix 2), editing its lines, quarterly monitoring, history and exports, and
starting the next financial year's budget from the current one.

Board administrators edit; Business Management Group and board members read; every other role is refused (403) and
another board's budget is not found (404).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_for_board, require_board, role_required
from accounts.roles import Role, has_role
from bscb.exports import add_sheet, csv_response, new_workbook, xlsx_response
from plans.models import Quarter
from plans.selectors import current_plan_for

from .forms import BudgetForm, CommitmentLineForm, FirstBudgetForm, IncomeLineForm, MonitoringForm, NextYearForm
from .models import Budget, CommitmentLine, IncomeLine, year_label
from .selectors import (
    budget_changes,
    budget_position,
    budget_statement,
    current_quarter,
    next_year,
    next_year_open,
    next_year_startable,
    quarters_of,
)
from .services import budget_start_first, budget_start_next_year, monitoring_editable, monitoring_record
from .templatetags.budget_money import pounds

READERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER)
EDITORS = (Role.BOARD_ADMIN,)


def _get_budget(request, pk) -> Budget:
    """The budget, if it belongs to the user's board; another board's budget is a 404."""
    return get_for_board(Budget.objects.select_related("plan"), require_board(request), "plan__board", pk=pk)


@require_GET
@role_required(*READERS)
def budget_list(request):
    board = require_board(request)
    budgets = list(Budget.objects.filter(plan__board=board).select_related("plan").order_by("-financial_year"))
    editor = has_role(request.user, *EDITORS)
    startable = next_year_startable(budgets) if editor else []
    return render(
        request,
        "budget/budget_list.html",
        {"budgets": budgets, "board": board, "startable": startable, "can_start_first": editor and not budgets},
    )


@require_GET
@role_required(*READERS)
def budget_detail(request, pk):
    budget = _get_budget(request, pk)
    statement = budget_statement(budget)
    quarters = quarters_of(budget)
    current = current_quarter(quarters)
    position = budget_position(budget, current, statement) if current else None
    can_edit = has_role(request.user, *EDITORS)
    return render(
        request,
        "budget/budget_detail.html",
        {
            "budget": budget,
            "statement": statement,
            "quarters": quarters,
            "position": position,
            "quarter": current,
            "can_edit": can_edit,
            "can_start_next_year": can_edit and next_year_open(budget),
        },
    )


def _statement_rows(statement):
    """The statement as rows for CSV and XLSX: section, line, agency, note, amount (a number, never text)."""
    budget = statement.budget
    rows = [("Balance", budget.balance_description, "", "", budget.balance_brought_forward)]
    for line in statement.income_lines:
        rows.append((budget.income_heading, line.description, line.agency.name if line.agency else "", "", line.amount))
    rows.append(("Total", "Total income including balance brought forward", "", "", statement.income_total))
    for group in statement.groups:
        for line in group.lines:
            rows.append((group.label, line.description, "", line.note, line.amount))
        rows.append(("Total", f"Total {group.label.lower()}", "", "", group.total))
    rows.append(("Total", "Total commitments", "", "", statement.commitments_total))
    rows.append(("Total", "Variance (income plus commitments; minus is an underspend)", "", "", statement.variance))
    return rows


EXPORT_HEADER = ["Section", "Line", "Agency", "Note", "Amount (£)"]


def _export_name(budget, extension):
    return f"budget-{budget.plan.board.slug}-{budget.financial_year}-{str(budget.financial_year + 1)[-2:]}.{extension}"


@require_GET
@role_required(*READERS)
def budget_export_csv(request, pk):
    budget = _get_budget(request, pk)
    return csv_response(_export_name(budget, "csv"), EXPORT_HEADER, _statement_rows(budget_statement(budget)))


@require_GET
@role_required(*READERS)
def budget_export_xlsx(request, pk):
    budget = _get_budget(request, pk)
    workbook = new_workbook()
    sheet = add_sheet(
        workbook,
        f"Budget {budget.year_label.replace('/', '-')}",
        EXPORT_HEADER,
        _statement_rows(budget_statement(budget)),
        widths={"A": 24, "B": 60, "C": 40, "D": 40, "E": 14},
    )
    # Pounds with thousands separators; minus for money coming in, as the plan prints it.
    for (cell,) in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
        cell.number_format = "#,##0.00"
    return xlsx_response(_export_name(budget, "xlsx"), workbook)


@require_GET
@role_required(*READERS)
def budget_history(request, pk):
    budget = _get_budget(request, pk)
    return render(request, "budget/budget_history.html", {"budget": budget, "changes": budget_changes(budget)})


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def budget_update(request, pk):
    budget = _get_budget(request, pk)
    form = BudgetForm(request.POST or None, instance=budget)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Budget heading saved")
        return redirect("budget:budget_detail", pk=budget.pk)
    return render(request, "budget/budget_form.html", {"budget": budget, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def budget_next_year(request, pk):
    """Start the next financial year's budget from this one. GET shows what would be written and writes nothing."""
    source = get_for_board(Budget.objects.select_related("plan__board"), require_board(request), "plan__board", pk=pk)
    proposal = next_year(source)
    # Not `request.POST or None`: a POST with no choice at all must be refused, not shown as a fresh form.
    form = NextYearForm(request.POST if request.method == "POST" else None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            budget = budget_start_next_year(source=source, carry_amounts=form.carry_amounts, user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"{budget.title} started from {source.title}: check the balance brought forward"
                + ("" if form.carry_amounts else " and enter each line's amount"),
            )
            return redirect("budget:budget_detail", pk=budget.pk)
    return render(request, "budget/budget_next_year.html", {"budget": source, "proposal": proposal, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def budget_create(request):
    """A board's first budget (or a year of the plan that has none), for a board whose budget was never loaded."""
    board = require_board(request)
    plan = current_plan_for(board)
    taken = set(Budget.objects.filter(plan=plan).values_list("financial_year", flat=True))
    years = [year for year in range(plan.start_year, plan.end_year) if year not in taken]
    if not years:
        messages.error(request, "Every year of the plan has its budget: start a year from the one before it")
        return redirect("budget:budget_list")
    first = years[0]
    form = FirstBudgetForm(
        request.POST or None,
        plan=plan,
        years=years,
        initial={
            "financial_year": first,
            "title": f"{board.short_name} Budget {first}-{first + 1}",
            "balance_description": f"Balance B/Fwd {year_label(first - 1)}",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = budget_start_first(
                plan=plan,
                financial_year=data["financial_year"],
                title=data["title"],
                balance_description=data["balance_description"],
                balance_brought_forward=data["balance_brought_forward"],
                lines_for_agencies=data["lines_for_agencies"],
            )
        except ValidationError as exc:
            form.add_error("financial_year", exc)
        else:
            messages.success(request, f"{budget.title} started: enter each partner's contribution and the commitments")
            return redirect("budget:budget_detail", pk=budget.pk)
    return render(request, "budget/budget_create.html", {"form": form, "plan": plan, "board": board})


# Income and commitment lines share their add / change / remove views; `kind` picks the model and form.
LINE_KINDS = {
    "income": {"model": IncomeLine, "form": IncomeLineForm, "noun": "contribution"},
    "commitment": {"model": CommitmentLine, "form": CommitmentLineForm, "noun": "commitment"},
}


def _line_form(kind, request, budget, instance=None):
    form_class = LINE_KINDS[kind]["form"]
    extra = {"board": budget.plan.board} if kind == "income" else {}
    initial = {}
    if instance is None:
        lines = getattr(budget, f"{kind}_lines")
        initial["order"] = (lines.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        if kind == "commitment" and request.GET.get("category") in CommitmentLine.Category.values:
            initial["category"] = request.GET["category"]
    return form_class(request.POST or None, instance=instance, initial=initial, budget=budget, **extra)


def _get_line(request, kind, pk):
    model = LINE_KINDS[kind]["model"]
    return get_for_board(
        model.objects.select_related("budget__plan__board"), require_board(request), "budget__plan__board", pk=pk
    )


def _line_create(request, pk, kind):
    budget = _get_budget(request, pk)
    form = _line_form(kind, request, budget)
    if request.method == "POST" and form.is_valid():
        line = form.save(commit=False)
        line.budget = budget
        line.save()
        messages.success(request, f"Added {line.description}")
        return redirect(reverse("budget:budget_detail", args=[budget.pk]) + f"#{kind}-{line.pk}")
    return render(
        request,
        "budget/line_form.html",
        {"budget": budget, "form": form, "noun": LINE_KINDS[kind]["noun"], "line": None},
    )


def _line_update(request, pk, kind):
    line = _get_line(request, kind, pk)
    budget = line.budget
    form = _line_form(kind, request, budget, instance=line)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {line.description}")
        return redirect(reverse("budget:budget_detail", args=[budget.pk]) + f"#{kind}-{line.pk}")
    return render(
        request,
        "budget/line_form.html",
        {"budget": budget, "form": form, "noun": LINE_KINDS[kind]["noun"], "line": line},
    )


def _line_delete(request, pk, kind):
    line = _get_line(request, kind, pk)
    budget = line.budget
    if request.method == "POST":
        description = line.description
        line.delete()
        messages.success(request, f"Removed {description}")
        return redirect("budget:budget_detail", pk=budget.pk)
    has_monitoring = line.monitoring.exists()
    return render(
        request,
        "budget/line_confirm_delete.html",
        {"budget": budget, "line": line, "noun": LINE_KINDS[kind]["noun"], "has_monitoring": has_monitoring},
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def income_line_create(request, pk):
    return _line_create(request, pk, "income")


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def income_line_update(request, pk):
    return _line_update(request, pk, "income")


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def income_line_delete(request, pk):
    return _line_delete(request, pk, "income")


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def commitment_line_create(request, pk):
    return _line_create(request, pk, "commitment")


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def commitment_line_update(request, pk):
    return _line_update(request, pk, "commitment")


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def commitment_line_delete(request, pk):
    return _line_delete(request, pk, "commitment")


def _get_quarter(budget, quarter_pk):
    """A quarter of the budget's plan and financial year; any other quarter is not found."""
    quarter = Quarter.objects.filter(
        pk=quarter_pk, plan_id=budget.plan_id, financial_year=budget.financial_year
    ).first()
    if quarter is None:
        raise Http404("No such quarter for this budget")
    return quarter


@require_GET
@role_required(*READERS)
def monitoring_detail(request, pk, quarter_pk):
    budget = _get_budget(request, pk)
    quarter = _get_quarter(budget, quarter_pk)
    return render(
        request,
        "budget/monitoring_detail.html",
        {
            "budget": budget,
            "quarter": quarter,
            "quarters": quarters_of(budget),
            "position": budget_position(budget, quarter),
            "can_edit": has_role(request.user, *EDITORS) and monitoring_editable(quarter),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def monitoring_update(request, pk, quarter_pk):
    budget = _get_budget(request, pk)
    quarter = _get_quarter(budget, quarter_pk)
    if not monitoring_editable(quarter):
        raise PermissionDenied(f"{quarter.label} is {quarter.get_state_display().lower()}: its figures cannot change.")
    position = budget_position(budget, quarter)
    form = MonitoringForm(request.POST or None, position=position)
    if request.method == "POST" and form.is_valid():
        try:
            monitoring_record(
                budget=budget,
                quarter=quarter,
                commitments=form.commitment_figures(),
                contributions=form.contribution_figures(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            saved = budget_position(budget, quarter)
            messages.success(
                request,
                f"{quarter.label} figures saved: projected {saved.outcome} of {pounds(abs(saved.projected_variance))}",
            )
            return redirect("budget:monitoring_detail", pk=budget.pk, quarter_pk=quarter.pk)
    return render(
        request,
        "budget/monitoring_form.html",
        {"budget": budget, "quarter": quarter, "position": position, "form": form},
    )

"""Views of the quarterly review: quarters (administrators), the dashboard and its action lists (reviewers),
challenge and sign-off (BMG), the performance dataset, and the board pack downloads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_for_board, require_board, role_required
from accounts.roles import Role, roles_of
from priorities.models import Action, Rag

from . import exports, panels, services
from .charts import line_chart
from .forms import ChallengeForm, IndicatorValueForm, ReopenForm
from .models import Indicator, IndicatorValue, Quarter, QuarterEvent
from .presentation import SET_TITLES, dashboard_context
from .selectors import RAG_ORDER, boards_summary, dashboard_for, indicator_series, plan_for_board, quarter_default_for

READERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER)
CHALLENGERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER)
INDICATOR_READERS = (*READERS, Role.AUDIT_COORDINATOR)
INDICATOR_EDITORS = (Role.BOARD_ADMIN, Role.AUDIT_COORDINATOR)


def _quarter(request, pk) -> Quarter:
    board = require_board(request)
    return get_for_board(
        Quarter.objects.select_related("plan", "closed_by", "review_done_by"), board, "plan__board", pk=pk
    )


def _plan(request):
    plan = plan_for_board(require_board(request))
    if plan is None:
        raise Http404("No plan has been loaded for your board yet.")
    return plan


# ----- quarters (board administrators) ------------------------------------------------------------------------------


@require_GET
@role_required(Role.BOARD_ADMIN)
def quarter_list(request):
    plan = _plan(request)
    quarters = list(Quarter.objects.filter(plan=plan).select_related("closed_by", "review_done_by"))
    events = QuarterEvent.objects.filter(quarter__plan=plan).select_related("quarter", "by")[:50]
    latest_closed = next((q for q in reversed(quarters) if q.is_closed), None)
    has_open = any(q.is_open for q in quarters)
    return render(
        request,
        "reporting/quarter_list.html",
        {
            "plan": plan,
            "quarters": quarters,
            "events": events,
            "latest_closed": latest_closed,
            "can_open_next": not has_open and any(q.state == Quarter.State.FUTURE for q in quarters),
        },
    )


@require_POST
@role_required(Role.BOARD_ADMIN)
def quarter_open_next(request):
    plan = _plan(request)
    try:
        quarter = services.quarter_open_next(plan=plan, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{quarter.label} is open. Leads' updates now belong to it.")
    return redirect("reporting:quarter_list")


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def quarter_close(request, pk):
    quarter = _quarter(request, pk)
    if not quarter.is_open:
        messages.error(request, f"{quarter.label} is not open, so it cannot be closed.")
        return redirect("reporting:quarter_list")
    if request.method == "POST":
        services.quarter_close(quarter=quarter, user=request.user)
        messages.success(request, f"{quarter.label} is closed and every action's status is frozen.")
        return redirect(f"{reverse('reporting:dashboard')}?quarter={quarter.pk}")
    following = (
        Quarter.objects.filter(plan=quarter.plan, start_date__gt=quarter.start_date, state=Quarter.State.FUTURE)
        .order_by("start_date")
        .first()
    )
    dash = dashboard_for(quarter)
    return render(
        request,
        "reporting/quarter_close.html",
        {
            "quarter": quarter,
            "following": following,
            "dash": dash,
            # A Counter would answer the template's `.items` lookup with 0: hand over plain pairs.
            "totals": [(rag, dash.totals.get(rag, 0)) for rag in RAG_ORDER],
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def quarter_reopen(request, pk):
    quarter = _quarter(request, pk)
    if not services.quarter_reopenable(quarter):
        messages.error(request, f"{quarter.label} cannot be reopened: only the latest closed quarter can be.")
        return redirect("reporting:quarter_list")
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.quarter_reopen(quarter=quarter, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"{quarter.label} is open again. Close it when the corrections are made.")
        return redirect("reporting:quarter_list")
    return render(request, "reporting/quarter_reopen.html", {"quarter": quarter, "form": form})


# ----- the dashboard ------------------------------------------------------------------------------------------------


def _roles(request) -> set:
    return set(roles_of(request.user))


def _chosen_quarter(request, plan) -> Quarter | None:
    chosen = request.GET.get("quarter", "")
    if chosen:
        if not chosen.isdigit():
            raise Http404("No such quarter")
        return _quarter(request, int(chosen))
    return quarter_default_for(plan)


def _render_panels(request, quarter) -> list[dict]:
    rendered = []
    for panel in panels.panels():
        context = {"quarter": quarter, **(panel.context(quarter) or {})}
        rendered.append({"panel": panel, "html": render_to_string(panel.template, context, request=request)})
    return rendered


@require_GET
@role_required(*READERS)
def dashboard(request):
    plan = _plan(request)
    quarter = _chosen_quarter(request, plan)
    if quarter is None:
        return render(request, "reporting/dashboard_empty.html", {"plan": plan})
    context = dashboard_context(dashboard_for(quarter))
    context.update(
        plan=plan,
        panels=_render_panels(request, quarter),
        can_challenge=bool(set(CHALLENGERS) & _roles(request)),
        is_admin=Role.BOARD_ADMIN in _roles(request),
    )
    return render(request, "reporting/dashboard.html", context)


@require_GET
@role_required(*READERS)
def dashboard_actions(request, pk):
    quarter = _quarter(request, pk)
    set_name = request.GET.get("set", "all")
    if set_name not in SET_TITLES:
        raise Http404("No such list")
    rag = request.GET.get("rag", "")
    if rag and rag not in Rag.values:
        raise Http404("No such status")
    dash = dashboard_for(quarter)
    priority_pk = request.GET.get("priority", "")
    priority = next((p for p in dash.priorities if str(p.pk) == priority_pk), None)
    if priority_pk and priority is None:
        raise Http404("No such priority")
    stage_code = request.GET.get("stage", "")
    stage = next((s for s in dash.stages if s.code == stage_code), None)
    if stage_code and stage is None:
        raise Http404("No such stage")
    rows = dash.rows_where(set_name=set_name, rag=rag, priority=priority_pk, stage=stage_code)
    latest = dash.latest_challenges_by_action()
    for row in rows:
        row.latest_challenge = latest.get(row.action_id)
    filters = [
        text
        for text in (
            f"status {dict(Rag.choices)[rag]}" if rag else "",
            f"priority {priority.title}" if priority else "",
            f"stage {stage.name}" if stage else "",
        )
        if text
    ]
    return render(
        request,
        "reporting/dashboard_actions.html",
        {
            "quarter": quarter,
            "dash": dash,
            "rows": rows,
            "title": SET_TITLES[set_name],
            "filters": filters,
            "set_name": set_name,
            "can_challenge": bool(set(CHALLENGERS) & _roles(request)),
        },
    )


# ----- challenge and sign-off (BMG) ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*CHALLENGERS)
def challenge_create(request, pk, action_pk):
    quarter = _quarter(request, pk)
    if quarter.state == Quarter.State.FUTURE:
        raise Http404("This quarter has not opened yet")
    action = get_for_board(
        Action.objects.select_related("objective__priority"),
        quarter.plan.board,
        "objective__priority__plan__board",
        pk=action_pk,
        objective__priority__plan=quarter.plan,
    )
    form = ChallengeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_record(quarter=quarter, action=action, user=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            # Signed-off reviews and repeated challenges: shown in the error summary, nothing saved.
            form.add_error("text", error.messages)
        else:
            messages.success(request, f"Your challenge on {action.reference} is recorded for {quarter.label}.")
            return redirect(f"{reverse('reporting:dashboard')}?quarter={quarter.pk}#challenges")
    dash_row = next((r for r in dashboard_for(quarter).rows if r.action_id == action.pk), None)
    return render(
        request, "reporting/challenge_form.html", {"quarter": quarter, "action": action, "form": form, "row": dash_row}
    )


@require_POST
@role_required(*CHALLENGERS)
def review_done(request, pk):
    quarter = _quarter(request, pk)
    try:
        services.quarter_review_mark_done(quarter=quarter, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The review of {quarter.label} is marked done.")
    return redirect(f"{reverse('reporting:dashboard')}?quarter={quarter.pk}#review")


# ----- performance dataset ------------------------------------------------------------------------------------------


@require_GET
@role_required(*INDICATOR_READERS)
def indicator_list(request):
    plan = _plan(request)
    indicators = list(Indicator.objects.filter(plan=plan))
    values = (
        IndicatorValue.objects.filter(indicator__plan=plan).select_related("quarter").order_by("quarter__start_date")
    )
    latest = {}
    for value in values:
        latest[value.indicator_id] = value
    for indicator in indicators:
        indicator.latest_value = latest.get(indicator.pk)
    return render(request, "reporting/indicator_list.html", {"plan": plan, "indicators": indicators})


def _indicator(request, pk) -> Indicator:
    return get_for_board(Indicator.objects.select_related("plan"), require_board(request), "plan__board", pk=pk)


@require_GET
@role_required(*INDICATOR_READERS)
def indicator_detail(request, pk):
    indicator = _indicator(request, pk)
    series = indicator_series(indicator)
    chart = line_chart([(s["value"].quarter.label, s["value"].value) for s in series], target=indicator.target)
    quarters = Quarter.objects.filter(plan=indicator.plan).exclude(state=Quarter.State.FUTURE)
    entered = {s["value"].quarter_id for s in series}
    return render(
        request,
        "reporting/indicator_detail.html",
        {
            "indicator": indicator,
            "series": series,
            "chart": chart,
            "quarters": quarters,
            "entered": entered,
            "can_edit": bool(set(INDICATOR_EDITORS) & _roles(request)),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*INDICATOR_EDITORS)
def indicator_value_edit(request, pk, quarter_pk):
    indicator = _indicator(request, pk)
    quarter = _quarter(request, quarter_pk)
    if quarter.plan_id != indicator.plan_id or quarter.state == Quarter.State.FUTURE:
        raise Http404("No such quarter for this indicator")
    existing = IndicatorValue.objects.filter(indicator=indicator, quarter=quarter).first()
    form = IndicatorValueForm(request.POST if request.method == "POST" else None, instance=existing)
    if request.method == "POST" and form.is_valid():
        services.indicator_value_record(
            indicator=indicator,
            quarter=quarter,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        messages.success(request, f"The value for {quarter.label} is saved.")
        return redirect("reporting:indicator_detail", pk=indicator.pk)
    return render(
        request, "reporting/indicator_value_form.html", {"indicator": indicator, "quarter": quarter, "form": form}
    )


# ----- board pack ---------------------------------------------------------------------------------------------------


@require_GET
@role_required(*READERS)
def board_pack_pdf(request, pk):
    quarter = _quarter(request, pk)
    return exports.board_pack_pdf(request, quarter)


@require_GET
@role_required(*READERS)
def board_pack_xlsx(request, pk):
    return exports.board_pack_xlsx(_quarter(request, pk))


@require_GET
@role_required(*READERS)
def board_pack_csv(request, pk):
    return exports.actions_csv(_quarter(request, pk))


# ----- the platform operator's view across boards ------------------------------------------------------------------


@require_GET
def boards_overview(request):
    """Every board's current plan at a glance, for the platform operator (superuser) of a hosted service.

    Board roles never see this page: no board may see another's data. Superusers hold no board membership.
    """
    if not request.user.is_superuser:
        raise PermissionDenied("Only the platform operator sees every board.")
    return render(request, "reporting/boards_overview.html", {"rows": boards_summary(today=timezone.localdate())})

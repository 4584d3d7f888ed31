"""The performance dataset: the list of indicators with each one's latest value and status against target, an
indicator's series (chart and table), entering a quarter's value, and adding, changing, archiving, removing and
restoring indicators (board administrators and audit coordinators, who chair the PQA sub-group)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_for_board, require_board, role_required

from .. import services
from ..charts import line_chart
from ..forms import IndicatorForm, IndicatorValueForm
from ..indicators import indicator_rows_latest, indicator_status, plan_names_indicators
from ..models import Indicator, IndicatorValue, Quarter
from ..selectors import indicator_series
from .common import INDICATOR_EDITORS, INDICATOR_READERS, get_plan, get_quarter, user_roles


def _indicator(request, pk) -> Indicator:
    return get_for_board(
        Indicator.objects.select_related("plan", "archived_by"), require_board(request), "plan__board", pk=pk
    )


def _can_edit(request) -> bool:
    return bool(set(INDICATOR_EDITORS) & user_roles(request))


def _archived_refusal(request, indicator):
    messages.info(request, "This indicator is archived: restore it before changing it or entering a value.")
    return redirect("reporting:indicator_detail", pk=indicator.pk)


@require_GET
@role_required(*INDICATOR_READERS)
def indicator_list(request):
    plan = get_plan(request)
    rows = indicator_rows_latest(plan)
    can_edit = _can_edit(request)
    return render(
        request,
        "reporting/indicator_list.html",
        {
            "plan": plan,
            "rows": [row for row in rows if not row.indicator.is_archived],
            "archived_rows": [row for row in rows if row.indicator.is_archived],
            "can_edit": can_edit,
            # The starting set is offered only on an empty dataset of Barnet's plan, which names its indicators.
            "offer_plan_indicators": can_edit and not rows and plan_names_indicators(plan),
            "plan_indicator_count": len(services.PLAN_INDICATORS),
        },
    )


@require_POST
@role_required(*INDICATOR_EDITORS)
def indicator_seed(request):
    """Add the indicators Barnet's plan names, to its empty dataset. Any other plan, or a dataset that has
    indicators already (archived ones included), is a 404: there is nothing to offer."""
    plan = get_plan(request)
    if not plan_names_indicators(plan) or Indicator.objects.filter(plan=plan).exists():
        raise Http404("The plan's own indicators are offered only to an empty dataset of the plan that names them")
    added = services.indicators_seed_for_plan(plan=plan, user=request.user)
    messages.success(
        request, f"{len(added)} indicators named in the plan were added. Set their targets and tolerances below."
    )
    return redirect("reporting:indicator_list")


@require_http_methods(["GET", "POST"])
@role_required(*INDICATOR_EDITORS)
def indicator_create(request):
    plan = get_plan(request)
    form = IndicatorForm(request.POST if request.method == "POST" else None, submit="Add indicator")
    if request.method == "POST" and form.is_valid():
        indicator = services.indicator_create(plan=plan, user=request.user, **form.cleaned_data)
        messages.success(request, "The indicator was added. Enter its values from its page.")
        return redirect("reporting:indicator_detail", pk=indicator.pk)
    return render(request, "reporting/indicator_form.html", {"form": form, "plan": plan, "indicator": None})


@require_http_methods(["GET", "POST"])
@role_required(*INDICATOR_EDITORS)
def indicator_edit(request, pk):
    indicator = _indicator(request, pk)
    if indicator.is_archived:
        return _archived_refusal(request, indicator)
    form = IndicatorForm(
        request.POST if request.method == "POST" else None,
        initial=IndicatorForm.initial_for(indicator),
        submit="Save changes",
    )
    if request.method == "POST" and form.is_valid():
        changed = services.indicator_change(indicator=indicator, user=request.user, **form.cleaned_data)
        messages.success(request, "The indicator was changed." if changed else "Nothing was changed.")
        return redirect("reporting:indicator_detail", pk=indicator.pk)
    return render(
        request, "reporting/indicator_form.html", {"form": form, "plan": indicator.plan, "indicator": indicator}
    )


@require_http_methods(["GET", "POST"])
@role_required(*INDICATOR_EDITORS)
def indicator_retire(request, pk):
    """Archive an indicator with values (kept with its page), or remove one with none, after confirmation."""
    indicator = _indicator(request, pk)
    if indicator.is_archived:
        return _archived_refusal(request, indicator)
    values = IndicatorValue.objects.filter(indicator=indicator).count()
    if request.method == "POST":
        try:
            outcome = services.indicator_retire(indicator=indicator, user=request.user)
        except ValidationError as error:
            messages.info(request, error.messages[0])
            return redirect("reporting:indicator_list")
        if outcome == "archived":
            messages.success(request, "The indicator was archived. Its values are kept on its page.")
            return redirect("reporting:indicator_detail", pk=indicator.pk)
        messages.success(request, "The indicator was removed.")
        return redirect("reporting:indicator_list")
    return render(request, "reporting/indicator_retire.html", {"indicator": indicator, "values": values})


@require_POST
@role_required(*INDICATOR_EDITORS)
def indicator_restore(request, pk):
    indicator = _indicator(request, pk)
    if indicator.is_archived:
        services.indicator_restore(indicator=indicator, user=request.user)
        messages.success(request, "The indicator was restored to the dataset.")
    return redirect("reporting:indicator_detail", pk=indicator.pk)


@require_GET
@role_required(*INDICATOR_READERS)
def indicator_detail(request, pk):
    indicator = _indicator(request, pk)
    series = indicator_series(indicator)
    for entry in series:
        entry["status"] = indicator_status(indicator, entry["value"].value)
    chart = line_chart([(s["value"].quarter.label, s["value"].value) for s in series], target=indicator.target)
    quarters = list(Quarter.objects.filter(plan=indicator.plan).exclude(state=Quarter.State.FUTURE))
    entered = {s["value"].quarter_id for s in series}
    return render(
        request,
        "reporting/indicator_detail.html",
        {
            "indicator": indicator,
            "series": series,
            "latest": series[-1] if series else None,
            "chart": chart,
            "quarters": quarters,
            "quarters_to_enter": [q for q in quarters if q.pk not in entered],
            "can_edit": _can_edit(request),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*INDICATOR_EDITORS)
def indicator_value_edit(request, pk, quarter_pk):
    indicator = _indicator(request, pk)
    quarter = get_quarter(request, quarter_pk)
    if quarter.plan_id != indicator.plan_id or quarter.state == Quarter.State.FUTURE:
        raise Http404("No such quarter for this indicator")
    if indicator.is_archived:
        return _archived_refusal(request, indicator)
    existing = IndicatorValue.objects.filter(indicator=indicator, quarter=quarter).first()
    form = IndicatorValueForm(request.POST if request.method == "POST" else None, instance=existing)
    if request.method == "POST" and form.is_valid():
        record = services.indicator_value_record(
            indicator=indicator,
            quarter=quarter,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        status = indicator_status(indicator, record.value)
        messages.success(request, f"The value for {quarter.label} is saved: {status.word.lower()}.")
        return redirect("reporting:indicator_detail", pk=indicator.pk)
    return render(
        request, "reporting/indicator_value_form.html", {"indicator": indicator, "quarter": quarter, "form": form}
    )

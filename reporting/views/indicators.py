"""The performance dataset: the list of indicators, an indicator's series with its chart, and entering a quarter's
value (board administrators and audit coordinators)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_for_board, require_board, role_required

from .. import services
from ..charts import line_chart
from ..forms import IndicatorValueForm
from ..models import Indicator, IndicatorValue, Quarter
from ..selectors import indicator_series
from .common import INDICATOR_EDITORS, INDICATOR_READERS, get_plan, get_quarter, user_roles


def _indicator(request, pk) -> Indicator:
    return get_for_board(Indicator.objects.select_related("plan"), require_board(request), "plan__board", pk=pk)


@require_GET
@role_required(*INDICATOR_READERS)
def indicator_list(request):
    plan = get_plan(request)
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
            "can_edit": bool(set(INDICATOR_EDITORS) & user_roles(request)),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*INDICATOR_EDITORS)
def indicator_value_edit(request, pk, quarter_pk):
    indicator = _indicator(request, pk)
    quarter = get_quarter(request, quarter_pk)
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

"""Pages of the core business measures' progress: the list (the core business plan with each measure's status), a
measure's page with its history, the quarterly update form (its leads and administrators) and the administrator's
choice of its leads. Every page shows the signed-in person's own board; another board's measure is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_for_board, require_board, role_required
from accounts.roles import Role, has_role
from plans.models import CoreMeasure, Lead
from plans.models.core import measures_year_label
from plans.quarters import quarter_open_for
from plans.selectors import current_plan_for

from .forms import MeasureLeadsForm, MeasureUpdateForm
from .models import CoreMeasureUpdate
from .rules import can_update_measure, measures_led_by
from .selectors import plan_measures, status_counts
from .services import StaleMeasureError, measure_leads_set, measure_update_record

RETURN_TO_MY_ACTIONS = "my-actions"  # as priorities' update form: the only other page the form sends back to


def _measure(request, pk):
    """The measure, if it is on the user's board's plans (else 404), with its core priority, plan and leads."""
    board = require_board(request)
    queryset = CoreMeasure.objects.select_related("core_priority__plan").prefetch_related(
        Prefetch("leads", queryset=Lead.objects.select_related("agency").order_by("name"))
    )
    return get_for_board(queryset, board, "core_priority__plan__board", pk=pk)


def _history(measure):
    return list(
        CoreMeasureUpdate.objects.filter(measure=measure)
        .select_related("author", "quarter")
        .order_by("-created_at", "-id")
    )


@require_GET
@role_required()
def measure_list(request):
    """The core business plan's measures with their status now, leads and latest commentary, by core priority."""
    board = require_board(request)
    plan = current_plan_for(board)
    rows = plan_measures(plan)
    is_admin = has_role(request.user, Role.BOARD_ADMIN)
    if is_admin:  # an administrator may update any measure (corebusiness.rules.can_update_measure)
        mine = {m.measure.pk for row in rows for m in row.measures}
    else:
        mine = set(measures_led_by(request.user, board=board).values_list("pk", flat=True))
    open_quarter = quarter_open_for(plan)
    return render(
        request,
        "corebusiness/measure_list.html",
        {
            "plan": plan,
            "rows": rows,
            "counts": status_counts(rows),
            "total": sum(len(row.measures) for row in rows),
            "measures_year": measures_year_label(plan),
            "open_quarter": open_quarter,
            "mine": mine,
            "is_admin": is_admin,
        },
    )


@require_GET
@role_required()
def measure_detail(request, pk):
    """A measure: its core priority, leads, status now and every update, newest first."""
    measure = _measure(request, pk)
    history = _history(measure)
    return render(
        request,
        "corebusiness/measure_detail.html",
        {
            "measure": measure,
            "plan": measure.core_priority.plan,
            "history": history,
            "latest": history[0] if history else None,
            "measures_year": measures_year_label(measure.core_priority.plan),
            "open_quarter": quarter_open_for(measure.core_priority.plan),
            "can_update": can_update_measure(request.user, measure),
            "is_admin": has_role(request.user, Role.BOARD_ADMIN),
        },
    )


@require_http_methods(["GET", "POST"])
def measure_update(request, pk):
    """GET: the quarterly update form. POST: record the update, or explain why not and keep what was typed.

    No role decorator: the measure is looked up on the user's board first (another board's is a 404 whatever the
    role), then `can_update_measure` refuses anyone but its leads and the administrators (403).
    """
    measure = _measure(request, pk)
    if not can_update_measure(request.user, measure):
        raise PermissionDenied("Only the measure's leads and board administrators can update it.")
    return_to = request.POST.get("return_to") or request.GET.get("return_to") or ""
    return_to = RETURN_TO_MY_ACTIONS if return_to == RETURN_TO_MY_ACTIONS else ""
    history = _history(measure)
    current_rag = history[0].rag if history else "not_started"
    stale_updates = None

    if request.method == "POST":
        form = MeasureUpdateForm(request.POST, current_rag=current_rag)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update = measure_update_record(
                    measure=measure,
                    user=request.user,
                    rag=data["rag"],
                    commentary=data["commentary"],
                    expected_version=data["version"],
                )
            except StaleMeasureError as stale:
                stale_updates = stale.updates
                history = _history(measure)
                current_rag = history[0].rag if history else "not_started"
                # Keep what the person typed; only the version moves on, so that saving again (having seen the
                # other update) is a deliberate choice rather than a silent overwrite.
                posted = request.POST.copy()
                posted["version"] = str(stale.version)
                form = MeasureUpdateForm(posted, current_rag=current_rag)
                form.is_valid()
                form.add_error(None, "Someone else updated this measure while you were editing")
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, field_errors in error.error_dict.items():
                        for message in field_errors:
                            form.add_error(field, message)
                else:
                    for message in error.messages:
                        form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"Core business measure {measure.reference} updated: status is now {update.get_rag_display()}",
                )
                if return_to == RETURN_TO_MY_ACTIONS and has_role(request.user, Role.LEAD):
                    return redirect(reverse("priorities:my_actions"))
                return redirect(reverse("corebusiness:measure_detail", args=[measure.pk]))
    else:
        form = MeasureUpdateForm(initial={"rag": current_rag, "version": len(history)}, current_rag=current_rag)

    return render(
        request,
        "corebusiness/measure_update.html",
        {
            "measure": measure,
            "form": form,
            "history": history,
            "latest": history[0] if history else None,
            "current_rag": current_rag,
            "open_quarter": quarter_open_for(measure.core_priority.plan),
            "stale_updates": stale_updates,
            "return_to": return_to,
        },
        status=409 if stale_updates is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required()
def measure_leads(request, pk):
    """The board administrator names the measure's leads (recorded in the audit log). The measure is looked up on the
    user's board first (another board's is a 404 whatever the role), then the role is checked (403)."""
    measure = _measure(request, pk)
    if not has_role(request.user, Role.BOARD_ADMIN):
        raise PermissionDenied("Only the board administrator names a measure's leads.")
    board = measure.core_priority.plan.board
    if request.method == "POST":
        form = MeasureLeadsForm(request.POST, board=board)
        if form.is_valid():
            try:
                measure_leads_set(measure=measure, leads=form.cleaned_data["leads"], user=request.user)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("leads", message)
            else:
                messages.success(request, f"Leads of core business measure {measure.reference} saved")
                return redirect(reverse("corebusiness:measure_detail", args=[measure.pk]))
    else:
        form = MeasureLeadsForm(initial={"leads": [lead.pk for lead in measure.leads.all()]}, board=board)
    return render(request, "corebusiness/measure_leads.html", {"measure": measure, "form": form})

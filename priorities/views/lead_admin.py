"""The board administrator's corrections to the plan's leads (namespace `plans:`): change a lead (a name, or a
"person" that is really a group), merge two leads that are the same, remove a placeholder nobody uses. An import adds
the names it does not recognise as leads to check (onboarding/plan_import/writer.py); this is where they are checked.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import get_for_board, require_board, role_required
from accounts.roles import Role
from plans.models import Lead

from ..lead_forms import LeadForm, LeadMergeForm
from ..lead_services import LeadInUse, lead_merge, lead_remove, lead_usage


def _lead(request, pk):
    return get_for_board(Lead.objects.select_related("board", "agency", "user"), require_board(request), "board", pk=pk)


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def lead_edit(request, pk):
    lead = _lead(request, pk)
    form = LeadForm(request.POST or None, instance=lead)
    if request.method == "POST" and form.is_valid():
        lead = form.save()
        messages.success(request, f"Changes to {lead.name} saved")
        return redirect("plans:lead_detail", pk=lead.pk)
    return render(request, "plans/lead_edit.html", {"lead": lead, "form": form, "usage": lead_usage(lead)})


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def lead_merge_view(request, pk):
    lead = _lead(request, pk)
    form = LeadMergeForm(request.POST or None, lead=lead)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        moved = lead_merge(source=lead, target=target)
        messages.success(
            request, f"{lead.name} merged into {target.name}: {moved} action{'s' if moved != 1 else ''} moved"
        )
        return redirect("plans:lead_detail", pk=target.pk)
    return render(request, "plans/lead_merge.html", {"lead": lead, "form": form, "usage": lead_usage(lead)})


@require_POST
@role_required(Role.BOARD_ADMIN)
def lead_remove_view(request, pk):
    lead = _lead(request, pk)
    try:
        lead_remove(lead=lead)
    except LeadInUse as exc:
        messages.error(request, str(exc))
        return redirect("plans:lead_edit", pk=lead.pk)
    messages.success(request, f"{lead.name} removed")
    return redirect("plans:lead_list")

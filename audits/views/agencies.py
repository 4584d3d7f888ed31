"""Agencies in an open cycle: the coordinator adds agencies (each gets a return, or its withdrawn return back) and
removes one (its return is withdrawn with a reason, kept with its history and left out of every count).

Each view looks the cycle or return up on the user's board first (another board's: 404), then checks the role
(anyone but the audit coordinator: 403)."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render

from plans.models import Agency

from .. import services
from ..forms import AgencyAddForm, WithdrawForm
from ..models import ReturnStatus
from .common import COORDINATOR, get_cycle, get_return


def _addable(cycle):
    """The board's agencies that may be added: no return in the cycle, or a withdrawn one (restored on adding)."""
    live = cycle.returns.exclude(status=ReturnStatus.WITHDRAWN).values("agency_id")
    return Agency.objects.filter(board=cycle.board).exclude(Q(pk__in=live)).order_by("name")


def cycle_agency_add(request, pk):
    cycle = get_cycle(request, pk, COORDINATOR)
    agencies = _addable(cycle)
    form = AgencyAddForm(request.POST if request.method == "POST" else None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        added = form.cleaned_data["agencies"]
        for agency in added:
            services.return_add(cycle=cycle, agency=agency, user=request.user)
        names = ", ".join(a.name for a in added)
        messages.success(request, f"Added to {cycle.title}: {names}")
        return redirect("audits:cycle_detail", pk=cycle.pk)
    withdrawn = {r.agency_id for r in cycle.returns.filter(status=ReturnStatus.WITHDRAWN)}
    return render(
        request,
        "audits/cycle_agency_add.html",
        {"form": form, "cycle": cycle, "has_agencies": agencies.exists(), "withdrawn": withdrawn},
    )


def return_withdraw(request, pk):
    agency_return = get_return(request, pk, COORDINATOR)
    cycle = agency_return.cycle
    if agency_return.status == ReturnStatus.WITHDRAWN:
        messages.error(request, f"{agency_return.agency.name} has already been removed from {cycle.title}")
        return redirect("audits:cycle_detail", pk=cycle.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_withdraw(agency_return=agency_return, user=request.user, reason=form.cleaned_data["reason"])
        except services.TransitionRefused as refusal:
            form.add_error("reason", str(refusal))
        else:
            messages.success(request, f"{agency_return.agency.name} has been removed from {cycle.title}")
            return redirect("audits:cycle_detail", pk=cycle.pk)
    return render(request, "audits/return_withdraw.html", {"form": form, "agency_return": agency_return})

"""Multi-agency themed audits (commissioned by the PQA sub-group) with their recommendations, and the audit map of
single-agency audits reported to the board."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.access import get_for_board, require_board, role_required
from accounts.roles import Role, has_role
from bscb.pagination import configure_table

from .. import findings
from ..filters import SingleAgencyAuditFilter
from ..forms import RecommendationForm, SingleAgencyAuditForm, ThemedAuditForm
from ..models import SingleAgencyAudit, ThemedAudit
from ..selectors import audit_map_removed
from ..tables import SingleAgencyAuditTable, ThemedAuditTable
from .common import COORDINATOR, READERS, require_role

THEMED_FIELDS = [
    "theme",
    "scope",
    "commissioned_on",
    "audit_date",
    "reported_on",
    "findings",
    "learning_disseminated",
]


def _get_themed(request, pk, *roles):
    """A themed audit of the user's board (else 404, whatever the role), for a user holding one of `roles` (else
    403)."""
    audit = get_for_board(ThemedAudit.objects.all(), require_board(request), "board", pk=pk)
    require_role(request, *roles)
    return audit


@require_GET
@role_required(*READERS)
def themed_list(request):
    board = require_board(request)
    audits = ThemedAudit.objects.filter(board=board).prefetch_related("agencies", "priorities", "recommendations")
    table = ThemedAuditTable(audits)
    configure_table(request, table, per_page=25)
    return render(
        request, "audits/themed_list.html", {"table": table, "can_coordinate": has_role(request.user, COORDINATOR)}
    )


@role_required(COORDINATOR)
def themed_create(request):
    board = require_board(request)
    form = ThemedAuditForm(request.POST if request.method == "POST" else None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        audit = ThemedAudit.objects.create(board=board, **{name: data[name] for name in THEMED_FIELDS})
        audit.agencies.set(data["agencies"])
        audit.priorities.set(data["priorities"])
        messages.success(request, f"Themed audit added: {audit.theme}")
        return redirect("audits:themed_detail", pk=audit.pk)
    return render(request, "audits/themed_form.html", {"form": form, "audit": None})


@require_GET
def themed_detail(request, pk):
    audit = _get_themed(request, pk, *READERS)
    return render(
        request,
        "audits/themed_detail.html",
        {
            "audit": audit,
            "agencies": audit.agencies.all(),
            "priorities": audit.priorities.select_related("plan"),
            "recommendations": audit.recommendations.select_related("owner_lead"),
            "can_coordinate": has_role(request.user, COORDINATOR),
        },
    )


def themed_update(request, pk):
    audit = _get_themed(request, pk, COORDINATOR)
    initial = {name: getattr(audit, name) for name in THEMED_FIELDS}
    initial.update(agencies=audit.agencies.all(), priorities=audit.priorities.all())
    form = ThemedAuditForm(request.POST if request.method == "POST" else None, board=audit.board, initial=initial)
    if request.method == "POST" and form.is_valid():
        for name in THEMED_FIELDS:
            setattr(audit, name, form.cleaned_data[name])
        audit.save()
        audit.agencies.set(form.cleaned_data["agencies"])
        audit.priorities.set(form.cleaned_data["priorities"])
        messages.success(request, "The themed audit has been updated")
        return redirect("audits:themed_detail", pk=audit.pk)
    return render(request, "audits/themed_form.html", {"form": form, "audit": audit})


def recommendation_create(request, pk):
    audit = _get_themed(request, pk, COORDINATOR)
    form = RecommendationForm(request.POST if request.method == "POST" else None, board=audit.board)
    if request.method == "POST" and form.is_valid():
        findings.recommendation_save(themed_audit=audit, **form.cleaned_data)
        messages.success(request, "Recommendation added")
        return redirect("audits:themed_detail", pk=audit.pk)
    return render(request, "audits/recommendation_form.html", {"form": form, "audit": audit, "recommendation": None})


def recommendation_update(request, pk, recommendation_pk):
    audit = _get_themed(request, pk, COORDINATOR)
    recommendation = audit.recommendations.filter(pk=recommendation_pk).first()
    if recommendation is None:
        raise Http404("No recommendation found")
    initial = {name: getattr(recommendation, name) for name in ["text", "owner", "due_date"]}
    initial.update(
        owner_lead=recommendation.owner_lead_id,
        plan_actions=list(recommendation.plan_actions.values_list("pk", flat=True)),
    )
    form = RecommendationForm(request.POST if request.method == "POST" else None, initial=initial, board=audit.board)
    if request.method == "POST" and form.is_valid():
        findings.recommendation_save(themed_audit=audit, recommendation=recommendation, **form.cleaned_data)
        messages.success(request, "The recommendation has been updated")
        return redirect("audits:themed_detail", pk=audit.pk)
    return render(
        request, "audits/recommendation_form.html", {"form": form, "audit": audit, "recommendation": recommendation}
    )


@require_GET
@role_required(*READERS)
def audit_map(request):
    board = require_board(request)
    audit_filter = SingleAgencyAuditFilter(
        request.GET, queryset=SingleAgencyAudit.objects.filter(board=board).select_related("agency"), board=board
    )
    can_edit = has_role(request.user, COORDINATOR, Role.BOARD_ADMIN)
    table = SingleAgencyAuditTable(audit_filter.qs, can_edit=can_edit)
    configure_table(request, table, per_page=50)
    return render(
        request,
        "audits/audit_map.html",
        {
            "table": table,
            "filter": audit_filter,
            "can_coordinate": has_role(request.user, COORDINATOR),
            "removed": audit_map_removed(board),
        },
    )


@role_required(COORDINATOR)
def audit_map_create(request):
    board = require_board(request)
    form = SingleAgencyAuditForm(request.POST if request.method == "POST" else None, board=board)
    if request.method == "POST" and form.is_valid():
        entry = SingleAgencyAudit.objects.create(board=board, **form.cleaned_data)
        messages.success(request, f"Added to the audit map: {entry.agency.name}, {entry.topic}")
        return redirect("audits:audit_map")
    return render(request, "audits/audit_map_form.html", {"form": form})

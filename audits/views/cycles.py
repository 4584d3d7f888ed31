"""Audit cycles: the audits home page, opening and editing a cycle, its standards, the compliance overview and its
export, and the practitioner questionnaire.

A view of one cycle checks the role in `get_cycle`, after looking the cycle up on the user's board: another board's
cycle is a 404 whatever the role, a wrong role on this board a 403."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.access import agency_of, require_board, role_required
from accounts.roles import has_role
from bscb.exports import csv_response
from plans.models import Agency

from .. import services
from ..forms import CycleForm, CycleUpdateForm, QuestionnaireForm, StandardForm
from ..models import AgencyReturn, AuditCycle, SingleAgencyAudit, ThemedAudit
from ..selectors import compliance_overview, questionnaire_answered, questionnaire_summary
from .common import CONTACT, COORDINATOR, PRACTITIONERS, READERS, get_cycle


@require_GET
@role_required(*READERS, CONTACT)
def index(request):
    """Coordinators and readers see the cycles, themed audits and audit map; agency contacts land on their return."""
    board = require_board(request)
    if not has_role(request.user, *READERS):
        own = (
            AgencyReturn.objects.filter(cycle__board=board, agency=agency_of(request.user))
            .order_by("-cycle__financial_year", "-cycle_id")
            .first()
        )
        return redirect("audits:return_detail", pk=own.pk) if own else redirect("audits:return_list")
    cycles = AuditCycle.objects.filter(board=board).order_by("-financial_year", "-id")
    return render(
        request,
        "audits/index.html",
        {
            "cycles": cycles,
            "themed_count": ThemedAudit.objects.filter(board=board).count(),
            "map_count": SingleAgencyAudit.objects.filter(board=board).count(),
            "can_coordinate": has_role(request.user, COORDINATOR),
        },
    )


@role_required(COORDINATOR)
def cycle_create(request):
    board = require_board(request)
    form = CycleForm(request.POST if request.method == "POST" else None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if AuditCycle.objects.filter(board=board, title=data["title"]).exists():
            form.add_error("title", "A cycle with this title already exists: choose another title")
        else:
            cycle = services.cycle_open(
                board=board,
                plan=board.plans.filter(is_current=True).order_by("-start_year").first(),
                title=data["title"],
                financial_year=data["financial_year"],
                deadline=data["deadline"],
                agencies=data["agencies"],
                introduction=data["introduction"],
                user=request.user,
                carry_from=data["carry_from"],
            )
            carried = cycle.returns.filter(carried_from__isnull=False).count()
            carried_text = f"; {carried} started from {data['carry_from'].title}" if data["carry_from"] else ""
            messages.success(
                request,
                f"{cycle.title} is open: {cycle.returns.count()} agencies are asked to return{carried_text}",
            )
            return redirect("audits:cycle_detail", pk=cycle.pk)
    return render(request, "audits/cycle_form.html", {"form": form, "cycle": None})


def cycle_update(request, pk):
    cycle = get_cycle(request, pk, COORDINATOR)
    initial = {"title": cycle.title, "deadline": cycle.deadline, "introduction": cycle.introduction}
    form = CycleUpdateForm(
        request.POST if request.method == "POST" else None, initial=initial, current_deadline=cycle.deadline
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if AuditCycle.objects.filter(board=cycle.board, title=data["title"]).exclude(pk=cycle.pk).exists():
            form.add_error("title", "A cycle with this title already exists: choose another title")
        else:
            cycle.title, cycle.deadline, cycle.introduction = data["title"], data["deadline"], data["introduction"]
            cycle.save(update_fields=["title", "deadline", "introduction"])
            messages.success(request, "The cycle has been updated")
            return redirect("audits:cycle_detail", pk=cycle.pk)
    return render(request, "audits/cycle_form.html", {"form": form, "cycle": cycle})


@require_GET
def cycle_detail(request, pk):
    """The compliance overview of a cycle."""
    cycle = get_cycle(request, pk, *READERS)
    return render(
        request,
        "audits/cycle_detail.html",
        {"overview": compliance_overview(cycle), "cycle": cycle, "can_coordinate": has_role(request.user, COORDINATOR)},
    )


@require_GET
def cycle_export(request, pk):
    cycle = get_cycle(request, pk, *READERS)
    overview = compliance_overview(cycle)
    header = ["Agency", "Status", "Overdue", *[s.title for s in overview.standards]]
    rows = []
    for row in overview.rows:
        cells = []
        for cell in row.cells:
            if cell is None or not cell.self_rating:
                cells.append("Not rated")
            elif cell.moderated_rating:
                cells.append(f"{cell.get_moderated_rating_display()} (self: {cell.get_self_rating_display()})")
            else:
                cells.append(cell.get_self_rating_display())
        rows.append(
            [
                row.agency_return.agency.name,
                row.agency_return.get_status_display(),
                "Yes" if row.overdue else "No",
                *cells,
            ]
        )
    return csv_response(f"section-11-overview-{cycle.pk}.csv", header, rows)


def standard_create(request, pk):
    cycle = get_cycle(request, pk, COORDINATOR)
    form = StandardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.standard_add(cycle=cycle, **form.cleaned_data)
        messages.success(request, "The standard has been added to every return")
        return redirect("audits:cycle_detail", pk=cycle.pk)
    return render(request, "audits/standard_form.html", {"form": form, "cycle": cycle, "standard": None})


def standard_update(request, pk, standard_pk):
    cycle = get_cycle(request, pk, COORDINATOR)
    standard = cycle.standards.filter(pk=standard_pk).first()
    if standard is None:
        raise Http404("No standard found")
    form = StandardForm(
        request.POST if request.method == "POST" else None,
        initial={"title": standard.title, "description": standard.description},
    )
    if request.method == "POST" and form.is_valid():
        standard.title, standard.description = form.cleaned_data["title"], form.cleaned_data["description"]
        standard.save(update_fields=["title", "description"])
        messages.success(request, "The standard has been updated")
        return redirect("audits:cycle_detail", pk=cycle.pk)
    return render(request, "audits/standard_form.html", {"form": form, "cycle": cycle, "standard": standard})


def _answered(request, cycle, *, refused=False):
    return render(
        request,
        "audits/questionnaire_answered.html",
        {"cycle": cycle, "refused": refused},
        status=409 if refused else 200,
    )


@role_required(*PRACTITIONERS)
def questionnaire_answer(request, pk):
    """Any member of the board may answer, once per cycle: practitioners' answers are stored with their agency and
    the date only; that the person has answered is kept apart, with no link to the answers. An agency audit contact
    answers for their own agency; anyone else picks the agency."""
    cycle = get_cycle(request, pk)
    if questionnaire_answered(cycle, request.user):
        return _answered(request, cycle, refused=request.method == "POST")
    fixed_agency = agency_of(request.user)
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        questions=cycle.questions.all(),
        agencies=Agency.objects.filter(s11_returns__cycle=cycle).order_by("name"),
        fixed_agency=fixed_agency,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_submit(
                cycle=cycle, agency=form.agency_value(), answers=form.answers(), respondent=request.user
            )
        except services.AlreadyAnswered:  # a second request sent at the same time as the first
            return _answered(request, cycle, refused=True)
        messages.success(request, "Thank you: your answers have been recorded without your name")
        return redirect("audits:questionnaire_answer", pk=cycle.pk)
    return render(request, "audits/questionnaire_form.html", {"form": form, "cycle": cycle, "agency": fixed_agency})


@require_GET
def questionnaire_results(request, pk):
    cycle = get_cycle(request, pk, *READERS)
    return render(
        request, "audits/questionnaire_results.html", {"cycle": cycle, "summary": questionnaire_summary(cycle)}
    )


__all__ = [
    "cycle_create",
    "cycle_detail",
    "cycle_export",
    "cycle_update",
    "index",
    "questionnaire_answer",
    "questionnaire_results",
    "standard_create",
    "standard_update",
]

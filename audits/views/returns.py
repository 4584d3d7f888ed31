"""Agencies' returns: the list, a return with its history, the agency's self-assessment and improvement actions, the
workflow steps (submit, challenge, accept) and the coordinator's moderation.

Every view of one return looks it up through `get_return`, which checks the role only after finding the return on
the user's board: another board's return is a 404 whatever the role, a wrong role on this board a 403, and an agency
audit contact gets a 404 for another agency's return by every URL open to contacts. The agency edits only while the
return is draft or challenged (`services` enforces it too).
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import require_board, role_required
from accounts.roles import has_role
from bscb.exports import csv_response

from .. import findings, services
from ..forms import AssessmentForm, ChallengeForm, ImprovementActionForm, ModerationForm, NoteForm
from ..models import ImprovementAction
from ..selectors import returns_visible_to
from .common import CONTACT, COORDINATOR, READERS, get_assessment, get_return


@require_GET
@role_required(*READERS, CONTACT)
def return_list(request):
    board = require_board(request)
    returns = (
        returns_visible_to(request.user, board)
        .select_related("cycle", "agency")
        .order_by("-cycle__financial_year", "cycle_id", "agency__name")
    )
    return render(request, "audits/return_list.html", {"returns": returns})


@require_GET
def return_detail(request, pk):
    agency_return = get_return(request, pk, *READERS, CONTACT)
    # The owner with each action: the page names it (a lead's name or the free text).
    actions = Prefetch("actions", queryset=ImprovementAction.objects.select_related("owner_lead"))
    assessments = list(agency_return.assessments.select_related("standard", "moderated_by").prefetch_related(actions))
    is_contact = has_role(request.user, CONTACT)
    return render(
        request,
        "audits/return_detail.html",
        {
            "agency_return": agency_return,
            "cycle": agency_return.cycle,
            "assessments": assessments,
            "completed": sum(1 for a in assessments if a.is_complete),
            "events": agency_return.events.select_related("actor"),
            "challenge": agency_return.events.filter(to_status="challenged").order_by("-at", "-id").first(),
            "can_edit": is_contact and agency_return.is_editable,
            "can_coordinate": has_role(request.user, COORDINATOR),
            "is_reader": has_role(request.user, *READERS),
            "is_overdue": agency_return.is_overdue(),
            # Standards rated Not met or Partially met with no improvement action yet: they block submission.
            "gaps": services.submission_gaps(assessments),
            "unconfirmed": [a for a in assessments if a.carried_forward],
        },
    )


@require_GET
def return_export(request, pk):
    agency_return = get_return(request, pk, *READERS, CONTACT)
    rows = []
    owned = Prefetch("actions", queryset=ImprovementAction.objects.select_related("owner_lead"))
    for assessment in agency_return.assessments.select_related("standard").prefetch_related(owned):
        actions = "; ".join(
            f"{a.description} (owner {a.owner_name}, due {a.due_date:%d/%m/%Y}, {a.get_progress_display()})"
            for a in assessment.actions.all()
        )
        rows.append(
            [
                assessment.standard.title,
                assessment.get_self_rating_display() or "Not rated",
                assessment.evidence,
                assessment.get_moderated_rating_display() or "",
                assessment.moderation_notes,
                actions,
            ]
        )
    header = ["Standard", "Self-assessment", "Evidence", "Moderated rating", "Moderation notes", "Improvement actions"]
    return csv_response(f"section-11-return-{agency_return.pk}.csv", header, rows)


def _editable_return(request, pk):
    """The agency's own return (for an agency audit contact only), and whether it may be edited now (if not, the user
    has been told why)."""
    agency_return = get_return(request, pk, CONTACT)
    if not agency_return.is_editable:
        messages.error(
            request,
            f"This return is {agency_return.get_status_display().lower()}: you can change it only while it is a "
            "draft or has been challenged",
        )
        return agency_return, False
    return agency_return, True


def assessment_update(request, pk, standard_pk):
    agency_return, editable = _editable_return(request, pk)
    if not editable:
        return redirect("audits:return_detail", pk=agency_return.pk)
    assessment = get_assessment(agency_return, standard_pk)
    initial = {"self_rating": assessment.self_rating or None, "evidence": assessment.evidence}
    form = AssessmentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.assessment_update(assessment=assessment, **form.cleaned_data)
        messages.success(request, f"Saved: {assessment.standard.title}")
        return redirect("audits:return_detail", pk=agency_return.pk)
    return render(
        request,
        "audits/assessment_form.html",
        {"form": form, "agency_return": agency_return, "assessment": assessment},
    )


def improvement_action_create(request, pk, standard_pk):
    agency_return, editable = _editable_return(request, pk)
    if not editable:
        return redirect("audits:return_detail", pk=agency_return.pk)
    assessment = get_assessment(agency_return, standard_pk)
    form = ImprovementActionForm(request.POST if request.method == "POST" else None, board=agency_return.cycle.board)
    if request.method == "POST" and form.is_valid():
        findings.improvement_action_save(assessment=assessment, **form.cleaned_data)
        messages.success(request, f"Action added to {assessment.standard.title}")
        return redirect("audits:return_detail", pk=agency_return.pk)
    return render(
        request,
        "audits/improvement_action_form.html",
        {"form": form, "agency_return": agency_return, "assessment": assessment, "action": None},
    )


def improvement_action_update(request, pk, action_pk):
    agency_return, editable = _editable_return(request, pk)
    if not editable:
        return redirect("audits:return_detail", pk=agency_return.pk)
    action = (
        ImprovementAction.objects.select_related("assessment__standard")
        .filter(assessment__agency_return=agency_return, pk=action_pk)
        .first()
    )
    if action is None:
        raise Http404("No action found")
    initial = {
        "description": action.description,
        "owner_lead": action.owner_lead_id,
        "owner": action.owner,
        "due_date": action.due_date,
        "plan_actions": list(action.plan_actions.values_list("pk", flat=True)),
    }
    form = ImprovementActionForm(
        request.POST if request.method == "POST" else None, initial=initial, board=agency_return.cycle.board
    )
    if request.method == "POST" and form.is_valid():
        action.assessment.agency_return = agency_return
        findings.improvement_action_save(assessment=action.assessment, action=action, **form.cleaned_data)
        messages.success(request, "The action has been updated")
        return redirect("audits:return_detail", pk=agency_return.pk)
    return render(
        request,
        "audits/improvement_action_form.html",
        {"form": form, "agency_return": agency_return, "assessment": action.assessment, "action": action},
    )


@require_POST
def return_submit(request, pk):
    agency_return = get_return(request, pk, CONTACT)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.return_submit(agency_return=agency_return, user=request.user, note=form.cleaned_data.get("note", ""))
    except services.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Your return has been {agency_return.get_status_display().lower()}")
    return redirect("audits:return_detail", pk=agency_return.pk)


def return_challenge(request, pk):
    agency_return = get_return(request, pk, COORDINATOR)
    form = ChallengeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_challenge(
                agency_return=agency_return, user=request.user, questions=form.cleaned_data["questions"]
            )
        except services.TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, f"The return has been sent back to {agency_return.agency.name} with your questions"
            )
        return redirect("audits:return_detail", pk=agency_return.pk)
    return render(request, "audits/return_challenge.html", {"form": form, "agency_return": agency_return})


@require_POST
def return_accept(request, pk):
    agency_return = get_return(request, pk, COORDINATOR)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.return_accept(agency_return=agency_return, user=request.user, note=form.cleaned_data.get("note", ""))
    except services.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"The return from {agency_return.agency.name} has been accepted")
    return redirect("audits:return_detail", pk=agency_return.pk)


def assessment_moderate(request, pk, standard_pk):
    agency_return = get_return(request, pk, COORDINATOR)
    assessment = get_assessment(agency_return, standard_pk)
    initial = {"moderated_rating": assessment.moderated_rating or None, "notes": assessment.moderation_notes}
    form = ModerationForm(
        request.POST if request.method == "POST" else None, initial=initial, self_rating=assessment.self_rating
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_moderate(
                assessment=assessment,
                user=request.user,
                moderated_rating=form.cleaned_data["moderated_rating"],
                notes=form.cleaned_data["notes"],
            )
        except services.TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, f"Moderation saved: {assessment.standard.title} ({assessment.moderation_difference})"
            )
        return redirect("audits:return_detail", pk=agency_return.pk)
    return render(
        request,
        "audits/assessment_moderate.html",
        {"form": form, "agency_return": agency_return, "assessment": assessment},
    )

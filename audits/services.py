"""Writes to Section 11 audits. Keyword-only functions, one transaction each.

The return workflow is a small state machine with explicit allowed transitions:

    draft -> submitted -> challenged -> resubmitted -> accepted
                     \\-> accepted        ^        \\-> challenged (again)

A refused transition raises `TransitionRefused` with a sentence for the person and changes nothing.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notify
from .carry_forward import carry_forward
from .models import (
    DEFAULT_QUESTIONS,
    DEFAULT_STANDARDS,
    AgencyReturn,
    AuditCycle,
    ImprovementAction,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireRespondent,
    QuestionnaireResponse,
    Rating,
    ReturnEvent,
    ReturnStatus,
    Standard,
    StandardAssessment,
)

S = ReturnStatus
# (from, to) -> the step's name as a person would say it.
ALLOWED_TRANSITIONS = {
    (S.DRAFT, S.SUBMITTED): "submit",
    (S.SUBMITTED, S.CHALLENGED): "challenge",
    (S.RESUBMITTED, S.CHALLENGED): "challenge",
    (S.CHALLENGED, S.RESUBMITTED): "resubmit",
    (S.SUBMITTED, S.ACCEPTED): "accept",
    (S.RESUBMITTED, S.ACCEPTED): "accept",
    # The agency is removed from the cycle (audits.views.agencies): from any status, the history kept.
    **{(status, S.WITHDRAWN): "withdraw" for status in S if status != S.WITHDRAWN},
}
# Adding a removed agency again puts its return back in the status it was withdrawn from (decision: its ratings,
# evidence and workflow history are kept, so nothing is re-typed). Only `return_add` uses these, so that no other step
# (accept, submit) can move a withdrawn return.
RESTORE_TRANSITIONS = {(S.WITHDRAWN, status): "restore" for status in S if status != S.WITHDRAWN}


# Self-ratings that need an improvement action before the return can be sent.
GAP_RATINGS = frozenset({Rating.NOT_MET, Rating.PARTIALLY_MET})


class TransitionRefused(Exception):
    """A workflow step that is not allowed from the return's current status (or not ready)."""


@transaction.atomic
def cycle_open(
    *,
    board,
    title: str,
    financial_year: int,
    deadline: datetime.date,
    agencies,
    user=None,
    plan=None,
    introduction: str = "",
    standards=None,
    questions=None,
    carry_from=None,
) -> AuditCycle:
    """Open a cycle: its standards (the eight key features unless given), a draft return for every agency required
    to return, and the practitioner questionnaire. With `carry_from` (an earlier cycle of the same board) each agency's
    return starts from its accepted return there (`audits.carry_forward`)."""
    cycle = AuditCycle.objects.create(
        board=board,
        plan=plan,
        title=title,
        financial_year=financial_year,
        deadline=deadline,
        introduction=introduction,
        opened_by=user,
    )
    for order, (standard_title, description) in enumerate(standards or DEFAULT_STANDARDS, start=1):
        Standard.objects.create(cycle=cycle, order=order, title=standard_title, description=description)
    for order, text in enumerate(questions or DEFAULT_QUESTIONS, start=1):
        QuestionnaireQuestion.objects.create(cycle=cycle, order=order, text=text)
    for agency in agencies:
        return_add(cycle=cycle, agency=agency, user=user)
    if carry_from is not None:
        carry_forward(cycle=cycle, source=carry_from, user=user)
    return cycle


@transaction.atomic
def return_add(*, cycle, agency, user=None, is_demo=False) -> AgencyReturn:
    """Require an agency to return in this cycle (idempotent), with an empty assessment per standard. A return
    withdrawn earlier is restored to the status it was withdrawn from, with its ratings, evidence and history."""
    if agency.board_id != cycle.board_id:
        raise ValueError("The agency belongs to another board.")
    agency_return, created = AgencyReturn.objects.get_or_create(
        cycle=cycle, agency=agency, defaults={"is_demo": is_demo}
    )
    if created:
        ReturnEvent.objects.create(agency_return=agency_return, actor=user, to_status=S.DRAFT, note="Return opened")
        notify.return_opened(agency_return=agency_return, user=user)  # the agency's contacts: the deadline and link
    elif agency_return.status == S.WITHDRAWN:
        withdrawn = agency_return.events.filter(to_status=S.WITHDRAWN).order_by("-at", "-id").first()
        _transition(
            agency_return=agency_return,
            to_status=withdrawn.from_status if withdrawn and withdrawn.from_status else S.DRAFT,
            user=user,
            note="Agency added to the cycle again: return restored",
            transitions=RESTORE_TRANSITIONS,
        )
    _ensure_assessments(agency_return)
    return agency_return


def _ensure_assessments(agency_return):
    existing = set(agency_return.assessments.values_list("standard_id", flat=True))
    StandardAssessment.objects.bulk_create(
        StandardAssessment(agency_return=agency_return, standard=standard)
        for standard in agency_return.cycle.standards.all()
        if standard.pk not in existing
    )


@transaction.atomic
def standard_add(*, cycle, title: str, description: str = "") -> Standard:
    """Add a standard to a cycle, with an empty assessment on every return."""
    last = cycle.standards.order_by("-order").values_list("order", flat=True).first() or 0
    standard = Standard.objects.create(cycle=cycle, order=last + 1, title=title, description=description)
    StandardAssessment.objects.bulk_create(
        StandardAssessment(agency_return=agency_return, standard=standard) for agency_return in cycle.returns.all()
    )
    return standard


def _transition(*, agency_return, to_status, user, note="", transitions=ALLOWED_TRANSITIONS) -> AgencyReturn:
    # Lock the row so that two reviewers cannot move the same return at once.
    locked = AgencyReturn.objects.select_for_update().get(pk=agency_return.pk)
    step = transitions.get((locked.status, to_status))
    if step is None:
        raise TransitionRefused(
            f"This return is {locked.get_status_display().lower()}: it cannot be {S(to_status).label.lower()} now."
        )
    from_status = locked.status
    locked.status = to_status
    fields = ["status"]
    if to_status == S.SUBMITTED and locked.submitted_at is None:
        locked.submitted_at = timezone.now()
        fields.append("submitted_at")
    locked.save(update_fields=fields)
    event = ReturnEvent.objects.create(
        agency_return=locked, actor=user, from_status=from_status, to_status=to_status, note=note.strip()
    )
    notify.return_moved(agency_return=locked, event=event, step=step)  # queued in this transaction (audits/notify.py)
    agency_return.status = locked.status
    agency_return.submitted_at = locked.submitted_at
    return agency_return


@transaction.atomic
def return_submit(*, agency_return, user, note: str = "") -> AgencyReturn:
    """The agency sends its return: draft -> submitted, or challenged -> resubmitted. Every standard needs a rating
    and evidence first, every carried-forward assessment confirmed or changed, and every standard rated "Not met" or
    "Partially met" an improvement action (the return page lists those with a link to add one)."""
    assessments = list(agency_return.assessments.select_related("standard").prefetch_related("actions"))
    incomplete = [a.standard.title for a in assessments if not a.is_complete]
    if incomplete:
        raise TransitionRefused(
            f"Rate every standard and give evidence before sending the return. Still to do: {', '.join(incomplete)}."
        )
    unconfirmed = [a.standard.title for a in assessments if a.carried_forward]
    if unconfirmed:
        raise TransitionRefused(
            "Confirm or change every assessment carried forward from the last cycle before sending the return. "
            f"Still to confirm: {', '.join(unconfirmed)}."
        )
    gaps = [a.standard.title for a in submission_gaps(assessments)]
    if gaps:
        raise TransitionRefused(
            "Add an improvement action to every standard rated Not met or Partially met before sending the return. "
            f"No action yet: {', '.join(gaps)}."
        )
    target = S.RESUBMITTED if agency_return.status == S.CHALLENGED else S.SUBMITTED
    return _transition(agency_return=agency_return, to_status=target, user=user, note=note)


def submission_gaps(assessments):
    """The assessments rated "Not met" or "Partially met" with no improvement action (they block submission). Pass
    assessments with their actions prefetched."""
    return [a for a in assessments if a.self_rating in GAP_RATINGS and not any(True for _ in a.actions.all())]


@transaction.atomic
def return_withdraw(*, agency_return, user, reason: str) -> AgencyReturn:
    """Remove the agency from the cycle: its return is withdrawn (any status -> withdrawn), kept with its history and
    left out of every count. The reason is required and recorded on the ReturnEvent."""
    if not reason.strip():
        raise TransitionRefused("Enter why the agency is removed from the cycle")
    return _transition(agency_return=agency_return, to_status=S.WITHDRAWN, user=user, note=reason)


@transaction.atomic
def return_challenge(*, agency_return, user, questions: str) -> AgencyReturn:
    """The coordinator sends the return back with questions: submitted or resubmitted -> challenged."""
    if not questions.strip():
        raise TransitionRefused("Enter the questions the agency needs to answer")
    return _transition(agency_return=agency_return, to_status=S.CHALLENGED, user=user, note=questions)


@transaction.atomic
def return_accept(*, agency_return, user, note: str = "") -> AgencyReturn:
    """The coordinator accepts the return: submitted or resubmitted -> accepted."""
    return _transition(agency_return=agency_return, to_status=S.ACCEPTED, user=user, note=note)


@transaction.atomic
def assessment_update(*, assessment, self_rating: str, evidence: str) -> StandardAssessment:
    if not assessment.agency_return.is_editable:
        raise TransitionRefused("This return is with the audit coordinator and cannot be changed now.")
    assessment.self_rating = self_rating
    assessment.evidence = evidence
    assessment.updated_at = timezone.now()
    # Saving the agency's own answer confirms a carried-forward assessment (changed or not).
    assessment.carried_forward = False
    assessment.save(update_fields=["self_rating", "evidence", "updated_at", "carried_forward"])
    return assessment


@transaction.atomic
def assessment_confirm(*, assessment) -> StandardAssessment:
    """The agency confirms a carried-forward assessment as it stands: the "carried forward" mark is cleared."""
    if not assessment.agency_return.is_editable:
        raise TransitionRefused("This return is with the audit coordinator and cannot be changed now.")
    assessment.carried_forward = False
    assessment.updated_at = timezone.now()
    assessment.save(update_fields=["carried_forward", "updated_at"])
    return assessment


@transaction.atomic
def assessment_moderate(*, assessment, user, moderated_rating: str, notes: str) -> StandardAssessment:
    """Record the coordinator's (or peer's) moderated rating. A draft return has nothing to moderate yet."""
    if assessment.agency_return.status == S.DRAFT:
        raise TransitionRefused("This return has not been submitted yet: there is nothing to moderate.")
    assessment.moderated_rating = moderated_rating
    assessment.moderation_notes = notes
    assessment.moderated_by = user
    assessment.moderated_at = timezone.now()
    assessment.save(update_fields=["moderated_rating", "moderation_notes", "moderated_by", "moderated_at"])
    return assessment


@transaction.atomic
def improvement_action_save(*, assessment, action=None, **fields) -> ImprovementAction:
    if not assessment.agency_return.is_editable:
        raise TransitionRefused("This return is with the audit coordinator and cannot be changed now.")
    action = action or ImprovementAction(assessment=assessment)
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    return action


class AlreadyAnswered(Exception):
    """This person has already answered this cycle's questionnaire."""


@transaction.atomic
def questionnaire_submit(
    *, cycle, agency, answers: dict, respondent=None, is_demo=False, on=None
) -> QuestionnaireResponse:
    """Store one anonymous response: the agency and the date, never who answered. `answers` maps question -> answer.

    `respondent` (the signed-in user; None only for demo and test data) may answer each cycle once: that they have
    answered is recorded in the same transaction, in a table with no link to the response. A second response raises
    AlreadyAnswered and writes nothing (the unique constraint decides, so two requests at once cannot both pass)."""
    if agency.board_id != cycle.board_id:
        raise ValueError("The agency belongs to another board.")
    if respondent is not None:
        try:
            with transaction.atomic():
                QuestionnaireRespondent.objects.create(cycle=cycle, user=respondent)
        except IntegrityError:
            raise AlreadyAnswered from None
    response = QuestionnaireResponse.objects.create(
        cycle=cycle, agency=agency, is_demo=is_demo, submitted_on=on or timezone.localdate()
    )
    QuestionnaireAnswer.objects.bulk_create(
        QuestionnaireAnswer(response=response, question=question, answer=answer) for question, answer in answers.items()
    )
    return response

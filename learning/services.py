"""Writes of the learning reviews ledger. Each runs in one transaction; the email to a recommendation's lead goes
through the notification record and the task queue (notifications.services), in the same transaction as the write.
History is append-only: progress, action status changes and closings are RecommendationUpdates."""

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts.audit import record_change
from accounts.models import AuditEvent
from bscb.links import absolute_url
from notifications.models import Notification
from notifications.services import queue_emails

from .models import ClosureDay, Finding, LearningReview, Recommendation, RecommendationAction, RecommendationUpdate


class NotAllowed(Exception):
    """The recommendation is closed: its history takes nothing more."""


REVIEW_FIELDS = (
    "kind",
    "reference",
    "title",
    "summary",
    "aware_on",
    "notified_on",
    "decision_on",
    "published_on",
    "concluded_on",
    "restricted",
)


def _access(review) -> tuple:
    return review.restricted, frozenset(review.named_people.values_list("pk", flat=True))


def _record_access(review, user) -> None:
    """Who may read a restricted review is itself recorded: any administrator may change it (so that a review is
    never locked away when its named people leave), and the audit log shows who did."""
    names = ", ".join(sorted(person.get_full_name() or person.get_username() for person in review.named_people.all()))
    detail = (
        f"Learning review {review.reference}: restricted, named people: {names or 'none'}"
        if review.restricted
        else f"Learning review {review.reference}: not restricted"
    )
    record_change(kind=AuditEvent.Kind.CHANGE, detail=detail, board=review.board, user=user)


@transaction.atomic
def create_review(*, board, user, named_people=(), **fields) -> LearningReview:
    review = LearningReview.objects.create(board=board, **{name: fields[name] for name in REVIEW_FIELDS})
    # Whoever records a restricted review is named on it: otherwise they could not read what they wrote.
    review.named_people.set({*named_people, user} if review.restricted else named_people)
    if review.restricted:
        _record_access(review, user)
    return review


@transaction.atomic
def edit_review(*, review: LearningReview, user, named_people=None, **fields) -> LearningReview:
    before = _access(review)
    for name, value in fields.items():
        if name in REVIEW_FIELDS:
            setattr(review, name, value)
    review.save()
    if named_people is not None:
        # As the form says: an administrator who edits is not named unless they tick their own name (audited).
        review.named_people.set(named_people)
    if _access(review) != before and (review.restricted or before[0]):
        _record_access(review, user)
    return review


def _next_number(queryset) -> int:
    return (queryset.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def add_finding(*, review: LearningReview, text: str) -> Finding:
    LearningReview.objects.select_for_update().get(pk=review.pk)  # numbers are given one at a time per review
    return Finding.objects.create(review=review, number=_next_number(review.findings), text=text)


@transaction.atomic
def add_recommendation(
    *, review: LearningReview, text, finding=None, agency=None, lead=None, due_on=None, plan_actions=()
) -> Recommendation:
    LearningReview.objects.select_for_update().get(pk=review.pk)
    recommendation = Recommendation.objects.create(
        review=review,
        number=_next_number(review.recommendations),
        text=text,
        finding=finding,
        agency=agency,
        lead=lead,
        due_on=due_on,
    )
    recommendation.plan_actions.set(plan_actions)
    if lead is not None and lead.user_id:
        if review.restricted:
            # The lead must read what they are to implement: leading a restricted review's recommendation names them.
            review.named_people.add(lead.user)
        _tell_lead(recommendation, lead)
    return recommendation


def lead_is_emailed(lead) -> bool:
    """Whether a recommendation's lead is told of it: a lead with an active account that has an email address."""
    return lead is not None and lead.user_id is not None and lead.user.is_active and bool(lead.user.email)


def _tell_lead(recommendation: Recommendation, lead) -> None:
    """Email the lead's account that a recommendation is theirs to lead. The email names the review's reference only:
    the case detail stays behind the sign-in."""
    if not lead_is_emailed(lead):
        return
    user = lead.user
    review = recommendation.review
    queue_emails(
        kind=Notification.Kind.LEARNING_RECOMMENDATION,
        board=review.board,
        users=[user],
        subject_template="emails/learning_recommendation_subject.txt",
        body_template="emails/learning_recommendation.txt",
        context={
            "review": review,
            "recommendation": recommendation,
            "url": absolute_url(reverse("learning:recommendation_detail", args=[recommendation.pk])),
        },
        dedupe_prefix=f"learning-recommendation:{recommendation.pk}:lead:{lead.pk}",
    )


def _open_recommendation(pk) -> Recommendation:
    """The recommendation, locked until the transaction ends, so that nothing is added once someone closes it."""
    recommendation = Recommendation.objects.select_for_update().get(pk=pk)
    if recommendation.is_closed:
        raise NotAllowed("This recommendation is closed.")
    return recommendation


@transaction.atomic
def add_action(*, recommendation: Recommendation, description, lead=None, due_on=None) -> RecommendationAction:
    recommendation = _open_recommendation(recommendation.pk)
    return RecommendationAction.objects.create(
        recommendation=recommendation, description=description, lead=lead, due_on=due_on
    )


@transaction.atomic
def record_progress(
    *, recommendation: Recommendation, user, status, note="", impact_evidence="", not_implemented_reason=""
) -> RecommendationUpdate:
    """Move a recommendation on: in progress with a note, implemented with evidence of its impact, or not implemented
    with the reason. The form asks for the evidence and the reason; the database refuses a closing without them too
    (Recommendation's check constraints)."""
    recommendation = _open_recommendation(recommendation.pk)
    recommendation.status = status
    if status == Recommendation.Status.IMPLEMENTED:
        recommendation.impact_evidence = impact_evidence
    if status == Recommendation.Status.NOT_IMPLEMENTED:
        recommendation.not_implemented_reason = not_implemented_reason
    if status in Recommendation.CLOSED_STATUSES:
        recommendation.closed_on = timezone.localdate()
        recommendation.closed_by = user
    recommendation.save()
    text = {
        Recommendation.Status.IMPLEMENTED: impact_evidence,
        Recommendation.Status.NOT_IMPLEMENTED: not_implemented_reason,
    }.get(status, note)
    return RecommendationUpdate.objects.create(
        recommendation=recommendation,
        status=status,
        note=text,
        by=user,
    )


@transaction.atomic
def set_action_status(*, action: RecommendationAction, user, status, note="") -> RecommendationUpdate:
    # The recommendation is locked, not only the action: a close at the same moment waits, then refuses this.
    recommendation = _open_recommendation(action.recommendation_id)
    action.status = status
    action.save(update_fields=["status"])
    return RecommendationUpdate.objects.create(
        recommendation=recommendation,
        action=action,
        status=status,
        note=note,
        by=user,
    )


@transaction.atomic
def add_closure_day(*, board, date, description) -> ClosureDay:
    return ClosureDay.objects.create(board=board, date=date, description=description)


@transaction.atomic
def remove_closure_day(*, closure: ClosureDay) -> None:
    closure.delete()

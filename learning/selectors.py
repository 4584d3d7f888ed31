"""Reads of the learning reviews ledger: the review list with its counts, and what the yearly report takes
(annualreport/figures.py). A restricted review's text never leaves here for the report: it is counted, and its
lines say "Restricted review" with no title, finding or recommendation text."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from priorities.my_work import MyWorkItem, MyWorkSection

from .models import Finding, LearningReview, Recommendation, calendar_for

RESTRICTED_TITLE = "Restricted review"
WITHHELD = "Withheld: restricted review"


def review_list(board):
    """The board's reviews, newest first, with their recommendations counted by status. Two queries."""
    closed = Q(recommendations__status__in=Recommendation.CLOSED_STATUSES)
    return (
        LearningReview.objects.filter(board=board)
        .prefetch_related("named_people")
        .annotate(
            recommendation_count=Count("recommendations", distinct=True),
            implemented_count=Count("recommendations", filter=Q(recommendations__status="implemented"), distinct=True),
            closed_count=Count("recommendations", filter=closed, distinct=True),
        )
    )


def recommendations_led_by(user, board):
    """The recommendations of `board` whose lead is `user`'s lead record, open ones first."""
    return (
        Recommendation.objects.filter(review__board=board, lead__user=user)
        .select_related("review", "lead")
        .order_by(F("closed_on").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "pk")
    )


def my_work_section(user, *, board, lead_ids) -> MyWorkSection | None:
    """The open review recommendations of `board` whose lead is `user`'s own person-Lead (one of `lead_ids`), for My
    actions (priorities/my_work.py): that lead records their progress. A restricted review's text shows only to the
    people named on it. Two queries."""
    recommendations = list(
        Recommendation.objects.filter(review__board=board, lead_id__in=set(lead_ids), lead__user=user)
        .exclude(status__in=Recommendation.CLOSED_STATUSES)
        .select_related("review", "lead")
        .annotate(last_update_at=Max("updates__at"))
        .prefetch_related("review__named_people")
        .order_by(F("due_on").asc(nulls_last=True), "review__reference", "number")
    )
    if not recommendations:
        return None
    items = [
        MyWorkItem(
            title=f"{rec.review.reference}, recommendation {rec.number}",
            url=reverse("learning:recommendation_detail", args=[rec.pk]),
            detail=rec.text if rec.review.text_visible_to(user) else RESTRICTED_TITLE,
            status_text=rec.get_status_display(),
            due=rec.due_on,
            due_text="" if rec.due_on else "No date set",
            update_url=reverse("learning:recommendation_progress", args=[rec.pk]),
            updated_on=timezone.localdate(rec.last_update_at) if rec.last_update_at else None,
        )
        for rec in recommendations
    ]
    return MyWorkSection(
        key="learning",
        heading="Learning review recommendations",
        items=items,
        intro="Close each with evidence of its impact, or as not implemented with the reason.",
    )


@dataclass(frozen=True)
class ReviewLine:
    pk: int
    url: str
    reference: str
    kind_label: str
    title: str  # RESTRICTED_TITLE when restricted
    restricted: bool
    aware_on: date
    concluded_on: date | None
    clocks: str  # "Serious incident notification: Met; Rapid review decision: Missed by 2 working days", or ""
    findings: tuple  # of str; empty when restricted
    recommendations: int
    implemented: int


@dataclass(frozen=True)
class RecommendationLine:
    review_reference: str
    review_restricted: bool
    number: int
    text: str  # WITHHELD when the review is restricted
    lead: str
    status_label: str
    status: str
    closed_on: date | None
    evidence_or_reason: str  # impact evidence, or the reason not implemented (WITHHELD when restricted)


def yearly_learning(board, start: date, end: date) -> dict:
    """Reviews opened (learnt of), concluded in, and ongoing at the end of the period (both ends included), with
    their recommendations. Four queries, whatever the number of reviews.

    Returns {"opened", "concluded", "ongoing": [ReviewLine], "recommendations": [RecommendationLine] of every review
    opened, concluded or ongoing, "counts": {status: n}, "implemented_in_period", "not_implemented_in_period":
    [RecommendationLine]}."""
    calendar = calendar_for(board)
    reviews = list(
        LearningReview.objects.filter(board=board, aware_on__lte=end)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=start))
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.order_by("number")),
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("lead").order_by("number")),
        )
        .order_by("aware_on", "pk")
    )
    today = min(timezone.localdate(), end)
    lines = {review.pk: _review_line(review, calendar, today) for review in reviews}
    opened = [lines[r.pk] for r in reviews if r.aware_on >= start]
    concluded = [lines[r.pk] for r in reviews if r.concluded_on and start <= r.concluded_on <= end]
    ongoing = [lines[r.pk] for r in reviews if not r.concluded_on or r.concluded_on > end]
    recommendations = [_recommendation_line(review, rec) for review in reviews for rec in review.recommendations.all()]
    counts = dict.fromkeys(Recommendation.Status.values, 0)
    for line in recommendations:
        counts[line.status] += 1

    def closed_in_period(status):
        return [
            line
            for line in recommendations
            if line.status == status and line.closed_on and start <= line.closed_on <= end
        ]

    return {
        "opened": opened,
        "concluded": concluded,
        "ongoing": ongoing,
        "recommendations": recommendations,
        "counts": counts,
        "implemented_in_period": closed_in_period(Recommendation.Status.IMPLEMENTED),
        "not_implemented_in_period": closed_in_period(Recommendation.Status.NOT_IMPLEMENTED),
    }


def _review_line(review, calendar, today) -> ReviewLine:
    recommendations = list(review.recommendations.all())
    return ReviewLine(
        pk=review.pk,
        url=reverse("learning:review_detail", args=[review.pk]),
        reference=review.reference,
        kind_label=review.get_kind_display(),
        title=RESTRICTED_TITLE if review.restricted else review.title,
        restricted=review.restricted,
        aware_on=review.aware_on,
        concluded_on=review.concluded_on,
        clocks="; ".join(f"{c.label}: {c.summary}" for c in review.clocks(calendar, today=today)),
        findings=() if review.restricted else tuple(f.text for f in review.findings.all()),
        recommendations=len(recommendations),
        implemented=sum(1 for r in recommendations if r.status == Recommendation.Status.IMPLEMENTED),
    )


def _recommendation_line(review, rec) -> RecommendationLine:
    evidence = rec.impact_evidence if rec.status == Recommendation.Status.IMPLEMENTED else rec.not_implemented_reason
    return RecommendationLine(
        review_reference=review.reference,
        review_restricted=review.restricted,
        number=rec.number,
        text=WITHHELD if review.restricted else rec.text,
        lead=rec.lead.name if rec.lead_id else "",
        status_label=rec.get_status_display(),
        status=rec.status,
        closed_on=rec.closed_on,
        evidence_or_reason=WITHHELD if review.restricted and evidence else evidence,
    )

"""Pages of the learning reviews ledger. The board administrator records reviews, their findings and
recommendations and the board's closure days; a recommendation's lead records its progress and closes it with
evidence of impact or a reason; the board's readers (administrator, BMG, board members, audit coordinator, the
independent scrutineer) read the ledger. Another board's review is a 404, a wrong role a 403.

A restricted review's text is shown only to the people named on it, and each opening of it is written to the audit
log (AuditEvent "Restricted record opened"); everyone else who may read the ledger sees its reference, kind, dates,
clocks and counts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_for_board, require_board, role_required
from accounts.audit import record_event
from accounts.models import AuditEvent
from accounts.roles import Role, has_role

from . import selectors, services
from .forms import (
    ActionStatusForm,
    ClosureDayForm,
    FindingForm,
    ProgressForm,
    RecommendationActionForm,
    RecommendationForm,
    ReviewForm,
)
from .models import ClosureDay, LearningReview, Recommendation, RecommendationAction, calendar_for

READERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.AUDIT_COORDINATOR, Role.SCRUTINEER)
MANAGERS = (Role.BOARD_ADMIN,)


def _get_review(request, pk) -> LearningReview:
    return get_for_board(
        LearningReview.objects.select_related("board").prefetch_related("named_people"),
        require_board(request),
        "board",
        pk=pk,
    )


def _get_recommendation(request, pk) -> Recommendation:
    return get_for_board(
        Recommendation.objects.select_related("review__board", "lead__user", "agency", "finding").prefetch_related(
            "review__named_people"
        ),
        require_board(request),
        "review__board",
        pk=pk,
    )


def _leads(user, recommendation) -> bool:
    return has_role(user, Role.LEAD) and recommendation.lead_id is not None and recommendation.lead.user_id == user.pk


def _may_progress(user, recommendation) -> bool:
    return has_role(user, Role.BOARD_ADMIN) or _leads(user, recommendation)


def _may_update_action(user, action, recommendation) -> bool:
    """The administrator, the recommendation's lead, or the action's own lead."""
    own = has_role(user, Role.LEAD) and action.lead_id is not None and action.lead.user_id == user.pk
    return _may_progress(user, recommendation) or own


def _opened(request, review, page: str) -> None:
    """Write the opening of a restricted review's text to the audit log."""
    if review.restricted:
        record_event(
            kind=AuditEvent.Kind.RESTRICTED_OPENED,
            request=request,
            board=review.board,
            detail=f"Learning review {review.reference}: {page}",
        )


def _require_text(request, review) -> None:
    if not review.text_visible_to(request.user):
        raise PermissionDenied("This review is restricted to the people named on it.")


@require_GET
@role_required(*READERS, Role.LEAD)
def review_list(request):
    board = require_board(request)
    is_reader = has_role(request.user, *READERS)
    reviews = []
    if is_reader:
        calendar = calendar_for(board)
        for review in selectors.review_list(board):
            review.visible = review.text_visible_to(request.user)
            review.clock_list = review.clocks(calendar)
            reviews.append(review)
    return render(
        request,
        "learning/review_list.html",
        {
            "reviews": reviews,
            "is_reader": is_reader,
            "led": list(selectors.recommendations_led_by(request.user, board))
            if has_role(request.user, Role.LEAD)
            else [],
            "can_manage": has_role(request.user, *MANAGERS),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS)
def review_new(request):
    board = require_board(request)
    form = ReviewForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        review = services.create_review(board=board, user=request.user, **form.cleaned_data)
        messages.success(request, f"Review {review.reference} recorded")
        return redirect("learning:review_detail", pk=review.pk)
    return render(request, "learning/review_form.html", {"form": form, "review": None})


@require_GET
@role_required(*READERS)
def review_detail(request, pk):
    review = _get_review(request, pk)
    visible = review.text_visible_to(request.user)
    recommendations = list(
        review.recommendations.select_related("lead", "agency", "finding").prefetch_related(
            "plan_actions", Prefetch("actions", queryset=RecommendationAction.objects.select_related("lead"))
        )
    )
    if visible:
        _opened(request, review, "the review")
    calendar = calendar_for(review.board)
    return render(
        request,
        "learning/review_detail.html",
        {
            "review": review,
            "visible": visible,
            "clocks": review.clocks(calendar),
            "findings": list(review.findings.all()) if visible else [],
            "finding_count": review.findings.count() if not visible else None,
            "recommendations": recommendations,
            "implemented": sum(1 for r in recommendations if r.status == Recommendation.Status.IMPLEMENTED),
            "can_manage": has_role(request.user, *MANAGERS),
            "named": list(review.named_people.all()) if review.restricted else [],
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS)
def review_edit(request, pk):
    review = _get_review(request, pk)
    visible = review.text_visible_to(request.user)
    initial = {name: getattr(review, name) for name in services.REVIEW_FIELDS}
    initial["named_people"] = list(review.named_people.all())
    form = ReviewForm(request.POST or None, board=review.board, review=review, with_text=visible, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.edit_review(review=review, user=request.user, **form.cleaned_data)
        messages.success(request, f"Review {review.reference} saved")
        return redirect("learning:review_detail", pk=review.pk)
    if visible and request.method == "GET":
        _opened(request, review, "editing the review")
    return render(request, "learning/review_form.html", {"form": form, "review": review})


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS)
def finding_add(request, pk):
    review = _get_review(request, pk)
    _require_text(request, review)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        finding = services.add_finding(review=review, text=form.cleaned_data["text"])
        messages.success(request, f"Finding {finding.number} added")
        return redirect("learning:review_detail", pk=review.pk)
    return render(request, "learning/finding_form.html", {"form": form, "review": review})


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS)
def recommendation_add(request, pk):
    review = _get_review(request, pk)
    _require_text(request, review)
    form = RecommendationForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        recommendation = services.add_recommendation(review=review, **form.cleaned_data)
        messages.success(
            request,
            f"Recommendation {recommendation.number} added"
            + (
                f": {recommendation.lead.name} has been emailed"
                if services.lead_is_emailed(recommendation.lead)
                else ""
            ),
        )
        return redirect("learning:recommendation_detail", pk=recommendation.pk)
    return render(request, "learning/recommendation_form.html", {"form": form, "review": review})


@require_GET
@role_required(*READERS, Role.LEAD)
def recommendation_detail(request, pk):
    recommendation = _get_recommendation(request, pk)
    review = recommendation.review
    if not has_role(request.user, *READERS) and not _leads(request.user, recommendation):
        raise PermissionDenied("Only the board's readers and the recommendation's lead may read it.")
    visible = review.text_visible_to(request.user)
    if visible:
        _opened(request, review, f"recommendation {recommendation.number}")
    is_open = not recommendation.is_closed
    actions = list(recommendation.actions.select_related("lead__user"))
    for action in actions:
        action.may_update = is_open and _may_update_action(request.user, action, recommendation)
    return render(
        request,
        "learning/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "review": review,
            "visible": visible,
            "plan_actions": list(recommendation.plan_actions.select_related("objective__priority")),
            "actions": actions,
            "updates": list(recommendation.updates.select_related("by", "action")),
            "can_progress": is_open and _may_progress(request.user, recommendation),
            "can_manage": is_open and has_role(request.user, *MANAGERS),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN, Role.LEAD)
def recommendation_progress(request, pk):
    recommendation = _get_recommendation(request, pk)
    if not _may_progress(request.user, recommendation):
        raise PermissionDenied("Only the board administrator or the recommendation's lead may record its progress.")
    _require_text(request, recommendation.review)
    if recommendation.is_closed:
        messages.info(request, "This recommendation is closed: its history takes nothing more")
        return redirect("learning:recommendation_detail", pk=recommendation.pk)
    form = ProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            update = services.record_progress(recommendation=recommendation, user=request.user, **form.cleaned_data)
        except services.NotAllowed:  # closed by someone else while this form was open
            messages.info(request, "This recommendation was closed meanwhile: your update was not recorded")
            return redirect("learning:recommendation_detail", pk=recommendation.pk)
        messages.success(request, f"Recommendation {recommendation.number}: {update.status_label.lower()}")
        return redirect("learning:recommendation_detail", pk=recommendation.pk)
    return render(request, "learning/recommendation_progress.html", {"form": form, "recommendation": recommendation})


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS)
def action_add(request, pk):
    recommendation = _get_recommendation(request, pk)
    _require_text(request, recommendation.review)
    if recommendation.is_closed:
        messages.info(request, "This recommendation is closed: it takes no more actions")
        return redirect("learning:recommendation_detail", pk=recommendation.pk)
    form = RecommendationActionForm(request.POST or None, board=recommendation.review.board)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(recommendation=recommendation, **form.cleaned_data)
        except services.NotAllowed:
            messages.info(request, "This recommendation was closed meanwhile: the action was not added")
            return redirect("learning:recommendation_detail", pk=recommendation.pk)
        messages.success(request, "Action added")
        return redirect("learning:recommendation_detail", pk=recommendation.pk)
    return render(request, "learning/action_form.html", {"form": form, "recommendation": recommendation})


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN, Role.LEAD)
def action_status(request, pk):
    action = get_for_board(
        RecommendationAction.objects.select_related("recommendation__review__board", "recommendation__lead", "lead"),
        require_board(request),
        "recommendation__review__board",
        pk=pk,
    )
    recommendation = action.recommendation
    if not _may_update_action(request.user, action, recommendation):
        raise PermissionDenied("Only the administrator, the recommendation's lead or the action's lead may update it.")
    _require_text(request, recommendation.review)
    if recommendation.is_closed:
        messages.info(request, "This recommendation is closed: its actions are no longer updated")
        return redirect("learning:recommendation_detail", pk=recommendation.pk)
    form = ActionStatusForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_action_status(action=action, user=request.user, **form.cleaned_data)
        except services.NotAllowed:
            messages.info(request, "This recommendation was closed meanwhile: the action was not updated")
            return redirect("learning:recommendation_detail", pk=recommendation.pk)
        messages.success(request, "Action updated")
        return redirect("learning:recommendation_detail", pk=recommendation.pk)
    return render(
        request, "learning/action_status.html", {"form": form, "action": action, "recommendation": recommendation}
    )


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS)
def closure_days(request):
    board = require_board(request)
    form = ClosureDayForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        day = services.add_closure_day(board=board, **form.cleaned_data)
        messages.success(request, f"{day.date:%-d %B %Y} added: it no longer counts as a working day")
        return redirect("learning:closure_days")
    today = timezone.localdate()
    return render(
        request,
        "learning/closure_days.html",
        {"form": form, "days": list(ClosureDay.objects.filter(board=board)), "today": today},
    )


@require_POST
@role_required(*MANAGERS)
def closure_day_delete(request, pk):
    closure = get_for_board(ClosureDay.objects.all(), require_board(request), "board", pk=pk)
    if closure.date <= timezone.localdate():
        # Past clocks were counted against it: removing it would rewrite whether a deadline was met.
        messages.error(request, f"{closure.date:%-d %B %Y} has passed: past closure days stay, so past clocks hold")
        return redirect("learning:closure_days")
    services.remove_closure_day(closure=closure)
    messages.success(request, f"{closure.date:%-d %B %Y} removed: it counts as a working day again")
    return redirect("learning:closure_days")

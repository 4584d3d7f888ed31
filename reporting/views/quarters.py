"""Quarters: the board administrator's list of quarters, opening the next one, closing (which freezes every action's
status) and reopening; and the BMG's sign-off that a quarter's review is done."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import role_required
from accounts.roles import Role
from plans.quarters import quarter_deadline_change

from .. import services
from ..forms import DeadlineForm, ReopenForm, SignOffForm, SignOffUndoForm
from ..models import Challenge, Quarter, QuarterEvent
from ..selectors import RAG_ORDER, dashboard_for
from .common import CHALLENGERS, get_plan, get_quarter


@require_GET
@role_required(Role.BOARD_ADMIN)
def quarter_list(request):
    plan = get_plan(request)
    quarters = list(Quarter.objects.filter(plan=plan).select_related("closed_by", "review_done_by"))
    events = QuarterEvent.objects.filter(quarter__plan=plan).select_related("quarter", "by")[:50]
    latest_closed = next((q for q in reversed(quarters) if q.is_closed), None)
    has_open = any(q.is_open for q in quarters)
    return render(
        request,
        "reporting/quarter_list.html",
        {
            "plan": plan,
            "quarters": quarters,
            "events": events,
            "latest_closed": latest_closed,
            "can_open_next": not has_open and any(q.state == Quarter.State.FUTURE for q in quarters),
        },
    )


@require_POST
@role_required(Role.BOARD_ADMIN)
def quarter_open_next(request):
    plan = get_plan(request)
    try:
        quarter = services.quarter_open_next(plan=plan, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{quarter.label} is open. Leads' updates now belong to it.")
    return redirect("reporting:quarter_list")


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def quarter_close(request, pk):
    quarter = get_quarter(request, pk)
    if not quarter.is_open:
        messages.error(request, f"{quarter.label} is not open, so it cannot be closed.")
        return redirect("reporting:quarter_list")
    if request.method == "POST":
        services.quarter_close(quarter=quarter, user=request.user)
        messages.success(request, f"{quarter.label} is closed and every action's status is frozen.")
        return redirect(f"{reverse('reporting:dashboard')}?quarter={quarter.pk}")
    following = (
        Quarter.objects.filter(plan=quarter.plan, start_date__gt=quarter.start_date, state=Quarter.State.FUTURE)
        .order_by("start_date")
        .first()
    )
    dash = dashboard_for(quarter)
    return render(
        request,
        "reporting/quarter_close.html",
        {
            "quarter": quarter,
            "following": following,
            "dash": dash,
            # A Counter would answer the template's `.items` lookup with 0: hand over plain pairs.
            "totals": [(rag, dash.totals.get(rag, 0)) for rag in RAG_ORDER],
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def quarter_reopen(request, pk):
    quarter = get_quarter(request, pk)
    if not services.quarter_reopenable(quarter):
        messages.error(request, f"{quarter.label} cannot be reopened: only the latest closed quarter can be.")
        return redirect("reporting:quarter_list")
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.quarter_reopen(quarter=quarter, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"{quarter.label} is open again. Close it when the corrections are made.")
        return redirect("reporting:quarter_list")
    return render(request, "reporting/quarter_reopen.html", {"quarter": quarter, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def quarter_deadline(request, pk):
    """Change the date leads' updates are due for a quarter that is not yet closed."""
    quarter = get_quarter(request, pk)
    if quarter.is_closed:
        messages.error(request, f"{quarter.label} is closed, so its update deadline can no longer change.")
        return redirect("reporting:quarter_list")
    form = DeadlineForm(request.POST if request.method == "POST" else None, quarter=quarter)
    if request.method == "POST" and form.is_valid():
        try:
            deadline = form.cleaned_data["deadline"]
            quarter = quarter_deadline_change(quarter=quarter, user=request.user, deadline=deadline)
        except ValidationError as exc:  # closed meanwhile by another administrator
            form.add_error("deadline", " ".join(exc.messages))
        else:
            due = f"{quarter.update_deadline:%-d %B %Y}"
            messages.success(request, f"Updates for {quarter.label} are now due on {due}.")
            return redirect("reporting:quarter_list")
    return render(request, "reporting/quarter_deadline.html", {"quarter": quarter, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(*CHALLENGERS)
def review_done(request, pk):
    """The BMG's sign-off that a closed quarter's review is done (after which no new challenge is recorded): a page
    that says what signing off means, takes an optional note, and asks for the click that does it."""
    quarter = get_quarter(request, pk)
    dashboard_url = f"{reverse('reporting:dashboard')}?quarter={quarter.pk}#review"
    if quarter.review_done_at is not None or not quarter.is_closed:
        if quarter.review_done_at is not None:
            messages.info(request, f"The review of {quarter.label} is already signed off.")
        else:
            messages.error(request, f"{quarter.label} must be closed before its review can be signed off.")
        return redirect(dashboard_url)
    form = SignOffForm(request.POST if request.method == "POST" else None, quarter=quarter)
    if request.method == "POST" and form.is_valid():
        try:
            services.quarter_review_mark_done(quarter=quarter, user=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"The review of {quarter.label} is signed off.")
        return redirect(dashboard_url)
    challenges = Challenge.objects.filter(quarter=quarter)
    return render(
        request,
        "reporting/review_sign_off.html",
        {"quarter": quarter, "form": form, "challenge_count": challenges.count()},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def review_undo(request, pk):
    """An administrator undoes a sign-off, with the reason recorded; the BMG can then challenge and sign off again."""
    quarter = get_quarter(request, pk)
    dashboard_url = f"{reverse('reporting:dashboard')}?quarter={quarter.pk}#review"
    if quarter.review_done_at is None:
        messages.info(request, f"The review of {quarter.label} is not signed off.")
        return redirect(dashboard_url)
    form = SignOffUndoForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.quarter_review_undo(quarter=quarter, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"The sign-off of the review of {quarter.label} is undone.")
        return redirect(dashboard_url)
    return render(request, "reporting/review_undo.html", {"quarter": quarter, "form": form})

"""Challenges: a BMG member (or board administrator) challenges an action's status for a quarter. The review's
sign-off, after which no challenge is recorded, is in quarters.py (`review_done`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.access import get_for_board, role_required
from priorities.models import Action

from .. import services
from ..forms import ChallengeForm
from ..models import Quarter
from ..selectors import dashboard_for
from .common import CHALLENGERS, get_quarter


@require_http_methods(["GET", "POST"])
@role_required(*CHALLENGERS)
def challenge_create(request, pk, action_pk):
    quarter = get_quarter(request, pk)
    if quarter.state == Quarter.State.FUTURE:
        raise Http404("This quarter has not opened yet")
    action = get_for_board(
        Action.objects.select_related("objective__priority"),
        quarter.plan.board,
        "objective__priority__plan__board",
        pk=action_pk,
        objective__priority__plan=quarter.plan,
    )
    form = ChallengeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_record(
                quarter=quarter, action=action, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            # Signed-off reviews and repeated challenges: shown in the error summary, nothing saved.
            form.add_error("text", error.messages)
        else:
            told = (
                f"its leads are emailed ({challenge.notified} {'person' if challenge.notified == 1 else 'people'})"
                if challenge.notified
                else "none of its leads has an account to email, so tell them yourself"
            )
            messages.success(
                request,
                f"Your challenge on {action.reference} is recorded for {quarter.label}: {told}. "
                "It shows on their My actions until their next update answers it.",
            )
            return redirect(f"{reverse('reporting:dashboard')}?quarter={quarter.pk}#challenges")
    # Plain rows (StatusRow) for an open quarter: the form prints only the status and the commentary.
    dash_row = next((r for r in dashboard_for(quarter, brief=True).rows if r.action_id == action.pk), None)
    return render(
        request, "reporting/challenge_form.html", {"quarter": quarter, "action": action, "form": form, "row": dash_row}
    )

"""Leads' status updates: My actions (everything a lead must update, in one place) and the update form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Value
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.access import get_for_board, require_board, role_required
from accounts.roles import Role, has_role
from plans.models import Lead, Quarter
from plans.quarters import plan_as_of

from ..forms import StatusUpdateForm
from ..links import pk_link
from ..models import Action, Rag, StatusUpdate
from ..my_work import my_work_for
from ..notices import notices_for
from ..rules import actions_led_by, can_update_action, lead_ids_for
from ..services import StaleActionError, status_update_record

# The only place the update form may send the user back to, besides the action page: no open redirects.
RETURN_TO_MY_ACTIONS = "my-actions"


@require_http_methods(["GET"])
@role_required(Role.LEAD)
def my_actions(request):
    """The lead's working list: every action they lead, directly or through a group, those needing an update this
    quarter first, with filters (?show=) and one link per row to the update form."""
    board = require_board(request)
    open_quarters = {
        quarter.plan_id: quarter
        for quarter in Quarter.objects.filter(plan__board=board, state=Quarter.State.OPEN).select_related("plan")
    }
    # By this board's open quarters' ids (an update's quarter is always of its action's plan): "the quarter is open"
    # let PostgreSQL read every board's open-quarter updates into a hash, a cost growing with other boards (issue 19).
    updated_this_quarter = StatusUpdate.objects.filter(
        action=OuterRef("pk"), quarter_id__in=[quarter.pk for quarter in open_quarters.values()]
    )
    # Only the columns the page prints (MY_ACTIONS_FIELDS): the plan row carries the plan's whole narrative and six
    # JSON lists, which were read and decoded once per action; the author's row its password hash (issue 19).
    actions = list(
        actions_led_by(request.user)
        .select_related("objective__priority__plan", "latest_update__author")
        .only(*MY_ACTIONS_FIELDS)
        .annotate(updated_this_quarter=Exists(updated_this_quarter) if open_quarters else Value(False))
    )
    mine = lead_ids_for(request.user)
    leads_of = _leads_of(actions)
    notices = notices_for(actions)  # e.g. "Challenged by the BMG", from the floors above (priorities/notices.py)
    plans = {action.objective.priority.plan_id: action.objective.priority.plan for action in actions}
    as_of = {plan_id: plan_as_of(plan, open_quarter=open_quarters.get(plan_id)) for plan_id, plan in plans.items()}
    detail_url, update_url = pk_link("priorities:action_detail"), pk_link("priorities:action_update")
    for action in actions:
        action.detail_url, action.update_url = detail_url(action.pk), update_url(action.pk)
        action.open_quarter = open_quarters.get(action.objective.priority.plan_id)
        action.overdue = action.is_overdue(as_of[action.objective.priority.plan_id].date)
        # A complete action is never asked for an update again.
        action.update_due = (
            action.open_quarter is not None and not action.updated_this_quarter and action.rag != Rag.COMPLETE
        )
        leads = leads_of.get(action.pk, [])
        action.through = sorted(name for lead_id, name, kind in leads if lead_id in mine and kind == Lead.Kind.GROUP)
        action.notices = notices.get(action.pk, [])
        action.direct = any(lead_id in mine and kind != Lead.Kind.GROUP for lead_id, name, kind in leads)
    # Needs an update (or an answer to a challenge) first; then the plan's order (priority, then its place in it).
    actions.sort(
        key=lambda a: (not (a.update_due or a.notices), a.objective.priority.order, a.objective.order, a.order)
    )
    counts = {key: sum(1 for action in actions if test(action)) for key, (_, test) in MY_ACTIONS_FILTERS.items()}
    show = request.GET.get("show", "all")
    if show not in MY_ACTIONS_FILTERS:
        show = "all"
    shown = [action for action in actions if MY_ACTIONS_FILTERS[show][1](action)]
    quarters = sorted(open_quarters.values(), key=lambda q: q.start_date)
    # What else the lead reports on (core business measures...), from the floors above (priorities/my_work.py).
    my_work = my_work_for(request.user, board=board, lead_ids=mine)
    return render(
        request,
        "priorities/my_actions.html",
        {
            "actions": actions,
            "shown": shown,
            "show": show,
            "show_label": MY_ACTIONS_FILTERS[show][0],
            "filters": [
                {"key": key, "label": label, "count": counts[key], "current": key == show}
                for key, (label, _) in MY_ACTIONS_FILTERS.items()
            ],
            "open_quarters": quarters,
            "due_count": counts["due"],
            # What "overdue" was judged against, said once per plan whose as-of date is not today (a lead's actions
            # may come from more than one of the board's plans).
            "as_of_notes": [note for note in as_of.values() if not note.is_today],
            "return_to": RETURN_TO_MY_ACTIONS,
            "my_work": my_work,
        },
    )


# What My actions reads of each action and the rows joined to it (priorities/my_actions.html, the sort, the filters,
# plans.quarters.plan_as_of for the plan).
MY_ACTIONS_FIELDS = (
    "objective__order",
    "objective__priority__order",
    "objective__priority__plan__board_id",
    "objective__priority__plan__period",
    "objective__priority__plan__end_year",
    "order",
    "reference",
    "how",
    "rag",
    "due_date",
    "timescale",
    "latest_update__created_at",
    "latest_update__author__first_name",
    "latest_update__author__last_name",
    "latest_update__author__username",
)


def _leads_of(actions) -> dict[int, list[tuple[int, str, str]]]:
    """{action id: [(lead id, name, kind)]} in one query: plain rows rather than a prefetch, which built a Lead
    and a related manager per action for two names and a kind."""
    rows = Action.leads.through.objects.filter(action_id__in=[action.pk for action in actions]).values_list(
        "action_id", "lead_id", "lead__name", "lead__kind"
    )
    leads: dict[int, list[tuple[int, str, str]]] = {}
    for action_id, lead_id, name, kind in rows:
        leads.setdefault(action_id, []).append((lead_id, name, kind))
    return leads


# My actions' filters: ?show=<key> -> (label, test). Links rather than a form: one tap each, no JavaScript.
MY_ACTIONS_FILTERS = {
    "all": ("All", lambda action: True),
    "due": ("Needs an update", lambda action: action.update_due),
    "red_amber": ("Red or amber", lambda action: action.rag in (Rag.RED, Rag.AMBER)),
    "overdue": ("Overdue", lambda action: action.overdue),
    "group": ("Through a group", lambda action: bool(action.through)),
    "challenged": ("Challenged", lambda action: bool(action.notices)),
}


def _get_updatable_action(request, pk, *, with_history=True):
    """The action, if it is on the user's board (else 404) and the user may update it (else 403).

    `with_history` prefetches every update for the history shown under the form (and the latest with its author); a
    POST that succeeds only redirects, so it skips those (the action's whole log, growing every quarter) and re-reads
    them only to re-render.
    """
    board = require_board(request)
    queryset = Action.objects.select_related("objective__priority__plan")
    if with_history:
        queryset = queryset.select_related("latest_update__author").prefetch_related(
            Prefetch("updates", queryset=StatusUpdate.objects.select_related("author", "quarter"))
        )
    action = get_for_board(
        queryset,
        board,
        "objective__priority__plan__board",
        pk=pk,
    )
    if not can_update_action(request.user, action):
        raise PermissionDenied("Only the action's leads and board administrators can update it.")
    return action


def _success_url(request, action, return_to):
    if return_to == RETURN_TO_MY_ACTIONS and has_role(request.user, Role.LEAD):
        return reverse("priorities:my_actions")
    return reverse("priorities:action_detail", args=[action.pk])


@require_http_methods(["GET", "POST"])
def action_update(request, pk):
    """GET: the update form. POST: record the update, or explain why not and keep what was typed.

    No role decorator: `_get_updatable_action` looks the action up on the user's board first (another board's action
    is a 404 whatever the role), then `can_update_action` refuses anyone but its leads and the administrators (403).
    """
    action = _get_updatable_action(request, pk, with_history=request.method != "POST")
    return_to = request.POST.get("return_to") or request.GET.get("return_to") or ""
    return_to = RETURN_TO_MY_ACTIONS if return_to == RETURN_TO_MY_ACTIONS else ""
    stale_updates = None

    if request.method == "POST":
        form = StatusUpdateForm(request.POST, action=action)
        if form.is_valid():
            data = form.cleaned_data
            # Any update recorded after a challenge answers it (reporting/selectors.py, unanswered_challenges).
            answering = notices_for([action]).get(action.pk, [])
            try:
                update = status_update_record(
                    action=action,
                    user=request.user,
                    rag=data["rag"],
                    commentary=data["commentary"],
                    evidence_of_impact=data["evidence_of_impact"],
                    needs_escalation=data["needs_escalation"],
                    escalation_reason=data["escalation_reason"],
                    expected_version=data["version"],
                )
            except StaleActionError as stale:
                stale_updates = stale.updates
                action = _get_updatable_action(request, pk)
                # Keep everything the person typed; only the version moves on, so that saving again (having seen
                # the other update) is a deliberate choice rather than a silent overwrite.
                posted = request.POST.copy()
                posted["version"] = str(stale.action.version)
                form = StatusUpdateForm(posted, action=action)
                form.is_valid()
                form.add_error(None, "Someone else updated this action while you were editing")
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, field_errors in error.error_dict.items():
                        for message in field_errors:
                            form.add_error(field, message)
                else:
                    for message in error.messages:
                        form.add_error(None, message)
            else:
                message = f"{action.reference} updated: status is now {update.get_rag_display()}"
                if answering:
                    message += ". Your update answers the challenge: the Business Management Group sees it beside it"
                messages.success(request, message)
                return redirect(_success_url(request, action, return_to))
    else:
        form = StatusUpdateForm(initial={"rag": action.rag, "version": action.version}, action=action)

    if request.method == "POST" and stale_updates is None:
        action = _get_updatable_action(request, pk)  # re-rendering the form: now with its history
    return render(
        request,
        "priorities/action_update.html",
        {
            "action": action,
            "form": form,
            "stale_updates": stale_updates,
            "return_to": return_to,
            "notices": notices_for([action]).get(action.pk, []),
        },
        status=409 if stale_updates is not None else 200,
    )

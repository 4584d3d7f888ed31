"""Reading the plan: a priority's page with its action plan table, an action's page, and the filtered action list.

Read-only for every board role; everything is fetched through the signed-in person's board and its current plan.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import require_board, role_required
from accounts.roles import Role, has_role
from bscb.pagination import configure_table
from plans.quarters import plan_as_of
from plans.selectors import current_plan_for
from priorities.rules import can_update_action

from ..filters import ActionFilter
from ..related import related_to_action, related_to_priority
from ..selectors import action_for, action_plan_groups, actions_of_current_plan, field_changes, priority_for
from ..tables import ActionTable

ACTIONS_PER_PAGE = 50


@require_GET
@role_required()
def priority_detail(request, slug):
    """Narrative and sources, then the action plan table grouped by strategic approach heading as written."""
    priority = priority_for(require_board(request), slug)
    as_of = plan_as_of(priority.plan)
    return render(
        request,
        "priorities/priority_detail.html",
        {
            "priority": priority,
            "plan": priority.plan,
            "as_of": as_of,
            "groups": action_plan_groups(priority, as_of.date),
            "sources": [line.strip() for line in priority.sources.splitlines() if line.strip()],
            # Work of the floors above that informs it (themed audits), through priorities/related.py.
            "related": related_to_priority(priority, user=request.user),
        },
    )


@require_GET
@role_required()
def action_detail(request, pk):
    """Every field of an action, its leads, status and status history; administrators also see edits to it."""
    action = action_for(require_board(request), pk)
    is_admin = has_role(request.user, Role.BOARD_ADMIN)
    as_of = plan_as_of(action.objective.priority.plan)
    return render(
        request,
        "priorities/action_detail.html",
        {
            "action": action,
            "priority": action.objective.priority,
            "plan": action.objective.priority.plan,
            "as_of": as_of,
            "overdue": action.is_overdue(as_of.date),
            "edits": field_changes(action) if is_admin else None,
            "can_update": can_update_action(request.user, action),
            # Work of the floors above that feeds it (Section 11 and audit findings), through priorities/related.py.
            "related": related_to_action(action, user=request.user),
        },
    )


@require_GET
@role_required()
def action_list(request):
    """Every action of the current plan, filtered by django-filter and shown 50 to a page by django-tables2."""
    board = require_board(request)
    plan = current_plan_for(board)
    queryset = actions_of_current_plan(board).filter(objective__priority__plan=plan)
    as_of = plan_as_of(plan)
    action_filter = ActionFilter(request.GET or None, queryset=queryset, board=board, plan=plan, as_of=as_of)
    table = ActionTable(action_filter.qs, as_of=as_of)
    configure_table(request, table, per_page=ACTIONS_PER_PAGE)
    filtered = bool(request.GET.keys() - {"page", "sort", "per_page"})
    return render(
        request,
        "priorities/action_list.html",
        {
            "plan": plan,
            "filter": action_filter,
            "form": action_filter.form,
            "table": table,
            "filtered": filtered,
            "as_of": as_of,
        },
    )

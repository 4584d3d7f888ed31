"""The plan pages that summarise the priorities (namespace `plans:`): overview, leads directory and lead page.

They read the priorities' actions, so they stand on the priorities floor; the plan pages that read the plan alone
(core business, survey) stay in plans/views.py. Templates stay under templates/plans/.
Read-only for every board role; each page shows the signed-in person's own board and nothing else.
"""

from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import get_for_board, require_board, role_required
from accounts.roles import Role, has_role
from plans.models import Lead
from plans.quarters import plan_as_of
from plans.selectors import current_plan_for

from ..models import Priority
from ..plan_selectors import actions_led_by, leads_directory, rag_summaries


@require_GET
@role_required()
def overview(request):
    """Vision, mission, ambition, continuing priorities and the four priorities with a RAG summary each."""
    plan = current_plan_for(require_board(request))
    as_of = plan_as_of(plan)
    summaries = rag_summaries(plan, as_of.date)
    priorities = [(priority, summaries[priority.id]) for priority in Priority.objects.filter(plan=plan)]
    return render(
        request,
        "plans/overview.html",
        {
            "plan": plan,
            "priorities": priorities,
            "is_admin": has_role(request.user, Role.BOARD_ADMIN),
            "as_of": as_of,
        },
    )


@require_GET
@role_required()
def lead_list(request):
    board = require_board(request)
    plan = current_plan_for(board)
    return render(request, "plans/lead_list.html", {"plan": plan, "directory": leads_directory(board, plan)})


@require_GET
@role_required()
def lead_detail(request, pk):
    """Who a lead is, their groups or members, and the current plan's actions they lead."""
    board = require_board(request)
    plan = current_plan_for(board)
    lead = get_for_board(
        Lead.objects.select_related("agency").prefetch_related(
            Prefetch("groups", queryset=Lead.objects.order_by("name")),
            Prefetch("members", queryset=Lead.objects.select_related("agency").order_by("name")),
        ),
        board,
        "board",
        pk=pk,
    )
    groups = list(lead.groups.all())
    group_ids = {group.id for group in groups}
    as_of = plan_as_of(plan)
    rows = []
    for action in actions_led_by(lead, plan, group_ids):
        through = [named for named in action.leads.all() if named.id in group_ids]
        direct = any(named.id == lead.id for named in action.leads.all())
        rows.append({"action": action, "direct": direct, "through": through, "overdue": action.is_overdue(as_of.date)})
    return render(
        request,
        "plans/lead_detail.html",
        {
            "plan": plan,
            "lead": lead,
            "groups": groups,
            "members": lead.members.all(),
            "rows": rows,
            "as_of": as_of,
            "is_admin": has_role(request.user, Role.BOARD_ADMIN),
        },
    )

"""The quarter's section of the home page (bscb/home.py): the BMG member's and administrator's quarter in progress
(the dashboard's headline band), for administrators what blocks it (who has not updated, the deadline), and for
board members the last closed quarter."""

from django.urls import reverse

from accounts.roles import Role, roles_of
from priorities.reminders import missing_updates

from .models import Quarter
from .presentation import dashboard_context
from .selectors import dashboard_for

MISSING_NAMED = 5  # leads named on the home page; the chasing page lists them all


def quarter_section(request, board):
    roles = roles_of(request.user)
    reviewer = bool(roles & {Role.BMG_MEMBER, Role.BOARD_ADMIN})
    if board is None or not (reviewer or Role.BOARD_MEMBER in roles):
        return None
    plan = board.plans.filter(is_current=True).first()
    if plan is None:
        return None
    quarters = Quarter.objects.filter(plan=plan)
    if reviewer:
        quarter = quarters.filter(state=Quarter.State.OPEN).first()
        quarter = quarter or quarters.filter(state=Quarter.State.CLOSED).order_by("-start_date").first()
    else:  # board members read the papers of the last closed quarter
        quarter = quarters.filter(state=Quarter.State.CLOSED).order_by("-start_date").first()
    if quarter is None:
        return {"quarter": None, "plan": plan}
    context = dashboard_context(dashboard_for(quarter))
    dashboard_href = f"{reverse('reporting:dashboard')}?quarter={quarter.pk}"
    context.update(
        plan=plan,
        dashboard_href=dashboard_href,
        can_challenge=reviewer,
        is_admin=Role.BOARD_ADMIN in roles,
    )
    if Role.BOARD_ADMIN in roles and quarter.is_open:
        missing = missing_updates(quarter)
        context.update(
            missing=missing,
            missing_named=missing.by_lead[:MISSING_NAMED],
            missing_more=max(0, len(missing.by_lead) - MISSING_NAMED),
        )
    return context

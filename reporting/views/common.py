"""Lookups and role groups shared by the reporting views.

Objects are fetched through the user's board (another board's quarter or indicator is a 404 for everyone); the role
check itself is each view's `@role_required`.
"""

from accounts.access import get_for_board, require_board
from accounts.roles import Role, roles_of
from plans.selectors import NoCurrentPlan

from ..models import Quarter
from ..selectors import plan_for_board

READERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER)
CHALLENGERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER)
INDICATOR_READERS = (*READERS, Role.AUDIT_COORDINATOR)
INDICATOR_EDITORS = (Role.BOARD_ADMIN, Role.AUDIT_COORDINATOR)


def get_quarter(request, pk) -> Quarter:
    """A quarter of the user's board (else 404)."""
    board = require_board(request)
    return get_for_board(
        Quarter.objects.select_related("plan", "closed_by", "review_done_by"), board, "plan__board", pk=pk
    )


def get_plan(request):
    """The user's board's current plan (else 404)."""
    plan = plan_for_board(require_board(request))
    if plan is None:
        raise NoCurrentPlan("No plan has been loaded for your board yet.")
    return plan


def user_roles(request) -> set:
    return set(roles_of(request.user))

"""Object-level permission rules for the priorities app, in one place for views, templates and commands.

Role checks (`accounts.access.role_required`) say what kind of page a user may open; these rules say which
objects they may change. Both run on the server for every request: a hidden link is never the protection.
"""

from django.db.models import Q

from accounts.access import board_of
from accounts.roles import Role, has_role
from plans.models import Lead

from .models import Action


def lead_ids_for(user) -> set[int]:
    """The Lead rows a user acts for: their own person-Lead and every group that person belongs to.

    Cached on the user object for the request, like `roles_of`, because My actions and each permission check ask.
    """
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_lead_ids_cache", None)
    if cached is None:
        board = board_of(user)
        if board is None:
            cached = set()
        else:
            # A group counts only through a person-Lead linked to this user; group Leads never have accounts.
            cached = set(
                Lead.objects.filter(board=board)
                .filter(Q(user=user) | Q(members__user=user, members__kind=Lead.Kind.PERSON))
                .values_list("id", flat=True)
            )
        user._lead_ids_cache = cached
    return cached


def actions_led_by(user, queryset=None):
    """The actions of the user's board that the user leads, directly or through one of their groups."""
    queryset = queryset if queryset is not None else Action.objects.all()
    board = board_of(user)
    lead_ids = lead_ids_for(user)
    if board is None or not lead_ids:
        return queryset.none()
    # A subquery rather than `leads__in`, which joins through the M2M table: one action led by two of the user's
    # leads would appear twice. The link table alone answers it (no join back to the actions: less to plan).
    matching = Action.leads.through.objects.filter(lead_id__in=lead_ids).values("action_id")
    return queryset.filter(objective__priority__plan__board=board, pk__in=matching)


def can_update_action(user, action) -> bool:
    """May `user` record a status update on `action`?

    Yes for the action's leads (a user linked to one of its Leads, or to a person-Lead who is a member of a group
    Lead of the action) holding the Lead role, and for the administrators of the action's board. Nobody from
    another board, whatever their role.
    """
    board = board_of(user)
    if board is None or board.pk != action.objective.priority.plan.board_id:
        return False
    if has_role(user, Role.BOARD_ADMIN):
        return True
    if not has_role(user, Role.LEAD):
        return False
    lead_ids = lead_ids_for(user)
    return bool(lead_ids) and action.leads.filter(pk__in=lead_ids).exists()

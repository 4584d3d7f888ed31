"""Server-side access rules in one place: board scoping and role checks used by every view.

Anonymous users never reach a view (LoginRequiredMiddleware sends them to sign-in). A signed-in user with the wrong
role gets 403; an object of another board is reported as 404 so that its existence is not revealed.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .memberships import current_membership
from .roles import Role, has_role, roles_of


def board_of(user):
    """The board a user works on now, or None (no membership: sees nothing)."""
    membership = current_membership(user)
    return membership.board if membership is not None else None


def agency_of(user):
    membership = current_membership(user)
    return membership.agency if membership is not None else None


def require_board(request):
    board = board_of(request.user)
    if board is None:
        raise PermissionDenied("Your account is not a member of any board.")
    return board


def role_required(*roles: Role):
    """View decorator: the user must belong to a board and hold one of `roles` (any role when none are given)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require_board(request)
            if roles and not has_role(request.user, *roles):
                raise PermissionDenied("Your role does not allow this.")
            if not roles and not roles_of(request.user):
                raise PermissionDenied("Your account has no role on this board.")
            return view(request, *args, **kwargs)

        wrapper.required_roles = frozenset(roles)
        return wrapper

    return decorator


def get_for_board(queryset, board, board_path: str, **lookup):
    """Fetch one object of `board`; anything else (missing, or another board's) is a 404."""
    try:
        return queryset.get(**{board_path: board}, **lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404(f"No {queryset.model._meta.verbose_name} found") from exc

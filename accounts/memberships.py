"""Which board a signed-in person works on now. One person may hold memberships of several boards
(accounts.models.Membership); accounts.middleware.CurrentBoardMiddleware sets the one chosen in the session on the
user object, and everything that scopes a query (accounts/access.py) or checks a role (accounts/roles.py) reads it
from here."""


def active_memberships(user) -> list:
    """The user's active memberships, each with its board, agency and roles; read once per user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = list(
            user.memberships.filter(is_active=True).select_related("board", "agency").prefetch_related("roles")
        )
        user._memberships_cache = cached
    return cached


def current_membership(user):
    """The membership of the board the user works on now: the one chosen in this session (set on the user by
    accounts.middleware.CurrentBoardMiddleware), else their only active membership. None when they have none, or
    several and have not chosen yet: then they see no board's data."""
    if not user.is_authenticated:
        return None
    if hasattr(user, "_current_membership"):
        return user._current_membership
    memberships = active_memberships(user)
    return memberships[0] if len(memberships) == 1 else None

"""The roles of the product, held as Django groups (created by a migration) and checked on the server per view."""

from enum import StrEnum


class Role(StrEnum):
    BOARD_ADMIN = "Board administrator"
    LEAD = "Lead"
    BMG_MEMBER = "Business Management Group member"
    BOARD_MEMBER = "Board member"
    AUDIT_COORDINATOR = "Audit coordinator"
    AGENCY_AUDIT_CONTACT = "Agency audit contact"


ALL_ROLES = list(Role)

# Who may read the plan, dashboards and board packs of their own board.
PLAN_READERS = frozenset(ALL_ROLES)
REVIEWERS = frozenset({Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER})


def roles_of(user) -> frozenset[Role]:
    """The user's roles, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._roles_cache = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))

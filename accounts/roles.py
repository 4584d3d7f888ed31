"""The roles of the product, held as Django groups (created by a migration) and checked on the server per view."""

from enum import StrEnum

from .memberships import current_membership


class Role(StrEnum):
    BOARD_ADMIN = "Board administrator"
    LEAD = "Lead"
    BMG_MEMBER = "Business Management Group member"
    BOARD_MEMBER = "Board member"
    AUDIT_COORDINATOR = "Audit coordinator"
    AGENCY_AUDIT_CONTACT = "Agency audit contact"
    # The independent scrutineer (Working Together 2023): reads everything on their board, changes nothing but their
    # own scrutiny log (scrutiny/), and never sees another board.
    SCRUTINEER = "Independent scrutineer"


ALL_ROLES = list(Role)

# Who may read the plan, dashboards and board packs of their own board.
PLAN_READERS = frozenset(ALL_ROLES)
REVIEWERS = frozenset({Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER})


def roles_of(user) -> frozenset[Role]:
    """The user's roles on the board they work on now (their current membership, accounts/access.py), cached on the
    user object for the request. No board, no roles."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        membership = current_membership(user)
        names = {group.name for group in membership.roles.all()} if membership is not None else set()
        cached = frozenset(role for role in Role if role.value in names)
        user._roles_cache = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))

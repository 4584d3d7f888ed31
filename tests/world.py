"""The persona world every permission, accessibility and journey test starts from.

Two boards. Board A ("home") has a plan with one priority, objective, two actions (one led by `lead` directly,
one by `other_lead`), quarters, and a user for every persona. Board B has its own plan, action and administrator.
Tests and permission cases that need more objects add them lazily with `world.get(name, factory)`.
"""

from dataclasses import dataclass, field

from accounts.roles import Role
from plans.models import Lead

from . import factories as f

PERSONAS = [
    "anonymous",
    "admin",
    "lead",
    "other_lead",
    "bmg",
    "board_member",
    "audit_coordinator",
    "agency_contact",
    "agency_contact_other",
    "other_board_admin",
    "platform_admin",
    # The independent scrutineer (issue 20): reads every read page of the home board, writes only the scrutiny log.
    # Last, so that no case's first allowed persona changes. Whether it is allowed is decided by one rule for the
    # whole matrix (tests/permissions/registry.py, scrutineer_allowed) rather than in every case.
    "scrutineer",
]
SIGNED_IN_PERSONAS = [p for p in PERSONAS if p != "anonymous"]

# Handy groupings for permission cases.
EVERYONE_ON_BOARD = frozenset(
    {
        "admin",
        "lead",
        "other_lead",
        "bmg",
        "board_member",
        "audit_coordinator",
        "agency_contact",
        "agency_contact_other",
    }
)
READERS = EVERYONE_ON_BOARD
REVIEWERS = frozenset({"admin", "bmg", "board_member"})
ADMIN_ONLY = frozenset({"admin"})


@dataclass
class World:
    board: object
    plan: object
    agency: object
    other_agency: object
    priority: object
    objective: object
    action: object
    other_action: object
    quarters: list
    users: dict
    other_board: object
    other_plan: object
    other_board_action: object
    lead_person: object
    other_lead_person: object
    group: object
    extras: dict = field(default_factory=dict)

    @property
    def open_quarter(self):
        return next(q for q in self.quarters if q.state == "open")

    @property
    def closed_quarter(self):
        return [q for q in self.quarters if q.state == "closed"][-1]

    def get(self, name, factory):
        """Build an extra object once per world: `world.get("s11_return", lambda w: ...)`."""
        if name not in self.extras:
            self.extras[name] = factory(self)
        return self.extras[name]


def _user(username, board, roles, agency=None, first="Test", last=None):
    user = f.UserFactory(username=username, first_name=first, last_name=last or username.title(), roles=roles)
    f.MembershipFactory(user=user, board=board, agency=agency)
    return user


def _ensure_seed_rows():
    """Transactional (browser) tests flush the tables that migrations seeded; put the seed rows back."""
    from django.contrib.auth.models import Group

    from priorities.models import StrategicStage

    if Group.objects.count() >= len(Role) and StrategicStage.objects.count() >= 5:
        return
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    for order, (code, name) in enumerate(
        [
            ("prevent", "Prevent"),
            ("identify", "Identify"),
            ("support", "Support"),
            ("intervene", "Intervene"),
            ("enforce", "Enforce (disrupt and prosecute)"),
        ],
        start=1,
    ):
        StrategicStage.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def build_world() -> World:
    _ensure_seed_rows()
    board = f.BoardFactory(name="Home Safeguarding Children Board", short_name="HSCB", slug="home")
    plan = f.PlanFactory(board=board, slug="2014-2016")
    agency = f.AgencyFactory(board=board, name="Home Borough Council", sector="Local authority")
    other_agency = f.AgencyFactory(board=board, name="Home Police", sector="Police")
    priority = f.PriorityFactory(plan=plan, title="Child Sexual Exploitation", slug="cse", code="CSE", order=1)
    objective = f.ObjectiveFactory(priority=priority, order=1, what="Reduce the risks of CSE")
    quarters = f.quarters_for(plan)

    users = {
        "admin": _user("admin", board, [Role.BOARD_ADMIN]),
        "lead": _user("lead", board, [Role.LEAD], first="Jo", last="Moses"),
        "other_lead": _user("otherlead", board, [Role.LEAD], first="Kaye", last="Wise"),
        "bmg": _user("bmg", board, [Role.BMG_MEMBER]),
        "board_member": _user("boardmember", board, [Role.BOARD_MEMBER]),
        "audit_coordinator": _user("auditor", board, [Role.AUDIT_COORDINATOR]),
        "agency_contact": _user("contact", board, [Role.AGENCY_AUDIT_CONTACT], agency=agency),
        "agency_contact_other": _user("othercontact", board, [Role.AGENCY_AUDIT_CONTACT], agency=other_agency),
        "scrutineer": _user("scrutineer", board, [Role.SCRUTINEER], first="Sam", last="Scrutineer"),
    }
    other_board = f.BoardFactory(name="Other Safeguarding Children Board", short_name="OSCB", slug="other")
    users["other_board_admin"] = _user("otheradmin", other_board, [Role.BOARD_ADMIN])
    # The platform operator of a hosted service: a superuser with no board, who sees only the cross-board overview.
    users["platform_admin"] = f.UserFactory(username="platform", is_staff=True, is_superuser=True)
    other_plan = f.PlanFactory(board=other_board, slug="2014-2016")
    other_priority = f.PriorityFactory(plan=other_plan, title="Neglect", slug="neglect", code="NEG", order=1)
    other_objective = f.ObjectiveFactory(priority=other_priority, order=1)
    f.quarters_for(other_plan)

    lead_person = f.LeadFactory(board=board, name="Jo Moses", agency=agency, user=users["lead"])
    other_lead_person = f.LeadFactory(board=board, name="Kaye Wise", agency=other_agency, user=users["other_lead"])
    group = f.LeadFactory(board=board, name="MASE", kind=Lead.Kind.GROUP)
    lead_person.groups.add(group)
    action = f.ActionFactory(
        objective=objective, order=1, reference="CSE-01", leads=[lead_person], responsible_leads="Jo Moses"
    )
    other_action = f.ActionFactory(
        objective=objective, order=2, reference="CSE-02", leads=[other_lead_person], responsible_leads="Kaye Wise"
    )
    other_board_action = f.ActionFactory(objective=other_objective, order=1, reference="NEG-01")

    return World(
        board=board,
        plan=plan,
        agency=agency,
        other_agency=other_agency,
        priority=priority,
        objective=objective,
        action=action,
        other_action=other_action,
        quarters=quarters,
        users=users,
        other_board=other_board,
        other_plan=other_plan,
        other_board_action=other_board_action,
        lead_person=lead_person,
        other_lead_person=other_lead_person,
        group=group,
    )

"""The service navigation, by role. Each app adds its own entries here; links are only shown, never trusted:
every view checks permissions on the server."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.memberships import active_memberships
from accounts.roles import Role, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset  # empty: every signed-in member of a board
    active_prefix: str = ""
    # Pages outside the prefix that belong to this item (URL names); they win over any prefix.
    also_active_on: frozenset = frozenset()


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "home", frozenset(), "/home"),
    # "Plan" covers the plan pages and priority pages; the leads directory has its own item.
    NavItem("Plan", "plans:overview", frozenset(), "/plan/", frozenset({"priorities:priority_detail"})),
    NavItem("Actions", "priorities:action_list", frozenset(), "/priorities/actions/"),
    NavItem("Leads", "plans:lead_list", frozenset(), "/plan/leads/"),
    # A lead reaches the update form from My actions (its breadcrumb says so), not from the Actions list.
    NavItem(
        "My actions",
        "priorities:my_actions",
        frozenset({Role.LEAD}),
        "/priorities/my-actions",
        frozenset({"priorities:action_update"}),
    ),
    NavItem(
        "Budget",
        "budget:budget_list",
        frozenset({Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER}),
        "/budget/",
    ),
    NavItem(
        "Audits",
        "audits:index",
        frozenset(
            {
                Role.BOARD_ADMIN,
                Role.BMG_MEMBER,
                Role.BOARD_MEMBER,
                Role.AUDIT_COORDINATOR,
                Role.AGENCY_AUDIT_CONTACT,
                Role.SCRUTINEER,
            }
        ),
        "/audits/",
    ),
    NavItem(
        "Dashboard",
        "reporting:dashboard",
        frozenset({Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER}),
        "/reporting/",
    ),
    NavItem(
        "Learning reviews",
        "learning:review_list",
        frozenset(
            {
                Role.BOARD_ADMIN,
                Role.BMG_MEMBER,
                Role.BOARD_MEMBER,
                Role.AUDIT_COORDINATOR,
                Role.SCRUTINEER,
                Role.LEAD,
            }
        ),
        "/learning/",
    ),
    NavItem(
        "Yearly report",
        "annualreport:report_list",
        frozenset({Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER}),
        "/yearly-report/",
    ),
    NavItem(
        "Scrutiny log",
        "scrutiny:entry_list",
        frozenset({Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER}),
        "/scrutiny/",
    ),
    NavItem("Emails sent", "notifications:notification_list", frozenset({Role.BOARD_ADMIN}), "/notifications/"),
    NavItem("People", "people:people_list", frozenset({Role.BOARD_ADMIN}), "/people/"),
    NavItem("Set-up", "onboarding:plan_setup", frozenset({Role.BOARD_ADMIN}), "/onboarding/"),
    NavItem(
        "Performance data", "reporting:indicator_list", frozenset({Role.AUDIT_COORDINATOR}), "/reporting/indicators/"
    ),
]


def navigation_for(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_superuser and user.membership is None:
        # The platform operator belongs to no board: they get the cross-board overview only.
        return [
            {
                "label": "All boards",
                "url": reverse("reporting:boards_overview"),
                "active": request.path.startswith(reverse("reporting:boards_overview")),
            }
        ]
    if user is None or not user.is_authenticated or user.membership is None:
        return []
    roles = roles_of(user)
    items = []
    for item in NAV_ITEMS:
        if item.roles and not (roles & item.roles):
            continue
        url = reverse(item.url_name)
        items.append(
            {
                "label": item.label,
                "url": url,
                "prefix": item.active_prefix or url,
                "also": item.also_active_on,
                "active": False,
            }
        )
    match = getattr(request, "resolver_match", None)
    named = [item for item in items if match is not None and match.view_name in item["also"]]
    # Only the most specific matching item is current: /plan/leads/ is "Leads", not "Plan" as well.
    matching = [item for item in items if request.path.startswith(item["prefix"])]
    if named:
        named[0]["active"] = True
    elif matching:
        max(matching, key=lambda item: len(item["prefix"]))["active"] = True
    if len(active_memberships(user)) > 1:
        # A person of several boards switches between them (accounts.views.choose_board).
        url = reverse("accounts:choose_board")
        items.append({"label": "Switch partnership", "url": url, "prefix": url, "also": frozenset(), "active": False})
        items[-1]["active"] = request.path.startswith(url)
    return items


__all__ = ["NAV_ITEMS", "NavItem", "Role", "navigation_for"]

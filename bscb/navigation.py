"""The service navigation, by role. Each app adds its own entries here; links are only shown, never trusted:
every view checks permissions on the server."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.roles import Role, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset  # empty: every signed-in member of a board
    active_prefix: str = ""


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "home", frozenset(), "/home"),
]


def navigation_for(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(user, "membership"):
        return []
    roles = roles_of(user)
    items = []
    for item in NAV_ITEMS:
        if item.roles and not (roles & item.roles):
            continue
        url = reverse(item.url_name)
        prefix = item.active_prefix or url
        items.append({"label": item.label, "url": url, "active": request.path.startswith(prefix)})
    return items


__all__ = ["NAV_ITEMS", "NavItem", "Role", "navigation_for"]

"""The cycle page's list of agencies nobody will be emailed about (audits/notify.py), for those who can act on it."""

from django import template

from accounts.roles import Role, has_role

from ..notify import agencies_without_contact

register = template.Library()


@register.inclusion_tag("audits/_no_contact.html", takes_context=True)
def agencies_without_contact_panel(context, cycle):
    """The agencies of `cycle` with no audit contact who can be emailed. Shown to the audit coordinator and the board
    administrator only (one query, none for anyone else); the administrator also gets the link to invite someone."""
    user = context["request"].user
    if not has_role(user, Role.AUDIT_COORDINATOR, Role.BOARD_ADMIN):
        return {"show": False}
    return {
        "show": True,
        "agencies": agencies_without_contact(cycle),
        "can_invite": has_role(user, Role.BOARD_ADMIN),
    }

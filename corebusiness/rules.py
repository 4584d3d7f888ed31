"""Who may record an update on a core business measure: the same rule as for an action
(priorities.rules.can_update_action), on the measure's leads. Role checks say what kind of page a user may open; this
says which measures they may change. Both run on the server for every request."""

from accounts.access import board_of
from accounts.roles import Role, has_role
from plans.models import CoreMeasure
from priorities.rules import lead_ids_for


def measures_led_by(user, *, board, lead_ids=None):
    """The core measures of `board` that `user` leads, directly or through one of their groups."""
    lead_ids = lead_ids_for(user) if lead_ids is None else lead_ids
    if board is None or not lead_ids:
        return CoreMeasure.objects.none()
    # `leads__in` joins through the M2M table, so a measure led by two of the user's leads would appear twice.
    matching = CoreMeasure.objects.filter(leads__in=lead_ids).values("pk")
    return CoreMeasure.objects.filter(core_priority__plan__board=board, pk__in=matching)


def can_update_measure(user, measure) -> bool:
    """May `user` record an update on `measure`? Its leads (a user linked to one of its Leads, or to a person-Lead
    who is a member of a group Lead of the measure) holding the Lead role, and the administrators of its board.
    Nobody from another board, whatever their role. `measure` has its core priority and plan selected."""
    board = board_of(user)
    if board is None or board.pk != measure.core_priority.plan.board_id:
        return False
    if has_role(user, Role.BOARD_ADMIN):
        return True
    if not has_role(user, Role.LEAD):
        return False
    lead_ids = lead_ids_for(user)
    return bool(lead_ids) and measure.leads.filter(pk__in=lead_ids).exists()

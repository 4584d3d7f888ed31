"""Permission-aware lookups shared by the audits views: one function per kind of object, each a 404 for anything
outside the user's board or (for agency audit contacts) outside their own agency."""

from django.http import Http404

from accounts.access import get_for_board, require_board
from accounts.roles import Role

from ..models import AgencyReturn, AuditCycle, StandardAssessment
from ..selectors import returns_visible_to

COORDINATOR = Role.AUDIT_COORDINATOR
READERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.AUDIT_COORDINATOR)
CONTACT = Role.AGENCY_AUDIT_CONTACT


def get_cycle(request, pk) -> AuditCycle:
    return get_for_board(AuditCycle.objects.select_related("board", "plan"), require_board(request), "board", pk=pk)


def get_return(request, pk) -> AgencyReturn:
    """A return the user may see; another agency's return is a 404 for an agency audit contact, by every URL."""
    board = require_board(request)
    try:
        return returns_visible_to(request.user, board).select_related("cycle", "agency").get(pk=pk)
    except AgencyReturn.DoesNotExist as exc:
        raise Http404("No return found") from exc


def get_assessment(agency_return, standard_pk) -> StandardAssessment:
    try:
        return agency_return.assessments.select_related("standard").get(standard_id=standard_pk)
    except StandardAssessment.DoesNotExist as exc:
        raise Http404("No standard found") from exc

"""Permission-aware lookups shared by the audits views: one function per kind of object.

Each looks the object up on the user's board first and only then checks the role, so that another board's object is a
404 whatever the user's role (README: "another board's object: 404; wrong role: 403"), while a user of this board with
the wrong role gets 403. A user with no board gets 403 before any lookup (`require_board`).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import get_for_board, require_board
from accounts.roles import Role, has_role, roles_of

from ..models import AgencyReturn, AuditCycle, StandardAssessment
from ..selectors import can_see_return

COORDINATOR = Role.AUDIT_COORDINATOR
READERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.AUDIT_COORDINATOR, Role.SCRUTINEER)
CONTACT = Role.AGENCY_AUDIT_CONTACT
# Who answers the practitioner questionnaire: every role of the board but the independent scrutineer, who reads its
# results and answers nothing.
PRACTITIONERS = tuple(role for role in Role if role is not Role.SCRUTINEER)


def require_role(request, *roles):
    """The role check of `accounts.access.role_required`, for a view that has already looked its object up on the
    user's board: the user must hold one of `roles` (any role on the board when none are given), else 403."""
    if roles and not has_role(request.user, *roles):
        raise PermissionDenied("Your role does not allow this.")
    if not roles and not roles_of(request.user):
        raise PermissionDenied("Your account has no role on this board.")


def get_cycle(request, pk, *roles) -> AuditCycle:
    """A cycle of the user's board (else 404), for a user holding one of `roles` (else 403)."""
    cycle = get_for_board(AuditCycle.objects.select_related("board", "plan"), require_board(request), "board", pk=pk)
    require_role(request, *roles)
    return cycle


def get_return(request, pk, *roles) -> AgencyReturn:
    """A return of the user's board (else 404), for a user holding one of `roles` (else 403) who may see it: another
    agency's return is a 404 for an agency audit contact, by every URL the contact may use."""
    agency_return = get_for_board(
        AgencyReturn.objects.select_related("cycle", "agency"), require_board(request), "cycle__board", pk=pk
    )
    require_role(request, *roles)
    if not can_see_return(request.user, agency_return):
        raise Http404("No return found")
    return agency_return


def get_assessment(agency_return, standard_pk) -> StandardAssessment:
    try:
        return agency_return.assessments.select_related("standard").get(standard_id=standard_pk)
    except StandardAssessment.DoesNotExist as exc:
        raise Http404("No standard found") from exc

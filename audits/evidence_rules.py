"""Who may see and add evidence (the evidence app's registry, evidence/registry.py) on a Section 11 return, a
standard's assessment and an improvement action. Registered by AuditsConfig.ready().

Seeing: whoever may see the return (the board's readers of returns and that agency's audit contacts); for another
agency's contact the record is hidden (404), as the return itself is. Adding and removing: whoever may edit the
record: the agency's contact while the return is a draft or challenged, the audit coordinator at any time.
"""

from django.urls import reverse

from accounts.roles import Role, has_role
from evidence.registry import register_evidence

from .models import AgencyReturn, ImprovementAction, StandardAssessment
from .selectors import RETURN_READERS, can_see_return


def _is_hidden(user, agency_return):
    return has_role(user, Role.AGENCY_AUDIT_CONTACT) and not can_see_return(user, agency_return)


def _can_view(user, agency_return):
    return has_role(user, *RETURN_READERS) and can_see_return(user, agency_return)


def _can_add(user, agency_return):
    if has_role(user, Role.AUDIT_COORDINATOR):
        return True
    return (
        has_role(user, Role.AGENCY_AUDIT_CONTACT) and can_see_return(user, agency_return) and agency_return.is_editable
    )


def _return_url(agency_return, anchor):
    return f"{reverse('audits:return_detail', kwargs={'pk': agency_return.pk})}#{anchor}"


def register():
    register_evidence(
        AgencyReturn,
        board_path="cycle__board",
        select_related=("cycle", "agency"),
        is_hidden=_is_hidden,
        can_view=_can_view,
        can_add=_can_add,
        describe=lambda r: f"the return of {r.agency.name}",
        url=lambda r: _return_url(r, "evidence"),
    )
    register_evidence(
        StandardAssessment,
        board_path="agency_return__cycle__board",
        select_related=("agency_return__cycle", "agency_return__agency", "standard"),
        is_hidden=lambda user, a: _is_hidden(user, a.agency_return),
        can_view=lambda user, a: _can_view(user, a.agency_return),
        can_add=lambda user, a: _can_add(user, a.agency_return),
        describe=lambda a: f"standard {a.standard.order}: {a.standard.title}",
        url=lambda a: _return_url(a.agency_return, f"standard-{a.standard.order}"),
    )
    register_evidence(
        ImprovementAction,
        board_path="assessment__agency_return__cycle__board",
        select_related=(
            "assessment__agency_return__cycle",
            "assessment__agency_return__agency",
            "assessment__standard",
        ),
        is_hidden=lambda user, a: _is_hidden(user, a.assessment.agency_return),
        can_view=lambda user, a: _can_view(user, a.assessment.agency_return),
        can_add=lambda user, a: _can_add(user, a.assessment.agency_return),
        describe=lambda a: f"the improvement action: {a.description[:60]}",
        url=lambda a: _return_url(a.assessment.agency_return, f"standard-{a.assessment.standard.order}"),
    )

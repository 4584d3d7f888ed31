"""Permission cases of findings as tracked work (audits/views/findings.py).

The finding page (GET) is open to the readers of audits, the owner's users and, for an improvement action, the
agency's audit contact; its update (POST) to the owner's users, the audit coordinator, the board administrator and,
for an improvement action, the agency's audit contact. Jo Moses (`lead`) owns the Council's improvement action as a
person and the recommendation through the group MASE. An audit contact of another agency gets a 404 for the
Council's improvement action, as for its return; another board's administrator a 404 for every finding.
"""

from audits.models import ImprovementAction, Recommendation
from tests.audits.helpers import audits_of
from tests.permissions.case import Case

READERS = frozenset({"admin", "bmg", "board_member", "audit_coordinator"})
OTHER_AGENCY = "The Council's improvement action: 404 for Home Police's audit contact, as for the Council's return"


def _owned(w):
    """The helpers' improvement action owned by Jo Moses and their recommendation by the group MASE he belongs to."""

    def build(w):
        a = audits_of(w)
        ImprovementAction.objects.filter(pk=a.action.pk).update(owner_lead=w.lead_person, owner="")
        Recommendation.objects.filter(pk=a.recommendation.pk).update(owner_lead=w.group, owner="")
        return a

    return w.get("owned_findings", build)


def action(w):
    return {"pk": _owned(w).action.pk}


def recommendation(w):
    return {"pk": _owned(w).recommendation.pk}


UPDATE = {"rag": "amber", "note": "Half the teams trained", "expected_latest_id": "0"}

CASES = [
    Case(
        "audits:finding_list",
        READERS | {"other_board_admin"},
        note="board-wide: another board's administrator sees their own board's findings",
    ),
    Case(
        "audits:finding_improvement_action",
        READERS | {"lead", "agency_contact"},
        kwargs=action,
        not_found=frozenset({"agency_contact_other"}),
        note=OTHER_AGENCY,
    ),
    Case(
        "audits:finding_improvement_action",
        frozenset({"lead", "admin", "audit_coordinator", "agency_contact"}),
        kwargs=action,
        method="post",
        data=lambda w: UPDATE,
        ok_statuses=(302,),
        not_found=frozenset({"agency_contact_other"}),
        note=OTHER_AGENCY,
    ),
    Case("audits:finding_recommendation", READERS | {"lead"}, kwargs=recommendation),
    Case(
        "audits:finding_recommendation",
        frozenset({"lead", "admin", "audit_coordinator"}),
        kwargs=recommendation,
        method="post",
        data=lambda w: UPDATE,
        ok_statuses=(302,),
    ),
]

"""Permission cases of the audits app. Readers of the overview: admin, BMG, board member, audit coordinator. Agency
audit contacts see only their own agency's return: another agency's is a 404 (`not_found`) by every URL open to
contacts. Only the coordinator runs cycles, challenges, accepts and moderates; a contact is refused those pages by
role (403), whichever agency's return the URL names. Another board's administrator gets 404 for every URL naming one
of this board's objects, whatever their role (the views look the object up on the user's board before the role)."""

from tests.audits.helpers import audits_of
from tests.permissions.case import Case
from tests.world import EVERYONE_ON_BOARD

READERS = frozenset({"admin", "bmg", "board_member", "audit_coordinator"})
COORDINATOR = frozenset({"audit_coordinator"})
CONTACT = frozenset({"agency_contact"})
# Board-wide pages (no object in the URL) show another board's administrator their own board's audits.
ANY_BOARD_READERS = READERS | {"other_board_admin"}
OTHER_CONTACT = frozenset({"agency_contact_other"})
# Agency isolation (audits.views.common.get_return): the contact of the agency that does not own the return gets 404.
OWN_ONLY = "Home Borough Council's return: 404 for Home Police's contact"
OTHER_ONLY = "Home Police's return: 404 for Home Borough Council's contact"


def cycle(w):
    return {"pk": audits_of(w).cycle.pk}


def standard(w):
    a = audits_of(w)
    return {"pk": a.cycle.pk, "standard_pk": a.first_standard.pk}


def own(w):
    return {"pk": audits_of(w).own.pk}


def other(w):
    return {"pk": audits_of(w).other.pk}


def own_standard(w):
    a = audits_of(w)
    return {"pk": a.own.pk, "standard_pk": a.first_standard.pk}


def submitted(w):
    return {"pk": audits_of(w).submitted.pk}


def submitted_standard(w):
    a = audits_of(w)
    return {"pk": a.submitted.pk, "standard_pk": a.first_standard.pk}


def own_action(w):
    a = audits_of(w)
    return {"pk": a.own.pk, "action_pk": a.action.pk}


def themed(w):
    return {"pk": audits_of(w).themed.pk}


def recommendation(w):
    a = audits_of(w)
    return {"pk": a.themed.pk, "recommendation_pk": a.recommendation.pk}


def questionnaire_answers(w):
    a = audits_of(w)
    data = {"agency": w.agency.pk}
    data.update({f"q{q.pk}": "yes" for q in a.cycle.questions.all()})
    return data


# A deadline in the past must be confirmed (audits.forms._check_deadline).
CYCLE_DATA = {
    "title": "Section 11 audit 2015/16",
    "financial_year": "2015",
    "deadline": "18/12/2015",
    "deadline_in_past": "on",
}
ACTION_DATA = {
    "description": "Train all staff",
    "owner": "Training lead",
    "due_date": "31/03/2015",
    "progress": "amber",
}
RECOMMENDATION_DATA = {"text": "Audit again", "owner": "PQA chair", "due_date": "31/03/2015", "rag": "green"}

CASES = [
    Case(
        "audits:index",
        ANY_BOARD_READERS | CONTACT | OTHER_CONTACT,
        ok_statuses=(200, 302),
        note="contacts land on their return",
    ),
    Case("audits:cycle_create", COORDINATOR),
    Case(
        "audits:cycle_create",
        COORDINATOR,
        method="post",
        data=lambda w: {**CYCLE_DATA, "agencies": [w.agency.pk, w.other_agency.pk]},
        ok_statuses=(302,),
    ),
    Case("audits:cycle_detail", READERS, kwargs=cycle),
    Case("audits:cycle_export", READERS, kwargs=cycle, a11y=False),
    Case("audits:cycle_update", COORDINATOR, kwargs=cycle),
    Case(
        "audits:cycle_update", COORDINATOR, kwargs=cycle, method="post", data=lambda w: CYCLE_DATA, ok_statuses=(302,)
    ),
    Case("audits:standard_create", COORDINATOR, kwargs=cycle),
    Case(
        "audits:standard_create",
        COORDINATOR,
        kwargs=cycle,
        method="post",
        data=lambda w: {"title": "Early help", "description": ""},
        ok_statuses=(302,),
    ),
    Case("audits:standard_update", COORDINATOR, kwargs=standard),
    Case(
        "audits:standard_update",
        COORDINATOR,
        kwargs=standard,
        method="post",
        data=lambda w: {"title": "Senior management commitment to safeguarding"},
        ok_statuses=(302,),
    ),
    Case("audits:questionnaire_answer", EVERYONE_ON_BOARD, kwargs=cycle),
    Case(
        "audits:questionnaire_answer",
        EVERYONE_ON_BOARD,
        kwargs=cycle,
        method="post",
        data=questionnaire_answers,
        ok_statuses=(302,),
    ),
    Case("audits:questionnaire_results", READERS, kwargs=cycle),
    Case("audits:return_list", ANY_BOARD_READERS | CONTACT | OTHER_CONTACT),
    Case("audits:return_detail", READERS | CONTACT, kwargs=own, not_found=OTHER_CONTACT, note=OWN_ONLY),
    Case("audits:return_detail", READERS | OTHER_CONTACT, kwargs=other, not_found=CONTACT, note=OTHER_ONLY),
    Case("audits:return_export", READERS | CONTACT, kwargs=own, not_found=OTHER_CONTACT, note=OWN_ONLY, a11y=False),
    Case("audits:return_export", READERS | OTHER_CONTACT, kwargs=other, not_found=CONTACT, note=OTHER_ONLY, a11y=False),
    Case("audits:assessment_update", CONTACT, kwargs=own_standard, not_found=OTHER_CONTACT, note=OWN_ONLY),
    Case(
        "audits:assessment_update",
        CONTACT,
        kwargs=own_standard,
        not_found=OTHER_CONTACT,
        note=OWN_ONLY,
        method="post",
        data=lambda w: {"self_rating": "fully_met", "evidence": "Annual report to the board"},
        ok_statuses=(302,),
    ),
    Case("audits:improvement_action_create", CONTACT, kwargs=own_standard, not_found=OTHER_CONTACT, note=OWN_ONLY),
    Case(
        "audits:improvement_action_create",
        CONTACT,
        kwargs=own_standard,
        not_found=OTHER_CONTACT,
        note=OWN_ONLY,
        method="post",
        data=lambda w: ACTION_DATA,
        ok_statuses=(302,),
    ),
    Case("audits:improvement_action_update", CONTACT, kwargs=own_action, not_found=OTHER_CONTACT, note=OWN_ONLY),
    Case(
        "audits:improvement_action_update",
        CONTACT,
        kwargs=own_action,
        not_found=OTHER_CONTACT,
        note=OWN_ONLY,
        method="post",
        data=lambda w: ACTION_DATA,
        ok_statuses=(302,),
    ),
    Case(
        "audits:return_submit",
        CONTACT,
        kwargs=own,
        not_found=OTHER_CONTACT,
        note=OWN_ONLY,
        method="post",
        ok_statuses=(302,),
    ),
    Case(
        "audits:return_submit",
        OTHER_CONTACT,
        kwargs=other,
        not_found=CONTACT,
        note=OTHER_ONLY,
        method="post",
        ok_statuses=(302,),
    ),
    # Home Health Trust's submitted return. The coordinator's pages refuse every agency audit contact by role (403),
    # their own agency's return or not: the role is checked before the agency (views.common.get_return).
    Case("audits:return_challenge", COORDINATOR, kwargs=submitted),
    Case(
        "audits:return_challenge",
        COORDINATOR,
        kwargs=submitted,
        method="post",
        data=lambda w: {"questions": "How many staff completed training?"},
        ok_statuses=(302,),
    ),
    Case("audits:return_accept", COORDINATOR, kwargs=submitted, method="post", ok_statuses=(302,)),
    Case("audits:assessment_moderate", COORDINATOR, kwargs=submitted_standard),
    Case(
        "audits:assessment_moderate",
        COORDINATOR,
        kwargs=submitted_standard,
        method="post",
        data=lambda w: {"moderated_rating": "partially_met", "notes": "Training figures are incomplete"},
        ok_statuses=(302,),
    ),
    Case("audits:themed_list", ANY_BOARD_READERS),
    Case("audits:themed_create", COORDINATOR),
    Case(
        "audits:themed_create",
        COORDINATOR,
        method="post",
        data=lambda w: {"theme": "Domestic abuse", "scope": "Ten MARAC cases", "commissioned_on": "01/10/2014"},
        ok_statuses=(302,),
    ),
    Case("audits:themed_detail", READERS, kwargs=themed),
    Case("audits:themed_update", COORDINATOR, kwargs=themed),
    Case(
        "audits:themed_update",
        COORDINATOR,
        kwargs=themed,
        method="post",
        data=lambda w: {"theme": "Neglect", "scope": "Twelve cases", "commissioned_on": "01/07/2014"},
        ok_statuses=(302,),
    ),
    Case("audits:recommendation_create", COORDINATOR, kwargs=themed),
    Case(
        "audits:recommendation_create",
        COORDINATOR,
        kwargs=themed,
        method="post",
        data=lambda w: RECOMMENDATION_DATA,
        ok_statuses=(302,),
    ),
    Case("audits:recommendation_update", COORDINATOR, kwargs=recommendation),
    Case(
        "audits:recommendation_update",
        COORDINATOR,
        kwargs=recommendation,
        method="post",
        data=lambda w: RECOMMENDATION_DATA,
        ok_statuses=(302,),
    ),
    Case("audits:audit_map", ANY_BOARD_READERS),
    Case("audits:audit_map_create", COORDINATOR),
    Case(
        "audits:audit_map_create",
        COORDINATOR,
        method="post",
        data=lambda w: {
            "agency": w.agency.pk,
            "topic": "Supervision",
            "reported_on": "01/12/2014",
            "summary_of_findings": "Supervision is regular.",
        },
        ok_statuses=(302,),
    ),
]

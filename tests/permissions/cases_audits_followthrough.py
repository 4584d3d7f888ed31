"""Permission cases of the Section 11 follow-through pages (issue 18, parts 4 and 5): agencies added to and removed
from an open cycle (the audit coordinator), confirming a carried-forward assessment (the agency's own audit contact;
another agency's contact gets 404), and the audit map's entries edited and removed (coordinator or board
administrator) with their history (every reader). Another board's administrator gets 404 for every URL naming one of
this board's objects."""

from tests.audits.followthrough import followthrough_of
from tests.permissions.case import Case

READERS = frozenset({"admin", "bmg", "board_member", "audit_coordinator"})
COORDINATOR = frozenset({"audit_coordinator"})
MAP_EDITORS = frozenset({"audit_coordinator", "admin"})
CONTACT = frozenset({"agency_contact"})
OTHER_CONTACT = frozenset({"agency_contact_other"})
OWN_ONLY = "Home Borough Council's return: 404 for Home Police's contact"


def cycle(w):
    return {"pk": followthrough_of(w).cycle.pk}


def police_return(w):
    return {"pk": followthrough_of(w).police.pk}


def own_carried_standard(w):
    t = followthrough_of(w)
    return {"pk": t.own.pk, "standard_pk": t.own.assessments.filter(carried_forward=True).first().standard_id}


def entry(w):
    return {"pk": followthrough_of(w).entry.pk}


ENTRY_DATA = {"topic": "Missing children: return interviews", "reported_on": "01/10/2014"}

CASES = [
    Case("audits:cycle_agency_add", COORDINATOR, kwargs=cycle),
    Case(
        "audits:cycle_agency_add",
        COORDINATOR,
        kwargs=cycle,
        method="post",
        data=lambda w: {"agencies": [followthrough_of(w).schools.pk]},
        ok_statuses=(302,),
    ),
    # Contacts are refused by role (403) before any agency check: the coordinator's page.
    Case("audits:return_withdraw", COORDINATOR, kwargs=police_return),
    Case(
        "audits:return_withdraw",
        COORDINATOR,
        kwargs=police_return,
        method="post",
        data=lambda w: {"reason": "The Police return through the Community Safety Partnership this year"},
        ok_statuses=(302,),
    ),
    Case(
        "audits:assessment_confirm",
        CONTACT,
        kwargs=own_carried_standard,
        method="post",
        not_found=OTHER_CONTACT,
        note=OWN_ONLY,
        ok_statuses=(302,),
    ),
    Case("audits:audit_map_update", MAP_EDITORS, kwargs=entry),
    Case(
        "audits:audit_map_update",
        MAP_EDITORS,
        kwargs=entry,
        method="post",
        data=lambda w: {
            **ENTRY_DATA,
            "agency": w.other_agency.pk,
            "summary_of_findings": "Return interviews were offered in every case.",
        },
        ok_statuses=(302,),
    ),
    Case("audits:audit_map_remove", MAP_EDITORS, kwargs=entry),
    Case(
        "audits:audit_map_remove",
        MAP_EDITORS,
        kwargs=entry,
        method="post",
        data=lambda w: {"confirm": "on"},
        ok_statuses=(302,),
    ),
    Case("audits:audit_map_history", READERS, kwargs=entry),
]

"""Collects every app's permission cases."""

import importlib
import pkgutil

import tests.permissions as package


def all_cases():
    cases = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("cases_"):
            cases.extend(importlib.import_module(f"tests.permissions.{module.name}").CASES)
    return cases


# The administrator of another board: any URL naming one of the home board's objects is a 404 for them.
OTHER_BOARD = "other_board_admin"


# The independent scrutineer (issue 20) reads everything on its board and changes nothing but its scrutiny log. One
# rule for the whole matrix rather than a persona in every case: a GET page that any of the board's reading roles
# may open is one the scrutineer may open, unless it is named here with the reason; nothing else (no write, no
# administrator-only page) is, unless a case names it in `allowed` (the scrutiny log's own pages) or says so in
# `extra={"scrutineer": True}`.
READING_PERSONAS = frozenset({"bmg", "board_member", "audit_coordinator"})
_FORM = "a form that changes the record: the scrutineer reads, and says what it thinks in the scrutiny log"
SCRUTINEER_EXCLUDED = {
    "audits:assessment_moderate": _FORM,
    "audits:audit_map_create": _FORM,
    "audits:audit_map_remove": _FORM,
    "audits:audit_map_update": _FORM,
    "audits:cycle_agency_add": _FORM,
    "audits:cycle_create": _FORM,
    "audits:cycle_update": _FORM,
    "audits:recommendation_create": _FORM,
    "audits:recommendation_update": _FORM,
    "audits:return_challenge": _FORM,
    "audits:return_withdraw": _FORM,
    "audits:standard_create": _FORM,
    "audits:standard_update": _FORM,
    "audits:themed_create": _FORM,
    "audits:themed_update": _FORM,
    "audits:questionnaire_answer": "the practitioner questionnaire is answered by the board's practitioners; the "
    "scrutineer reads its results (audits:questionnaire_results)",
    "evidence:add": _FORM,
    "evidence:remove": _FORM,
    "reporting:challenge_create": "the BMG's challenge to a lead; the scrutineer's own challenges are in its log",
    "reporting:indicator_create": _FORM,
    "reporting:indicator_edit": _FORM,
    "reporting:indicator_retire": _FORM,
    "reporting:indicator_value_edit": _FORM,
    "reporting:review_done": "the BMG's sign-off of the quarter's review",
    "reporting:missing_updates": "the administrator's and BMG's chasing tool (reminders); the same leads with no "
    "update are on the dashboard, which the scrutineer reads",
}


def scrutineer_allowed(case) -> bool:
    if "scrutineer" in case.allowed:  # the scrutiny log's own pages name it
        return True
    if "scrutineer" in case.extra:
        return case.extra["scrutineer"]
    return (
        case.method == "get"
        and not case.public
        and bool(case.allowed & READING_PERSONAS)
        and case.url_name not in SCRUTINEER_EXCLUDED
    )


def expected_outcome(case, persona):
    """One of "ok", "login", "forbidden" (exactly 403) or "not_found" (exactly 404). README: another board's object is
    a 404, a wrong role a 403. The platform operator has no board and is refused board pages with 403."""
    if persona == "anonymous":
        return "ok" if case.public else "login"
    if persona in case.allowed or (persona == "scrutineer" and scrutineer_allowed(case)):
        return "ok"
    if persona == OTHER_BOARD and case.names_board_object:
        return "not_found"
    # An object the board's readers may not know about (another board's, named through a home-board URL) is one the
    # scrutineer may not know about either.
    if persona == "scrutineer" and case.not_found & READING_PERSONAS:
        return "not_found"
    if persona in case.not_found:
        return "not_found"
    return "forbidden"

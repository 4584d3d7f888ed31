"""Permission cases of the yearly report: the board administrator drafts and signs off; BMG members, board members
and the independent scrutineer read; everyone else is refused, and another board's report is not found."""

from annualreport import services
from tests.annualreport.builders import fresh_report_of, report_of, signed_off_report_of
from tests.permissions.case import Case
from tests.world import ADMIN_ONLY, PERSONAS, REVIEWERS

READERS = REVIEWERS | (frozenset({"scrutineer"}) & frozenset(PERSONAS))


def _report(w):
    return {"pk": report_of(w).pk}


def _section(w):
    return {"pk": report_of(w).pk, "key": "glance"}


def _fresh(name):
    return lambda w: {"pk": fresh_report_of(w, name).pk}


def _fresh_section(name):
    return lambda w: {"pk": fresh_report_of(w, name).pk, "key": "care-act-a"}


def _signed_off(w):
    return {"pk": signed_off_report_of(w).pk}


def _fresh_signed_off(w):
    def build(w):
        report = fresh_report_of(w, "undo-post")
        return services.sign_off(report=report, user=w.users["admin"]) if not report.is_signed_off else report

    return {"pk": w.get("report:fresh-signed-off", build).pk}


CASES = [
    # Every board's readers see their own board's list, so the other board's administrator is allowed here.
    Case("annualreport:report_list", READERS | {"other_board_admin"}),
    Case("annualreport:report_start", frozenset({"admin", "other_board_admin"})),
    Case(
        "annualreport:report_start",
        frozenset({"admin", "other_board_admin"}),
        method="post",
        data=lambda w: {"template": "children", "start_month": "4", "start_year": "2016"},
        ok_statuses=(302,),
    ),
    Case(
        "annualreport:report_start",
        frozenset({"admin", "other_board_admin"}),
        method="post",
        data=lambda w: {"template": "nonsense", "start_month": "13", "start_year": "lots"},
        note="bad input: the form with its errors",
    ),
    Case("annualreport:report_detail", READERS, kwargs=_report),
    Case("annualreport:report_detail", READERS, kwargs=_signed_off, note="a signed-off report: frozen figures"),
    Case("annualreport:section_history", READERS, kwargs=_section),
    # The files: "Your PDF is being prepared" (200, queues a build) until the worker has made them, then the file (200).
    Case("annualreport:report_pdf", READERS, kwargs=_report),
    Case("annualreport:report_docx", READERS, kwargs=_report),
    Case("annualreport:report_pdf", READERS, kwargs=_signed_off, note="a signed-off report"),
    Case("annualreport:section_edit", ADMIN_ONLY, kwargs=_section),
    Case(
        "annualreport:section_edit",
        ADMIN_ONLY,
        kwargs=_fresh_section("section-post"),
        method="post",
        data=lambda w: {"narrative": "The board met six times."},
        ok_statuses=(302,),
    ),
    Case(
        "annualreport:section_edit",
        ADMIN_ONLY,
        kwargs=_section,
        method="post",
        data=lambda w: {"narrative": ""},
        note="bad input: the form with its errors",
    ),
    Case("annualreport:easy_read_edit", ADMIN_ONLY, kwargs=_report),
    Case(
        "annualreport:easy_read_edit",
        ADMIN_ONLY,
        kwargs=_fresh("easy-read-post"),
        method="post",
        data=lambda w: {"easy_read": "We kept children safe."},
        ok_statuses=(302,),
    ),
    Case(
        "annualreport:easy_read_edit",
        ADMIN_ONLY,
        kwargs=_report,
        method="post",
        data=lambda w: {"easy_read": ""},
        note="bad input: the form with its errors",
    ),
    Case("annualreport:sign_off", ADMIN_ONLY, kwargs=_report),
    Case(
        "annualreport:sign_off",
        ADMIN_ONLY,
        kwargs=_fresh("sign-off-post"),
        method="post",
        data=lambda w: {},
        ok_statuses=(302,),
    ),
    Case("annualreport:undo_sign_off", ADMIN_ONLY, kwargs=_signed_off),
    Case(
        "annualreport:undo_sign_off",
        ADMIN_ONLY,
        kwargs=_signed_off,
        method="post",
        data=lambda w: {"reason": ""},
        note="bad input: the form with its errors (the report stays signed off)",
    ),
    Case(
        "annualreport:undo_sign_off",
        ADMIN_ONLY,
        kwargs=_fresh_signed_off,
        method="post",
        data=lambda w: {"reason": "The police figures were wrong"},
        ok_statuses=(302,),
    ),
]

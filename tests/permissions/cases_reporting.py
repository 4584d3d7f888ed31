"""Permission cases of the quarterly review (reporting app)."""

from reporting.services import indicators_seed_for_plan, quarter_review_mark_done
from tests.permissions.case import Case
from tests.world import ADMIN_ONLY, REVIEWERS

# Pages without an object in the URL show the signed-in user's own board: the other board's administrator sees
# their own board's page, never this one's.
OWN_BOARD_ADMIN = ADMIN_ONLY | {"other_board_admin"}
OWN_BOARD_REVIEWERS = REVIEWERS | {"other_board_admin"}
CHALLENGERS = frozenset({"admin", "bmg"})
INDICATOR_READERS = REVIEWERS | {"audit_coordinator"}
INDICATOR_EDITORS = frozenset({"admin", "audit_coordinator"})


def _open(w):
    return {"pk": w.open_quarter.pk}


def _closed(w):
    return {"pk": w.closed_quarter.pk}


def _signed_off(w):
    # The first closed quarter (2014/15 Q1), so that the latest one (Q2) stays unsigned for the sign-off page's case:
    # some suites resolve every case's URL before requesting any.
    first_closed = w.quarters[0]
    quarter_review_mark_done(quarter=first_closed, user=w.users["bmg"], note="Agreed at the BMG.")
    return {"pk": first_closed.pk}


def _deadline_data(w):
    deadline = w.open_quarter.update_deadline
    return {"deadline_0": str(deadline.day), "deadline_1": str(deadline.month), "deadline_2": str(deadline.year)}


def _bad_deadline_data(w):
    return {"deadline_0": "31", "deadline_1": "2", "deadline_2": str(w.open_quarter.financial_year + 1)}


def _indicator(w):
    return w.get("indicator", lambda w: indicators_seed_for_plan(plan=w.plan)[0])


CASES = [
    Case("reporting:dashboard", OWN_BOARD_REVIEWERS),
    Case("reporting:quarter_list", OWN_BOARD_ADMIN),
    Case("reporting:quarter_open_next", OWN_BOARD_ADMIN, method="post", ok_statuses=(302,)),
    Case("reporting:quarter_deadline", ADMIN_ONLY, kwargs=_open),
    Case(
        "reporting:quarter_deadline", ADMIN_ONLY, kwargs=_open, method="post", data=_deadline_data, ok_statuses=(302,)
    ),
    Case(
        "reporting:quarter_deadline",
        ADMIN_ONLY,
        kwargs=_open,
        method="post",
        data=_bad_deadline_data,
        note="31 February: the form refuses it and shows the error",
    ),
    Case(
        "reporting:quarter_deadline",
        ADMIN_ONLY,
        kwargs=_closed,
        ok_statuses=(302,),
        note="a closed quarter's deadline cannot change: back to the quarters",
    ),
    Case("reporting:missing_updates", CHALLENGERS, kwargs=_open),
    Case("reporting:missing_updates", CHALLENGERS, kwargs=_closed, note="read-only once closed"),
    Case(
        "reporting:missing_updates_remind",
        CHALLENGERS,
        kwargs=_open,
        method="post",
        data=lambda w: {"person": "all"},
        ok_statuses=(302,),
    ),
    Case("reporting:quarter_close", ADMIN_ONLY, kwargs=_open),
    Case("reporting:quarter_close", ADMIN_ONLY, kwargs=_open, method="post", ok_statuses=(302,)),
    Case("reporting:quarter_reopen", ADMIN_ONLY, kwargs=_closed),
    Case(
        "reporting:quarter_reopen",
        ADMIN_ONLY,
        kwargs=_closed,
        method="post",
        data=lambda w: {"reason": "A lead's update was recorded against the wrong action."},
        ok_statuses=(302,),
    ),
    Case("reporting:dashboard_actions", REVIEWERS, kwargs=_open, query="set=red_amber"),
    Case("reporting:dashboard_actions", REVIEWERS, kwargs=_closed),
    Case(
        "reporting:challenge_create",
        CHALLENGERS,
        kwargs=lambda w: {"pk": w.open_quarter.pk, "action_pk": w.action.pk},
    ),
    Case(
        "reporting:challenge_create",
        CHALLENGERS,
        kwargs=lambda w: {"pk": w.open_quarter.pk, "action_pk": w.action.pk},
        method="post",
        data=lambda w: {"text": "What is the revised date?"},
        ok_statuses=(302,),
    ),
    Case("reporting:review_done", CHALLENGERS, kwargs=_closed, note="the sign-off's confirmation page"),
    Case(
        "reporting:review_done",
        CHALLENGERS,
        kwargs=_closed,
        method="post",
        data=lambda w: {"note": "Escalate CSE-01 to the board."},
        ok_statuses=(302,),
    ),
    Case("reporting:review_undo", ADMIN_ONLY, kwargs=_signed_off, note="a signed-off review"),
    Case(
        "reporting:review_undo",
        ADMIN_ONLY,
        kwargs=_signed_off,
        method="post",
        data=lambda w: {"reason": "Signed off before the BMG met."},
        ok_statuses=(302,),
    ),
    # The PDF is built by the task queue (reporting/tasks.py): in a fresh world its URL answers the HTML page "The board
    # pack is being prepared" (200), which the accessibility sweep visits; once built, the PDF itself (200).
    Case("reporting:board_pack_preview", REVIEWERS, kwargs=_closed),
    Case("reporting:board_pack_preview", REVIEWERS, kwargs=_open, note="the open quarter's live pack"),
    Case("reporting:board_pack_pdf", REVIEWERS, kwargs=_open),
    # Asking the worker to try a failed build again changes no record: anyone who may download the pack may ask.
    Case(
        "reporting:board_pack_retry",
        REVIEWERS,
        kwargs=_open,
        method="post",
        ok_statuses=(302,),
        extra={"scrutineer": True},
    ),
    Case("reporting:board_pack_xlsx", REVIEWERS, kwargs=_closed, note="the page saying it is being prepared"),
    Case("reporting:board_pack_csv", REVIEWERS, kwargs=_closed, a11y=False),
    Case("reporting:indicator_list", INDICATOR_READERS | {"other_board_admin"}),
    Case("reporting:indicator_detail", INDICATOR_READERS, kwargs=lambda w: {"pk": _indicator(w).pk}),
    Case(
        "reporting:indicator_value_edit",
        INDICATOR_EDITORS,
        kwargs=lambda w: {"pk": _indicator(w).pk, "quarter_pk": w.closed_quarter.pk},
    ),
    Case(
        "reporting:indicator_value_edit",
        INDICATOR_EDITORS,
        kwargs=lambda w: {"pk": _indicator(w).pk, "quarter_pk": w.closed_quarter.pk},
        method="post",
        data=lambda w: {"value": "12", "note": ""},
        ok_statuses=(302,),
    ),
]

CASES += [
    Case("reporting:boards_overview", frozenset({"platform_admin"})),
]

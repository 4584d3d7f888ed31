"""Permission cases of the scrutiny log: the scrutineer raises and closes; the administrator responds for the board
and its partners, a lead to what is addressed to them; the board's readers read the log. The scrutineer's rights here
are its only writes (named in `allowed`; registry.scrutineer_allowed)."""

import datetime

from scrutiny.models import ScrutinyEntry
from tests.permissions.case import Case

READERS = frozenset({"admin", "bmg", "board_member"})  # and the scrutineer, by the matrix's rule
SCRUTINEER = frozenset({"scrutineer"})


def _entry(w, **fields):
    defaults = {
        "board": w.board,
        "kind": ScrutinyEntry.Kind.CHALLENGE,
        "addressed_to": ScrutinyEntry.AddressedTo.BOARD,
        "subject": "Attendance at the BMG",
        "detail": "Three meetings without the agency.",
        "raised_by": w.users["scrutineer"],
        "raised_on": datetime.date(2014, 11, 3),
    }
    return ScrutinyEntry.objects.create(**{**defaults, **fields})


def _to_board(name):
    return lambda w: {"pk": w.get(name, lambda w: _entry(w)).pk}


def _to_lead(name):
    return lambda w: {
        "pk": w.get(name, lambda w: _entry(w, addressed_to=ScrutinyEntry.AddressedTo.LEAD, lead=w.lead_person)).pk
    }


def _raise_data(w):
    return {
        "kind": "observation",
        "addressed_to": "partner",
        "agency": str(w.agency.pk),
        "subject": "Partner attendance",
        "detail": "Not represented at three meetings.",
        "response_due_on": "",
    }


CASES = [
    Case("scrutiny:entry_list", READERS | {"other_board_admin"}, note="each board's readers see their own log"),
    Case("scrutiny:entry_list", READERS | {"other_board_admin"}, query="status=awaiting"),
    Case("scrutiny:entry_raise", SCRUTINEER),
    Case(
        "scrutiny:entry_raise",
        SCRUTINEER,
        method="post",
        data=_raise_data,
        ok_statuses=(302,),
    ),
    Case(
        "scrutiny:entry_raise",
        SCRUTINEER,
        method="post",
        data=lambda w: {"kind": "challenge", "addressed_to": "lead", "subject": "", "detail": ""},
        note="bad input: no lead, no subject, no detail: the form with its errors",
    ),
    Case("scrutiny:entry_detail", READERS, kwargs=_to_board("scrutiny_to_board")),
    Case(
        "scrutiny:entry_detail",
        READERS | {"lead"},
        kwargs=_to_lead("scrutiny_to_lead"),
        note="the lead it is addressed to reads it; another lead does not",
    ),
    Case("scrutiny:entry_respond", frozenset({"admin"}), kwargs=_to_board("scrutiny_to_board")),
    Case(
        "scrutiny:entry_respond",
        frozenset({"admin"}),
        kwargs=_to_board("scrutiny_respond_board"),
        method="post",
        data=lambda w: {"text": "A deputy now attends."},
        ok_statuses=(302,),
    ),
    Case(
        "scrutiny:entry_respond",
        frozenset({"admin"}),
        kwargs=_to_board("scrutiny_respond_blank"),
        method="post",
        data=lambda w: {"text": ""},
        note="bad input: an empty response",
    ),
    Case("scrutiny:entry_respond", frozenset({"admin", "lead"}), kwargs=_to_lead("scrutiny_to_lead")),
    Case(
        "scrutiny:entry_respond",
        frozenset({"admin", "lead"}),
        kwargs=_to_lead("scrutiny_respond_lead"),
        method="post",
        data=lambda w: {"text": "The commentary now reports impact."},
        ok_statuses=(302,),
    ),
    Case("scrutiny:entry_close", SCRUTINEER, kwargs=_to_board("scrutiny_to_board")),
    Case(
        "scrutiny:entry_close",
        SCRUTINEER,
        kwargs=_to_board("scrutiny_close"),
        method="post",
        data=lambda w: {"outcome": "A recovery plan was agreed."},
        ok_statuses=(302,),
    ),
    Case(
        "scrutiny:entry_close",
        SCRUTINEER,
        kwargs=_to_board("scrutiny_close_blank"),
        method="post",
        data=lambda w: {"outcome": ""},
        note="bad input: no outcome",
    ),
]

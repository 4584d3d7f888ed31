"""Permission cases for the action plan downloads (every board role; each board gets its own current plan, checked
for content in tests/transfer/test_export.py) and the plan import (board administrators, into their own board; the
import runs on the task queue and each job has its page, checked for content in tests/transfer/test_import_queue.py).
"""

from tests.permissions.case import Case
from tests.transfer.helpers import import_data, row, xlsx_bytes
from tests.transfer.import_jobs import failed_job, finished_job, previewed_job, queued_job
from tests.world import EVERYONE_ON_BOARD, SIGNED_IN_PERSONAS

ALL_SIGNED_IN = frozenset(SIGNED_IN_PERSONAS)
# Every board role may download; the other board's administrator downloads their own board's plan.
DOWNLOADERS = EVERYONE_ON_BOARD | {"other_board_admin"}
# Each board's administrator imports into their own board.
IMPORTERS = frozenset({"admin", "other_board_admin"})


def _valid_import(world):
    return import_data(xlsx_bytes([row(), row(how="Audit files", reference="NEG-02")]), slug="imported")


def _invalid_import(world):
    return import_data(b"Priority,Strategic Approach\n", name="plan.csv", slug="imported")


def _job(name, board, user, make):
    return lambda w: {"pk": w.get(name, lambda w: make(getattr(w, board), w.users[user], slug=name)).pk}


QUEUED_JOB = _job("queued-job", "board", "admin", queued_job)
IMPORTED_JOB = _job("imported-job", "board", "admin", finished_job)
FAILED_JOB = _job("failed-job", "board", "admin", failed_job)
PREVIEWED_JOB = _job("previewed-job", "board", "admin", previewed_job)
OTHER_BOARDS_JOB = _job("other-boards-job", "other_board", "other_board_admin", queued_job)


def _with_recent_imports(world):
    """The import page takes no URL arguments: this builds the home board's jobs first (waiting, imported, not
    imported), so that the page shows its Recent imports table to the sweep."""
    for make in (QUEUED_JOB, IMPORTED_JOB, FAILED_JOB):
        make(world)
    return []


CASES = [
    Case("priorities:export_xlsx", DOWNLOADERS, a11y=False),
    Case("priorities:export_csv", DOWNLOADERS, a11y=False),
    Case("priorities:export_xlsx", DOWNLOADERS, query="rag=red&priority=cse", a11y=False),
    Case("priorities:export_csv", DOWNLOADERS, query="q=Kaye", a11y=False),
    # Downloads change nothing: a POST is refused for everyone.
    Case("priorities:export_xlsx", ALL_SIGNED_IN, method="post", ok_statuses=(405,)),
    Case("priorities:export_csv", ALL_SIGNED_IN, method="post", ok_statuses=(405,)),
    # Set-up: the checklist and the blank template show the signed-in administrator's own board.
    Case("onboarding:plan_setup", IMPORTERS),
    Case("onboarding:plan_setup", ALL_SIGNED_IN, method="post", ok_statuses=(405,)),
    Case("onboarding:plan_template", IMPORTERS, a11y=False),
    Case("onboarding:plan_import", IMPORTERS),
    Case(
        "onboarding:plan_import",
        IMPORTERS,
        args=_with_recent_imports,
        board_object=False,
        note="with the home board's recent imports listed (the other board's administrator sees their own: none)",
    ),
    Case("onboarding:plan_import", IMPORTERS, method="post", data=_valid_import, ok_statuses=(302,)),
    Case(
        "onboarding:plan_import",
        IMPORTERS,
        method="post",
        data=_invalid_import,
        note="the form refuses the file: nothing is queued",
    ),
    # One import's page, in each state: waiting (asking again by itself, or not), imported, not imported.
    Case("onboarding:plan_import_job", frozenset({"admin"}), kwargs=QUEUED_JOB),
    Case("onboarding:plan_import_job", frozenset({"admin"}), kwargs=QUEUED_JOB, query="refresh=off"),
    Case("onboarding:plan_import_job", frozenset({"admin"}), kwargs=IMPORTED_JOB),
    Case("onboarding:plan_import_job", frozenset({"admin"}), kwargs=FAILED_JOB),
    Case("onboarding:plan_import_job", frozenset({"admin"}), kwargs=PREVIEWED_JOB, note="checked: the preview"),
    # Confirming (with a decision on the new name) or cancelling a checked import.
    Case(
        "onboarding:plan_import_confirm",
        frozenset({"admin"}),
        kwargs=PREVIEWED_JOB,
        method="post",
        data=lambda w: {"choice_0": "group", "lead_0": "", "name_0": ""},
        ok_statuses=(302,),
    ),
    Case(
        "onboarding:plan_import_confirm",
        frozenset({"admin"}),
        kwargs=PREVIEWED_JOB,
        method="post",
        data=lambda w: {"choice_0": "existing", "lead_0": "", "name_0": ""},
        note="a decision missing: the page with its error, nothing queued",
    ),
    Case(
        "onboarding:plan_import_cancel", frozenset({"admin"}), kwargs=PREVIEWED_JOB, method="post", ok_statuses=(302,)
    ),
    Case(
        "onboarding:plan_import_job",
        frozenset({"other_board_admin"}),
        kwargs=OTHER_BOARDS_JOB,
        board_object=False,
        not_found=EVERYONE_ON_BOARD,
        a11y=False,
        note="another board's import: 404 for everyone of this board, whatever the role (looked up before the role)",
    ),
    Case("onboarding:plan_import_job", ALL_SIGNED_IN, kwargs=QUEUED_JOB, method="post", ok_statuses=(405,)),
]

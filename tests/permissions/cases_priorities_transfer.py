"""Permission cases for the action plan downloads (every board role; each board gets its own current plan, checked
for content in tests/transfer/test_export.py) and the plan import (board administrators, into their own board)."""

from tests.permissions.case import Case
from tests.transfer.helpers import import_data, row, xlsx_bytes
from tests.world import EVERYONE_ON_BOARD, SIGNED_IN_PERSONAS

ALL_SIGNED_IN = frozenset(SIGNED_IN_PERSONAS)
# Every board role may download; the other board's administrator downloads their own board's plan.
DOWNLOADERS = EVERYONE_ON_BOARD | {"other_board_admin"}
# Each board's administrator imports into their own board.
IMPORTERS = frozenset({"admin", "other_board_admin"})


def _valid_import(world):
    return import_data(xlsx_bytes([row(), row(how="Audit files", reference="NEG-02")]), slug="imported")


def _invalid_import(world):
    return import_data(xlsx_bytes([row(heading="Detect")]), slug="imported")


CASES = [
    Case("priorities:export_xlsx", DOWNLOADERS, a11y=False),
    Case("priorities:export_csv", DOWNLOADERS, a11y=False),
    Case("priorities:export_xlsx", DOWNLOADERS, query="rag=red&priority=cse", a11y=False),
    Case("priorities:export_csv", DOWNLOADERS, query="q=Kaye", a11y=False),
    # Downloads change nothing: a POST is refused for everyone.
    Case("priorities:export_xlsx", ALL_SIGNED_IN, method="post", ok_statuses=(405,)),
    Case("priorities:export_csv", ALL_SIGNED_IN, method="post", ok_statuses=(405,)),
    Case("onboarding:plan_import", IMPORTERS),
    Case("onboarding:plan_import", IMPORTERS, method="post", data=_valid_import, ok_statuses=(302,)),
    Case("onboarding:plan_import", IMPORTERS, method="post", data=_invalid_import, note="error report, no import"),
    Case("onboarding:plan_import_done", frozenset({"admin"}), kwargs=lambda w: {"pk": w.plan.pk}),
    Case(
        "onboarding:plan_import_done",
        frozenset({"other_board_admin"}),
        kwargs=lambda w: {"pk": w.other_plan.pk},
        board_object=False,
        not_found=EVERYONE_ON_BOARD,
        a11y=False,
        note="another board's plan: 404 for everyone of this board, whatever the role (looked up before the role)",
    ),
    Case(
        "onboarding:plan_import_done",
        ALL_SIGNED_IN,
        kwargs=lambda w: {"pk": w.plan.pk},
        method="post",
        ok_statuses=(405,),
    ),
]

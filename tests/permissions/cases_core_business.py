"""Permission cases of the core business measures' progress (corebusiness app)."""

from tests.corebusiness.helpers import home_measure, other_board_measure
from tests.permissions.case import Case
from tests.world import ADMIN_ONLY, EVERYONE_ON_BOARD

# The list shows the signed-in user's own board: the other board's administrator sees their own board's list.
OWN_BOARD_READERS = EVERYONE_ON_BOARD | {"other_board_admin"}
UPDATERS = frozenset({"admin", "lead"})  # the measure's lead (Jo Moses) and the board administrator


def _measure(w):
    return {"pk": home_measure(w).pk}


def _other_board(w):
    return {"pk": other_board_measure(w).pk}


def _update(w):
    return {"rag": "amber", "commentary": "Slipping: the audit moved to next quarter", "version": "0"}


def _leads(w):
    return {"leads": [str(w.lead_person.pk), str(w.group.pk)]}


CASES = [
    Case("corebusiness:measure_list", OWN_BOARD_READERS),
    Case("corebusiness:measure_detail", EVERYONE_ON_BOARD, kwargs=_measure),
    Case("corebusiness:measure_update", UPDATERS, kwargs=_measure),
    Case("corebusiness:measure_update", UPDATERS, kwargs=_measure, method="post", data=_update, ok_statuses=(302,)),
    Case("corebusiness:measure_leads", ADMIN_ONLY, kwargs=_measure),
    Case("corebusiness:measure_leads", ADMIN_ONLY, kwargs=_measure, method="post", data=_leads, ok_statuses=(302,)),
    # Another board's measure is a 404 for everyone on this board, whatever the role; its administrator may use it.
    Case(
        "corebusiness:measure_detail",
        frozenset({"other_board_admin"}),
        kwargs=_other_board,
        board_object=False,
        not_found=EVERYONE_ON_BOARD,
        note="another board's measure: a 404 for the home board's people",
    ),
    Case(
        "corebusiness:measure_update",
        frozenset({"other_board_admin"}),
        kwargs=_other_board,
        method="post",
        data=_update,
        ok_statuses=(302,),
        board_object=False,
        not_found=EVERYONE_ON_BOARD,
        note="another board's measure: a 404 for the home board's people, its updates refused",
    ),
]

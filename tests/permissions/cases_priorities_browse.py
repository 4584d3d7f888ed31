"""Permission cases of reading the priorities: priority page, action page and the filtered action list."""

from tests.permissions.case import Case
from tests.world import EVERYONE_ON_BOARD

CASES = [
    Case("priorities:priority_detail", EVERYONE_ON_BOARD, kwargs=lambda w: {"slug": "cse"}),
    Case("priorities:action_detail", EVERYONE_ON_BOARD, kwargs=lambda w: {"pk": w.action.pk}),
    # The list shows each reader their own board's actions; the other board's administrator sees theirs.
    Case("priorities:action_list", EVERYONE_ON_BOARD | {"other_board_admin"}),
    Case(
        "priorities:action_list",
        EVERYONE_ON_BOARD | {"other_board_admin"},
        query="q=CSE&rag=not_started&overdue=no&due_from=1/4/2014&due_by=31/3/2016",
    ),
]

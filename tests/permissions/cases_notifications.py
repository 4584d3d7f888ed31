from tests.permissions.case import Case

CASES = [
    # A list of the signed-in administrator's own board: the other board's administrator sees theirs.
    Case("notifications:notification_list", frozenset({"admin", "other_board_admin"})),
    Case(
        "notifications:notification_list",
        frozenset({"admin", "other_board_admin"}),
        query="kind=update_reminder&status=failed&q=jo",
        note="filtered",
    ),
]

"""Permission cases for leads' status updates: My actions and the update form (GET and POST)."""

from tests.permissions.case import Case

LEADS = frozenset({"lead", "other_lead"})
# The world's `action` is led by `lead` (Jo Moses); board administrators may update any action of their board.
ACTION_UPDATERS = frozenset({"lead", "admin"})


def _update_data(world):
    return {"rag": "amber", "commentary": "Slipping: venue not yet booked", "version": world.action.version}


CASES = [
    Case("priorities:my_actions", LEADS, note="leads only; an administrator without the Lead role leads nothing"),
    Case("priorities:action_update", ACTION_UPDATERS, kwargs=lambda w: {"pk": w.action.pk}),
    Case(
        "priorities:action_update",
        ACTION_UPDATERS,
        kwargs=lambda w: {"pk": w.action.pk},
        method="post",
        data=_update_data,
        ok_statuses=(302,),
    ),
    # `other_lead`'s action: `lead` is refused, including a crafted POST.
    Case("priorities:action_update", frozenset({"other_lead", "admin"}), kwargs=lambda w: {"pk": w.other_action.pk}),
    Case(
        "priorities:action_update",
        frozenset({"other_lead", "admin"}),
        kwargs=lambda w: {"pk": w.other_action.pk},
        method="post",
        data=lambda w: {"rag": "red", "commentary": "Crafted", "version": w.other_action.version},
        ok_statuses=(302,),
    ),
    # Another board's action: only that board's administrator; everyone here gets 404.
    Case(
        "priorities:action_update",
        frozenset({"other_board_admin"}),
        kwargs=lambda w: {"pk": w.other_board_action.pk},
        a11y=False,
    ),
    Case(
        "priorities:action_update",
        frozenset({"other_board_admin"}),
        kwargs=lambda w: {"pk": w.other_board_action.pk},
        method="post",
        data=lambda w: {"rag": "green", "commentary": "On track", "version": 0},
        ok_statuses=(302,),
    ),
]

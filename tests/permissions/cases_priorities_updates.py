"""Permission cases for leads' status updates: My actions and the update form (GET and POST)."""

from tests.permissions.case import Case
from tests.world import EVERYONE_ON_BOARD

LEADS = frozenset({"lead", "other_lead"})
# The world's `action` is led by `lead` (Jo Moses); board administrators may update any action of their board.
# A person of the board who may not update the action (another lead, a BMG member...) gets 403: that the action exists
# is no secret, it is on the action page every board role reads.
ACTION_UPDATERS = frozenset({"lead", "admin"})
OTHER_BOARDS_ACTION = "another board's action: 404 for everyone of this board, whatever the role (looked up first)"


def _version(action) -> int:
    return type(action).objects.get(pk=action.pk).version


def _update_data(world):
    # The version as stored now: another case's objects (evidence on a status update) may have updated the action.
    return {"rag": "amber", "commentary": "Slipping: venue not yet booked", "version": _version(world.action)}


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
        data=lambda w: {"rag": "red", "commentary": "Crafted", "version": _version(w.other_action)},
        ok_statuses=(302,),
    ),
    # Another board's action: only that board's administrator; everyone here gets 404.
    Case(
        "priorities:action_update",
        frozenset({"other_board_admin"}),
        kwargs=lambda w: {"pk": w.other_board_action.pk},
        board_object=False,
        not_found=EVERYONE_ON_BOARD,
        a11y=False,
        note=OTHER_BOARDS_ACTION,
    ),
    Case(
        "priorities:action_update",
        frozenset({"other_board_admin"}),
        kwargs=lambda w: {"pk": w.other_board_action.pk},
        board_object=False,
        not_found=EVERYONE_ON_BOARD,
        note=OTHER_BOARDS_ACTION,
        method="post",
        data=lambda w: {"rag": "green", "commentary": "On track", "version": 0},
        ok_statuses=(302,),
    ),
]

"""How any row reaches its board: the lookup the admin scopes by and the audit log names a row's board with.

Its own module, below both accounts/admin_base.py and accounts/audit.py (the admin writes the audit log, and the
audit log asks how a row reaches its board), so that neither imports the other to dodge a cycle. Models of the
floors above are named, never imported (docs/CONVENTIONS.md).
"""

from functools import cache

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist

BOARD_MODEL = "plans.Board"


def board_path_for(model) -> str | None:
    """The ORM lookup from `model` to its board ("pk" for the board itself), or None for rows shared by every board
    (roles, strategic stages). Accounts reach their board through their membership."""
    if model._meta.label == BOARD_MODEL:
        return "pk"
    if model is get_user_model():
        return "memberships__board"
    registered = admin.site._registry.get(model)
    if registered is not None and getattr(registered, "board_path", None):
        return registered.board_path
    return _shortest_path_to_board(model)


@cache
def _shortest_path_to_board(model) -> str | None:
    board = apps.get_model(BOARD_MODEL)
    frontier = [(model, [])]
    seen = {model}
    # Breadth first over forward foreign keys (not nullable ones first would be nicer; every row that matters has a
    # non-null chain, and a nullable link to a board-scoped row still names that row's board).
    while frontier:
        next_frontier = []
        for current, path in frontier:
            for field in current._meta.get_fields():
                if not (field.is_relation and field.many_to_one or getattr(field, "one_to_one", False)):
                    continue
                if not field.concrete:
                    continue
                related = field.related_model
                if related is board:
                    return "__".join([*path, field.name])
                if related not in seen:
                    seen.add(related)
                    next_frontier.append((related, [*path, field.name]))
        frontier = next_frontier
    return None


def board_pk_of(obj, path: str):
    """The primary key of the board `obj` belongs to, following `path` attribute by attribute (None when a link on
    the way is empty or gone)."""
    if path in ("pk", "id"):
        return obj.pk
    if path == "memberships__board":
        # An account's board: its first membership's. Accounts of several boards are not in any board
        # administrator's admin (accounts/admin.py), so this names the board of every account the admin shows.
        return obj.memberships.order_by("pk").values_list("board_id", flat=True).first()
    parts = path.split("__")
    current = obj
    try:
        for part in parts[:-1]:
            current = getattr(current, part)
            if current is None:
                return None
        return getattr(current, f"{parts[-1]}_id")
    except ObjectDoesNotExist:
        return None


def scope_to_board(queryset, board):
    """Limit a queryset of any model to `board` (unchanged for rows shared by every board)."""
    path = board_path_for(queryset.model)
    if path is None:
        return queryset
    return queryset.filter(**{path: board.pk if path in ("pk", "id") else board})

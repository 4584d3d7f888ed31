"""Writing to the audit log.

- `record_event` writes one row. The actor is the user given, or the signed-in user of the current request; the
  board is the one given, or the actor's. Signal receivers here record sign-ins and sign-outs; views and services
  call `record_event` for refusals, imports and quarter closes; `accounts.audit_signals` records role, membership,
  account and password changes wherever they are made.
- `record_admin_action` records a Django admin addition, change or deletion (called by the admin mixin's
  `log_addition`, `log_change` and `log_deletions`).
- `AuditContextMiddleware` (in `accounts.middleware`) makes the current request known to the signal receivers, which
  Django calls without one. Outside a request (management commands, loaders, demo setup) the actor is empty and the
  detail says "system".
"""

import contextvars
import json

from axes.signals import user_locked_out
from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .access import board_of
from .board_paths import board_path_for, board_pk_of
from .models import AuditEvent

SYSTEM = "system"
REPR_LENGTH = 100

_current_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)


def set_current_request(request):
    """Make `request` the one audit events are attributed to; returns a token for `reset_current_request`."""
    return _current_request.set(request)


def reset_current_request(token):
    _current_request.reset(token)


def current_request():
    return _current_request.get()


def current_actor():
    """The signed-in user of the current request, or None (anonymous, or no request: the system)."""
    request = current_request()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def _ip(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _board_pk(board):
    if board is None:
        return None
    return getattr(board, "pk", board)


def record_event(*, kind, request=None, user=None, username="", detail="", board=None):
    """Write one audit event.

    `request` defaults to the current request (for the address and path); `user` (the actor) to its signed-in user;
    `username` to the actor's username; `board` (a Board or its primary key) to the actor's board.
    """
    if request is None:
        request = current_request()
    if user is None and request is not None and getattr(request, "user", None) and request.user.is_authenticated:
        user = request.user
    actor = user if user is not None and user.is_authenticated else None
    if board is None and actor is not None:
        board = board_of(actor)
    return _write(kind=kind, request=request, actor=actor, username=username, board_pk=_board_pk(board), detail=detail)


def _write(*, kind, request, actor, username, board_pk, detail):
    return AuditEvent.objects.create(
        kind=kind,
        user=actor,
        username=(username or (actor.get_username() if actor is not None else ""))[:150],
        board_id=board_pk,
        ip_address=_ip(request),
        path=(request.path[:500] if request is not None else ""),
        detail=detail,
    )


def record_change(*, kind, detail, board=None, user=None):
    """A privileged change made by the current request's user, or by the system outside a request."""
    actor = user if user is not None else current_actor()
    if actor is None:
        detail = f"{detail} (by the {SYSTEM})"
    return record_event(kind=kind, user=actor, board=board, detail=detail)


# --- the Django admin ---------------------------------------------------------------------------------------------

_ADMIN_KINDS = {
    ADDITION: AuditEvent.Kind.ADMIN_ADD,
    CHANGE: AuditEvent.Kind.ADMIN_CHANGE,
    DELETION: AuditEvent.Kind.ADMIN_DELETE,
}
_ADMIN_VERBS = {ADDITION: "Added", CHANGE: "Changed", DELETION: "Deleted"}


def _admin_message(message) -> str:
    """The admin's change message as the history page words it ("Changed Groups."), from its JSON or list form."""
    if not message:
        return ""
    if isinstance(message, list | tuple):
        message = json.dumps(list(message))
    return LogEntry(change_message=message).get_change_message()


def _board_of_object(obj):
    """The primary key of the board `obj` belongs to, found the way the admin scopes it (None for shared rows)."""
    path = board_path_for(type(obj))
    return board_pk_of(obj, path) if path is not None else None


def record_admin_action(request, obj_or_queryset, action_flag, message="", *, board=None):
    """Record a Django admin addition, change or deletion: one event per object.

    `action_flag` is `django.contrib.admin.models.ADDITION`, `CHANGE` or `DELETION`; `message` the change message
    the admin logs (a list or its JSON, or text). `board` is a Board, its primary key, or a callable taking the
    object (e.g. the admin's `board_of_object`); by default the object's own board, else the actor's. The detail
    names the model, the object's id and representation, and the change message.

    Call it for deletions before the objects are deleted (as Django calls `log_deletions`), so that their board can
    still be found. A deleted board is not referenced by its own deletion event (that would forbid the deletion).
    """
    # The board model by name: accounts stands on the ground floor and never imports plans (docs/CONVENTIONS.md).
    Board = apps.get_model("plans", "Board")

    if request is None:
        request = current_request()
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    objects = [obj_or_queryset] if hasattr(obj_or_queryset, "_meta") else list(obj_or_queryset)
    text = _admin_message(message)
    events = []
    for obj in objects:
        if callable(board):
            board_pk = _board_pk(board(obj))
        elif board is not None:
            board_pk = _board_pk(board)
        else:
            board_pk = _board_of_object(obj)
        if board_pk is None and actor is not None:
            board_pk = _board_pk(board_of(actor))
        if action_flag == DELETION and isinstance(obj, Board) and board_pk == obj.pk:
            board_pk = None  # the event must not hold on to the board being deleted
        representation = str(obj)
        if len(representation) > REPR_LENGTH:
            representation = representation[: REPR_LENGTH - 1] + "…"
        detail = f"{_ADMIN_VERBS[action_flag]} {obj._meta.label} {obj.pk} “{representation}”"
        if text:
            detail += f": {text}"
        if actor is None:
            detail += f" (by the {SYSTEM})"
        events.append(
            _write(
                kind=_ADMIN_KINDS[action_flag],
                request=request,
                actor=actor,
                username="",
                board_pk=board_pk,
                detail=detail,
            )
        )
    return events


# --- sign-in and sign-out -----------------------------------------------------------------------------------------


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record_event(kind=AuditEvent.Kind.SIGN_IN, request=request, user=user)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(kind=AuditEvent.Kind.SIGN_OUT, request=request, user=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    record_event(kind=AuditEvent.Kind.SIGN_IN_FAILED, request=request, username=credentials.get("username", "")[:150])


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    record_event(kind=AuditEvent.Kind.LOCKED_OUT, request=request, username=(username or "")[:150])

"""Audit log receivers for privileged changes to accounts, wherever they are made (the admin, a view, the shell).

- Roles (the user's groups, see accounts/roles.py) added or removed: ROLE_CHANGE; superuser or staff status granted
  or removed: ROLE_CHANGE.
- A board membership created or changed (board, agency, job title): MEMBERSHIP_CHANGE.
- An account deactivated or reactivated: ACCOUNT_STATUS.
- A password set for someone else (an administrator's reset, or the system): PASSWORD_RESET; one's own:
  PASSWORD_CHANGE. Django re-hashing a password at sign-in (a hasher upgrade) is not a change and is not recorded.

The actor is the signed-in user of the current request (`AuditContextMiddleware`); outside a request it is empty
and the detail says "(by the system)". The board is the board of the account concerned, else the actor's.
Rows loaded from fixtures (`raw`) are not recorded.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from .audit import current_actor, record_change
from .models import AuditEvent, Membership

User = get_user_model()

_WATCHED_USER_FIELDS = ("password", "is_active", "is_superuser", "is_staff")
_WATCHED_MEMBERSHIP_FIELDS = ("board_id", "agency_id", "job_title", "is_active")


def _board_pk_of_user(user_pk):
    return Membership.objects.filter(user_id=user_pk).values_list("board_id", flat=True).first()


def _names(names) -> str:
    return ", ".join(sorted(names))


# --- roles ----------------------------------------------------------------------------------------------------------


def _record_roles(user, *, added=(), removed=()):
    parts = []
    if added:
        parts.append(f"added {_names(added)}")
    if removed:
        parts.append(f"removed {_names(removed)}")
    record_change(
        kind=AuditEvent.Kind.ROLE_CHANGE,
        board=_board_pk_of_user(user.pk),
        detail=f"Roles of {user.get_username()}: {'; '.join(parts)}",
    )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_roles_changed")
def _roles_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear":
        # Django does not say what a clear() removes: remember it now.
        related = instance.user_set if reverse else instance.groups
        instance._audit_cleared = set(related.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_audit_cleared", set())
    if not pk_set:
        return
    key = "added" if action == "post_add" else "removed"
    if reverse:  # group.user_set.add(...): one event per account
        for user in User._default_manager.filter(pk__in=pk_set).order_by("pk"):
            _record_roles(user, **{key: [instance.name]})
    else:
        _record_roles(instance, **{key: Group.objects.filter(pk__in=pk_set).values_list("name", flat=True)})


# --- accounts: status, superuser and staff flags, passwords ---------------------------------------------------------


@receiver(pre_save, sender=User, dispatch_uid="audit_user_before")
def _user_before(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    fields = [f for f in _WATCHED_USER_FIELDS if update_fields is None or f in update_fields]
    if not fields:
        return  # e.g. the last_login update at every sign-in: no extra query
    before = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    if before is None:
        return
    # check_password() re-hashes an outdated hash with save(update_fields=["password"]) after clearing _password;
    # set_password() leaves _password set until the save. Only the latter is a change of password.
    before["_rehash"] = getattr(instance, "_password", None) is None and set(update_fields or ()) == {"password"}
    instance._audit_before = before


@receiver(post_save, sender=User, dispatch_uid="audit_user_after")
def _user_after(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop("_audit_before", None)
    if before is None or created or raw:
        return
    target = instance.get_username()
    board = None
    changes = []
    for field, label in (("is_superuser", "Superuser status"), ("is_staff", "Staff status")):
        if field in before and before[field] != getattr(instance, field):
            changes.append(
                (
                    AuditEvent.Kind.ROLE_CHANGE,
                    f"{label} of {target} {'granted' if getattr(instance, field) else 'removed'}",
                )
            )
    if "is_active" in before and before["is_active"] != instance.is_active:
        changes.append(
            (
                AuditEvent.Kind.ACCOUNT_STATUS,
                f"Account of {target} {'reactivated' if instance.is_active else 'deactivated'}",
            )
        )
    if "password" in before and before["password"] != instance.password and not before["_rehash"]:
        actor = current_actor()
        own = actor is not None and actor.pk == instance.pk
        if own:
            changes.append((AuditEvent.Kind.PASSWORD_CHANGE, f"{target} changed their own password"))
        elif instance.has_usable_password():
            changes.append((AuditEvent.Kind.PASSWORD_RESET, f"Password of {target} reset"))
        else:
            changes.append((AuditEvent.Kind.PASSWORD_RESET, f"Password of {target} removed: password sign-in disabled"))
    for kind, detail in changes:
        if board is None:
            board = _board_pk_of_user(instance.pk)
        record_change(kind=kind, board=board, detail=detail)


# --- board membership ----------------------------------------------------------------------------------------------


@receiver(pre_save, sender=Membership, dispatch_uid="audit_membership_before")
def _membership_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._audit_before = sender._default_manager.filter(pk=instance.pk).values(*_WATCHED_MEMBERSHIP_FIELDS).first()


def _board_name(pk):
    # Models of the floor above by name, never by import (docs/CONVENTIONS.md).
    Board = apps.get_model("plans", "Board")
    return Board.objects.filter(pk=pk).values_list("short_name", flat=True).first() if pk else None


def _agency_name(pk):
    Agency = apps.get_model("plans", "Agency")
    return Agency.objects.filter(pk=pk).values_list("name", flat=True).first() if pk else None


@receiver(post_save, sender=Membership, dispatch_uid="audit_membership_after")
def _membership_after(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop("_audit_before", None)
    if raw:
        return
    target = instance.user.get_username()
    if created or before is None:
        parts = [f"board {_board_name(instance.board_id)}"]
        if instance.agency_id:
            parts.append(f"agency {_agency_name(instance.agency_id)}")
        if instance.job_title:
            parts.append(f"job title “{instance.job_title}”")
        detail = f"Membership of {target} created: {', '.join(parts)}"
    else:
        parts = []
        if before["board_id"] != instance.board_id:
            parts.append(f"board {_board_name(before['board_id'])} → {_board_name(instance.board_id)}")
        if before["agency_id"] != instance.agency_id:
            parts.append(
                f"agency {_agency_name(before['agency_id']) or 'none'} → {_agency_name(instance.agency_id) or 'none'}"
            )
        if before["job_title"] != instance.job_title:
            parts.append(f"job title “{before['job_title']}” → “{instance.job_title}”")
        if before["is_active"] != instance.is_active:
            parts.append("board given back" if instance.is_active else "board taken away (deactivated)")
        if not parts:
            return
        detail = f"Membership of {target} changed: {'; '.join(parts)}"
    record_change(kind=AuditEvent.Kind.MEMBERSHIP_CHANGE, board=instance.board_id, detail=detail)

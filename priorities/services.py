"""Writes to priorities: leads' status updates. Keyword-only functions that validate and run in one transaction."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from bscb.links import absolute_url
from notifications.models import Notification
from notifications.services import queue_emails
from plans.quarters import quarter_open_for

from .models import Action, Rag, StatusUpdate

logger = logging.getLogger(__name__)

# Text limits: long enough for a real quarter's commentary, short enough to fit a board paper and to refuse pasted
# documents. The form shows the same limits with a character count.
COMMENTARY_MAX_LENGTH = 3000
EVIDENCE_MAX_LENGTH = 3000
ESCALATION_REASON_MAX_LENGTH = 1000


class StaleActionError(Exception):
    """Someone else recorded an update after the form was opened: nothing was saved.

    `updates` are the updates made since the version the user saw, newest first; `action` is the fresh action.
    """

    def __init__(self, *, action: Action, updates: list[StatusUpdate]):
        self.action = action
        self.updates = updates
        super().__init__("Someone else updated this action while you were editing")


def status_update_errors(
    *,
    action: Action,
    rag: str,
    commentary: str,
    evidence_of_impact: str,
    needs_escalation: bool,
    escalation_reason: str,
) -> dict[str, list[str]]:
    """The rules an update must meet, as GOV.UK error messages by field. Shared by the service and the form."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    commentary = (commentary or "").strip()
    if rag not in Rag.values:
        add("rag", "Select the status of the action")
    else:
        label = Rag(rag).label.lower()
        if not commentary:
            if rag in (Rag.RED, Rag.AMBER):
                add("commentary", f"Enter a commentary explaining why the action is {label}")
            elif rag != action.rag:
                add("commentary", f"Enter a commentary explaining why the status has changed to {label}")
    if len(commentary) > COMMENTARY_MAX_LENGTH:
        add("commentary", f"Commentary must be {COMMENTARY_MAX_LENGTH} characters or fewer")
    if len((evidence_of_impact or "").strip()) > EVIDENCE_MAX_LENGTH:
        add("evidence_of_impact", f"Evidence of impact must be {EVIDENCE_MAX_LENGTH} characters or fewer")
    reason = (escalation_reason or "").strip()
    if needs_escalation and not reason:
        add("escalation_reason", "Enter the reason the action needs escalation or support")
    if len(reason) > ESCALATION_REASON_MAX_LENGTH:
        add("escalation_reason", f"Reason must be {ESCALATION_REASON_MAX_LENGTH} characters or fewer")
    return errors


@transaction.atomic
def status_update_record(
    *,
    action: Action,
    user,
    rag: str,
    commentary: str,
    evidence_of_impact: str = "",
    needs_escalation: bool = False,
    escalation_reason: str = "",
    expected_version: int | None = None,
    quarter=None,
    created_at=None,
    is_demo: bool = False,
) -> StatusUpdate:
    """Append a status update to `action` and refresh the action's cached status in the same transaction.

    Raises ValidationError (by field) for bad input or when no quarter is open, and StaleActionError when
    `expected_version` is given and someone else has updated the action since. Permission is the caller's job
    (`priorities.rules.can_update_action`): the demo history is written by code, not by a signed-in lead.
    Administrators are emailed after commit when the action turns Red or is escalated.
    """
    # Lock the row so that two saves of the same action run one after the other: the second sees the first's
    # version and is refused instead of silently overwriting it. Only the action's row (of=self): without it the
    # joined objective, priority and plan rows were locked too, so every update of the plan waited for the others.
    # The latest update is read in the same query (the date-order check below), not by a second one (issue 19).
    locked = (
        Action.objects.select_for_update(of=("self",))
        .select_related("objective__priority__plan", "latest_update")
        .get(pk=action.pk)
    )

    if expected_version is not None and int(expected_version) != locked.version:
        missed = max(locked.version - int(expected_version), 1)
        newer = list(locked.updates.select_related("author", "quarter").order_by("-created_at", "-id")[:missed])
        raise StaleActionError(action=locked, updates=newer)

    commentary = (commentary or "").strip()
    evidence_of_impact = (evidence_of_impact or "").strip()
    escalation_reason = (escalation_reason or "").strip() if needs_escalation else ""
    errors = status_update_errors(
        action=locked,
        rag=rag,
        commentary=commentary,
        evidence_of_impact=evidence_of_impact,
        needs_escalation=needs_escalation,
        escalation_reason=escalation_reason,
    )
    if errors:
        raise ValidationError(errors)

    plan = locked.objective.priority.plan
    if quarter is None:
        quarter = quarter_open_for(plan)
        if quarter is None:
            raise ValidationError(
                "No reporting quarter is open for this plan, so updates cannot be recorded. "
                "Ask your board administrator to open the quarter."
            )
    elif quarter.plan_id != plan.pk:
        raise ValidationError("The quarter belongs to another plan.")

    created_at = created_at or timezone.now()
    latest = locked.latest_update
    if latest is not None and created_at < latest.created_at:
        # The cached status is the newest update's; recording an older one would make the cache and log disagree.
        raise ValidationError("Status updates are recorded in date order: this one is older than the latest.")

    update = StatusUpdate.objects.create(
        action=locked,
        quarter=quarter,
        author=user,
        created_at=created_at,
        rag_before=locked.rag,
        rag=rag,
        commentary=commentary,
        evidence_of_impact=evidence_of_impact,
        needs_escalation=bool(needs_escalation),
        escalation_reason=escalation_reason,
        is_demo=is_demo,
    )
    locked.rag = rag
    locked.latest_update = update
    locked.version += 1
    # Bypass simple_history: the cache fields are excluded from the action's history, and the log is the history.
    Action.objects.filter(pk=locked.pk).update(rag=rag, latest_update=update, version=locked.version)
    for name in ("rag", "latest_update", "version"):
        setattr(action, name, getattr(locked, name))

    turned_red = rag == Rag.RED and update.rag_before != Rag.RED
    if (turned_red or update.needs_escalation) and not is_demo:
        # Recorded and queued in this transaction: a refused or rolled-back update alerts nobody, and the mail server
        # is the worker's business, never the lead's request.
        alerts_queue(update=update)
    return update


def board_administrators(board):
    """Active users of `board` holding the Board administrator role and having an email address."""
    return (
        get_user_model()
        .objects.filter(
            # One membership row: the administrator role on this board, not on another board of the same person.
            pk__in=Membership.objects.filter(board=board, is_active=True, roles__name=Role.BOARD_ADMIN.value).values(
                "user_id"
            ),
            is_active=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def alerts_queue(*, update: StatusUpdate) -> int:
    """Email each board administrator that an action turned Red or needs escalation: one recorded notification per
    administrator (notifications.Notification), sent by the task queue. Returns the number queued."""
    update = StatusUpdate.objects.select_related("action__objective__priority__plan__board", "author", "quarter").get(
        pk=update.pk
    )
    action = update.action
    board = action.objective.priority.plan.board
    recipients = list(board_administrators(board))
    if not recipients:
        logger.warning("No board administrator with an email address to alert about %s", action.reference)
        return 0
    context = {
        "update": update,
        "action": action,
        "board": board,
        "turned_red": update.rag == Rag.RED and update.rag_before != Rag.RED,
        "action_url": absolute_url(reverse("priorities:action_detail", args=[action.pk])),
    }
    return queue_emails(
        kind=Notification.Kind.ACTION_ALERT,
        board=board,
        users=recipients,
        subject_template="emails/action_alert_subject.txt",
        body_template="emails/action_alert.txt",
        context=context,
        dedupe_prefix=f"action-alert:{update.pk}",
    )

"""Writes of the corebusiness app: a measure's leads, and its quarterly updates. Keyword-only functions that validate
and run in one transaction.

The rules of an update are priorities' own (priorities.services.status_update_errors: a status, a commentary for Red
or Amber and for any change, the same length limit), worded for a measure; the conflict detection works the same way
(the version the form was opened at: here the number of updates the measure had, as updates are append-only), and an
administrator is emailed when a measure turns Red, as for an action.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.audit import record_change
from accounts.models import AuditEvent
from bscb.links import absolute_url
from notifications.models import Notification
from notifications.services import queue_emails
from plans.models import CoreMeasure, Lead, Quarter
from plans.quarters import quarter_open_for
from priorities.models import Rag
from priorities.services import board_administrators, status_update_errors

from .models import CoreMeasureUpdate

logger = logging.getLogger(__name__)


NO_QUARTER_OPEN = (
    "No reporting quarter is open for this plan, so updates cannot be recorded. "
    "Ask your board administrator to open the quarter."
)


class StaleMeasureError(Exception):
    """Someone else recorded an update after the form was opened: nothing was saved.

    `updates` are the updates made since the version the user saw, newest first; `version` is the current one."""

    def __init__(self, *, measure: CoreMeasure, updates: list[CoreMeasureUpdate], version: int):
        self.measure = measure
        self.updates = updates
        self.version = version
        super().__init__("Someone else updated this measure while you were editing")


def measure_update_errors(*, current_rag: str, rag: str, commentary: str) -> dict[str, list[str]]:
    """The rules an update must meet, as GOV.UK error messages by field: priorities' rules for an action's update
    (status_update_errors), with "the action" read as "the measure". Shared by the service and the form."""
    errors = status_update_errors(
        action=SimpleNamespace(rag=current_rag),
        rag=rag,
        commentary=commentary,
        evidence_of_impact="",
        needs_escalation=False,
        escalation_reason="",
    )
    return {
        field: [message.replace("the action", "the measure") for message in messages]
        for field, messages in errors.items()
    }


def measure_state(measure: CoreMeasure) -> tuple[str, int, CoreMeasureUpdate | None]:
    """(status, version, latest update) of a measure now: its latest update's status (Not started without one), the
    number of its updates (the version a form is opened at) and the latest update."""
    updates = CoreMeasureUpdate.objects.filter(measure=measure).order_by("-created_at", "-id")
    latest = updates.first()
    return (latest.rag if latest else Rag.NOT_STARTED), updates.count(), latest


@transaction.atomic
def measure_update_record(
    *,
    measure: CoreMeasure,
    user,
    rag: str,
    commentary: str,
    expected_version: int | None = None,
    quarter: Quarter | None = None,
    created_at=None,
    is_demo: bool = False,
) -> CoreMeasureUpdate:
    """Append an update to `measure`, attributed to its plan's open quarter (or `quarter`, which must be that open
    quarter: the demo history names it).

    Raises ValidationError (by field) for bad input, when no quarter is open or the quarter given is not open (a
    closed quarter's status is frozen: corebusiness.models), and StaleMeasureError when `expected_version` is given and
    someone else has updated the measure since. Permission is the caller's job (corebusiness.rules.can_update_measure).
    Administrators are emailed after commit when the measure turns Red.
    """
    # Lock the measure's row (only its own: PostgreSQL would lock the joined rows too) so that two saves of the same
    # measure run one after the other: the second sees the first's update and is refused instead of overwriting it.
    locked = (
        CoreMeasure.objects.select_for_update(of=("self",)).select_related("core_priority__plan").get(pk=measure.pk)
    )
    current_rag, version, latest = measure_state(locked)
    if expected_version is not None and int(expected_version) != version:
        missed = max(version - int(expected_version), 1)
        newer = list(
            CoreMeasureUpdate.objects.filter(measure=locked)
            .select_related("author", "quarter")
            .order_by("-created_at", "-id")[:missed]
        )
        raise StaleMeasureError(measure=locked, updates=newer, version=version)

    commentary = (commentary or "").strip()
    errors = measure_update_errors(current_rag=current_rag, rag=rag, commentary=commentary)
    if errors:
        raise ValidationError(errors)

    plan = locked.core_priority.plan
    if quarter is None:
        quarter = quarter_open_for(plan)
        if quarter is None:
            raise ValidationError(NO_QUARTER_OPEN)
    else:
        quarter = Quarter.objects.get(pk=quarter.pk)  # its state now, not as the caller read it
        if quarter.plan_id != plan.pk:
            raise ValidationError("The quarter belongs to another plan.")
        if not quarter.is_open:
            raise ValidationError(f"{quarter.label} is not open, so no update can be recorded for it.")

    created_at = created_at or timezone.now()
    if latest is not None and created_at < latest.created_at:
        # The status is the newest update's: recording an older one would change the past.
        raise ValidationError("Updates are recorded in date order: this one is older than the latest.")

    update = CoreMeasureUpdate.objects.create(
        measure=locked,
        quarter=quarter,
        author=user,
        created_at=created_at,
        rag_before=current_rag,
        rag=rag,
        commentary=commentary,
        is_demo=is_demo,
    )
    if rag == Rag.RED and current_rag != Rag.RED and not is_demo:
        alerts_queue(update=update)
    return update


def alerts_queue(*, update: CoreMeasureUpdate) -> int:
    """Email each board administrator that a core measure turned Red: one recorded notification each, sent by the
    task queue (as priorities.services.alerts_queue does for an action). Returns the number queued."""
    update = CoreMeasureUpdate.objects.select_related("measure__core_priority__plan__board", "author", "quarter").get(
        pk=update.pk
    )
    measure = update.measure
    board = measure.core_priority.plan.board
    recipients = list(board_administrators(board))
    if not recipients:
        logger.warning("No board administrator with an email address to alert about core measure %s", measure.pk)
        return 0
    context = {
        "update": update,
        "measure": measure,
        "board": board,
        "measure_url": absolute_url(reverse("corebusiness:measure_detail", args=[measure.pk])),
    }
    return queue_emails(
        kind=Notification.Kind.ACTION_ALERT,
        board=board,
        users=recipients,
        subject_template="corebusiness/emails/measure_alert_subject.txt",
        body_template="corebusiness/emails/measure_alert.txt",
        context=context,
        dedupe_prefix=f"core-measure-alert:{update.pk}",
    )


@transaction.atomic
def measure_leads_set(*, measure: CoreMeasure, leads, user) -> CoreMeasure:
    """Name the leads who report `measure`'s progress (replacing the previous ones), recorded in the audit log.

    Every lead must be one of the measure's board's leads (ValidationError otherwise)."""
    measure = CoreMeasure.objects.select_related("core_priority__plan__board").get(pk=measure.pk)
    board = measure.core_priority.plan.board
    leads = list(leads)
    if any(lead.board_id != board.pk for lead in leads):
        raise ValidationError({"leads": ["Choose leads of this board"]})
    before = sorted(measure.leads.values_list("name", flat=True))
    measure.leads.set(leads)
    after = sorted(lead.name for lead in leads)
    if before != after:
        record_change(
            kind=AuditEvent.Kind.CHANGE,
            board=board,
            user=user,
            detail=f"{measure.core_priority.plan.title}: core business measure {measure.reference} leads: "
            f"{', '.join(before) or 'none'} -> {', '.join(after) or 'none'}",
        )
    return measure


def lead_choices(board):
    """The leads a measure may be given: the board's people and groups (placeholders too, as the plan names them)."""
    return Lead.objects.filter(board=board).select_related("agency").order_by("name")

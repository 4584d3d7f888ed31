"""Helpers for reporting tests: status updates through the real service, dated inside a quarter."""

import datetime

from django.utils import timezone

from priorities.services import status_update_record


def at(date: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def update(action, user, rag, quarter, *, day=5, commentary="", escalate=False):
    """Record a status update in `quarter` (on its `day`-th day) through priorities.services.status_update_record."""
    return status_update_record(
        action=action,
        user=user,
        rag=rag,
        commentary=commentary or f"{rag} commentary for {action.reference}",
        needs_escalation=escalate,
        escalation_reason="Needs a Board decision" if escalate else "",
        quarter=quarter,
        created_at=at(quarter.start_date + datetime.timedelta(days=day)),
    )

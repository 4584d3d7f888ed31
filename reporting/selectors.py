"""Reads of reporting periods."""

from .models import Quarter


def quarter_open_for(plan) -> Quarter | None:
    """The plan's open quarter: the one that new status updates belong to."""
    return Quarter.objects.filter(plan=plan, state=Quarter.State.OPEN).first()

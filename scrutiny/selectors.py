"""What the scrutiny log gives the yearly report (annualreport/figures.py)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.urls import reverse

from .models import ScrutinyEntry, ScrutinyResponse


@dataclass(frozen=True)
class EntryLine:
    pk: int
    url: str
    kind_label: str
    addressed_to_label: str
    subject: str
    raised_on: date
    status_label: str
    responses: int
    latest_response: str
    outcome: str


def yearly_scrutiny(board, start: date, end: date) -> list[EntryLine]:
    """Entries raised within the period (both ends included), oldest first. Two queries."""
    entries = list(
        ScrutinyEntry.objects.filter(board=board, raised_on__gte=start, raised_on__lte=end)
        .select_related("agency", "lead")
        .annotate(response_count=Count("responses"))
        .order_by("raised_on", "pk")
    )
    latest = {}
    for response in ScrutinyResponse.objects.filter(entry__in=[e.pk for e in entries]).order_by("at", "pk"):
        latest[response.entry_id] = response.text
    return [
        EntryLine(
            pk=entry.pk,
            url=reverse("scrutiny:entry_detail", args=[entry.pk]),
            kind_label=entry.get_kind_display(),
            addressed_to_label=entry.addressee_label,
            subject=entry.subject,
            raised_on=entry.raised_on,
            status_label=entry.get_status_display(),
            responses=entry.response_count,
            latest_response=latest.get(entry.pk, ""),
            outcome=entry.outcome,
        )
        for entry in entries
    ]

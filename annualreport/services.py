"""Writes of the yearly report: start, edit a narrative or the easy-read summary, sign off, undo a sign-off."""

import datetime

from django.db import transaction
from django.utils import timezone

from . import content, tasks
from .models import ReportSection, SignOffEvent, YearlyReport
from .templates import TEMPLATES


def period_end_for(start: datetime.date) -> datetime.date:
    """The last day of the twelve months from `start` (the first of a month)."""
    return datetime.date(start.year + 1, start.month, 1) - datetime.timedelta(days=1)


@transaction.atomic
def start_report(*, board, template: str, period_start: datetime.date, user) -> YearlyReport:
    """Create the report and its sections, each narrative prefilled from the figures computed now."""
    period_end = period_end_for(period_start)
    report = YearlyReport(board=board, template=template, period_start=period_start, period_end=period_end)
    title = f"{board.name}: yearly report {report.year_label}"
    report.title = title
    report.created_by = user
    figures_by_key = content.live_figures(report)
    report.easy_read = content.prefilled_easy_read(report.year_label, figures_by_key)
    report.save()
    sections = []
    for order, spec in enumerate(TEMPLATES[template], start=1):
        figs = figures_by_key.get(spec.key, ((), ()))[0]
        if spec.key in ("glance", "care-act-a") and figs:
            narrative = content.glance_sentence(report.year_label, figs)
        else:
            narrative = content.prefilled_narrative(report.year_label, spec.heading, figs, spec.build.__name__)
        sections.append(
            ReportSection(
                report=report, key=spec.key, order=order, heading=spec.heading, narrative=narrative, updated_by=user
            )
        )
    for section in sections:
        section.save()  # one by one so that each gets its first history row
    return report


@transaction.atomic
def edit_narrative(*, section: ReportSection, narrative: str, user) -> ReportSection:
    section.narrative = narrative
    section.updated_by = user
    section.save()
    return section


@transaction.atomic
def edit_easy_read(*, report: YearlyReport, text: str) -> YearlyReport:
    report.easy_read = text
    report.save(update_fields=["easy_read"])
    return report


@transaction.atomic
def sign_off(*, report: YearlyReport, user) -> YearlyReport:
    """Freeze every section's figures and tables; from now on the report reads them."""
    report.frozen = content.freeze(report)
    report.status = YearlyReport.Status.SIGNED_OFF
    report.signed_off_by = user
    report.signed_off_at = timezone.now()
    report.save()
    SignOffEvent.objects.create(report=report, kind=SignOffEvent.Kind.SIGNED_OFF, by=user)
    # The signed-off files are built by the worker now (in this transaction's queue row), so that the first person
    # to download them after the meeting does not wait.
    tasks.queue_report_files(report)
    return report


@transaction.atomic
def undo_sign_off(*, report: YearlyReport, reason: str, user) -> YearlyReport:
    """Back to a draft with live figures; the reason is recorded."""
    report.status = YearlyReport.Status.DRAFT
    report.frozen = None
    report.signed_off_by = None
    report.signed_off_at = None
    report.save()
    SignOffEvent.objects.create(report=report, kind=SignOffEvent.Kind.UNDONE, reason=reason, by=user)
    return report

"""The yearly report's PDF and DOCX, built together on the task queue (`manage.py db_worker`), never in a request:
WeasyPrint takes seconds for a long report.

The files are kept in the database (annualreport.models.ReportFile) under the digest of the document they were made
from (`exports.file_digest`), so any server serves what any worker built, and a file whose digest is not the current
document's is stale and never served. A build deletes the report's older files of each kind.

Queued on demand by the download views (`request_report_files`: at most one queued or running per report, by
`cache.add()` of a marker, atomic on both shared caches, as reporting/tasks.py explains) and after a sign-off
(`queue_report_files`, unconditionally: the sign-off has just changed the document).
"""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from bscb.build_markers import live_marker

from .content import report_document
from .exports import file_digest, report_docx_bytes, report_pdf_bytes
from .models import ReportFile, YearlyReport

# Longer than a build waits and runs; a marker whose worker died expires and the next request queues again.
BUILD_MARKER_SECONDS = 15 * 60
# A marker this old is checked against its task's result, so a build that was never queued (its request rolled
# back) or ended without clearing its marker does not keep the page waiting.

BUILDERS = {ReportFile.Kind.PDF: report_pdf_bytes, ReportFile.Kind.DOCX: report_docx_bytes}


def building_key(report_id: int) -> str:
    return f"yearly-report-files-building:{report_id}"


@task(takes_context=True)
def build_report_files(context, report_id: int) -> str:
    """Make the report's PDF and DOCX from its current document and keep them under the document's digest.

    Returns "built", "cached" (both files of this digest exist already) or "missing" (the report was deleted)."""
    own_id = context.task_result.id
    try:
        report = YearlyReport.objects.select_related("board", "signed_off_by").filter(pk=report_id).first()
        if report is None:
            return "missing"
        document = report_document(report)
        digest = file_digest(document)
        have = set(ReportFile.objects.filter(report=report, digest=digest).values_list("kind", flat=True))
        outcome = "cached"
        for kind, build in BUILDERS.items():
            if kind in have:
                continue
            data = build(document)
            with transaction.atomic():
                ReportFile.objects.filter(report=report, kind=kind).exclude(digest=digest).delete()
                ReportFile.objects.get_or_create(
                    report=report, kind=kind, digest=digest, defaults={"content": data, "size": len(data)}
                )
            outcome = "built"
        return outcome
    finally:
        _drop_marker(report_id, own_id)


def _drop_marker(report_id: int, task_id: str) -> None:
    """Drop the report's marker if it is this build's (a sign-off may have put a newer build's marker there)."""
    marker = cache.get(building_key(report_id))
    if marker is not None and marker.get("task_id") == task_id:
        cache.delete(building_key(report_id))


def request_report_files(report) -> bool:
    """Queue a build of the report's files unless one is queued or running; True if this call queued it."""
    key = building_key(report.pk)
    queued_at = timezone.now()
    if not cache.add(key, {"queued_at": queued_at, "task_id": ""}, timeout=BUILD_MARKER_SECONDS):
        return False
    result = build_report_files.enqueue(report.pk)
    cache.set(key, {"queued_at": queued_at, "task_id": result.id}, timeout=BUILD_MARKER_SECONDS)
    return True


def queue_report_files(report) -> None:
    """Queue a build of the report's files now (called by the sign-off service, in its transaction), replacing any
    build's marker: a build already running reads the document from before the change."""
    result = build_report_files.enqueue(report.pk)
    cache.set(
        building_key(report.pk), {"queued_at": timezone.now(), "task_id": result.id}, timeout=BUILD_MARKER_SECONDS
    )


def current_build(report_id: int) -> dict | None:
    """The report's marker while a build is queued or running, else None (dropping one that outlived its build)."""
    return live_marker(building_key(report_id), build_report_files)

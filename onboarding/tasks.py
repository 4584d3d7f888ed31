"""The plan import on the task queue (issue 14): run by `manage.py db_worker` (django-tasks with the django-tasks-db
backend; `django.tasks` from Django 6), never in a request. Reading and importing a 20,000-row workbook takes 16-47 s.

The import page keeps the upload in a PlanImportJob and queues `import_plan_job` (onboarding.services); the task
reads the workbook (onboarding/plan_import/reader.py), imports it all-or-nothing (writer.py, one transaction) and
records the outcome on the job, which the job's page shows.

The uploaded bytes are kept while the administrator reviews the preview (the second pass reads them again), and
emptied when the job ends, whether it succeeded, failed or was cancelled. On success the data is in the plan.
A failure is either the file's (rows at fault, an unreadable workbook, the short name taken since the upload), and
then the person must upload a corrected file or choose another short name anyway, so the same bytes would only fail
again; or the service's (the database went away, a bug), which is rare, and uploading again takes seconds. Keeping
them would buy a retry that nobody can ask for (there is no "try again" on a failed import) at the cost of up to 10 MB
per attempt in the database and in every backup, names of people included (the Responsible Leads column), which the
service otherwise keeps only in the plan it imports.
"""

import io
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts.audit import record_event
from accounts.models import AuditEvent
from plans.models import BusinessPlan

from . import plan_import as importer
from . import progress
from .models import PlanImportJob
from .plan_import.preview import build_preview

logger = logging.getLogger(__name__)

SERVICE_FAILURE = (
    "The import stopped because of a problem in the service: nothing has been imported. Upload the spreadsheet "
    "again. If it fails again, tell the service's support team"
)


@dataclass(frozen=True)
class _Upload:
    """The upload's request as `record_event` reads it (its address and path), from what the job kept: the worker
    has no request of its own, and the audit log says where an import came from."""

    META: dict = field(default_factory=dict)
    path: str = ""


@task()
def import_plan_job(job_id: int) -> str:
    """Import the job's spreadsheet into a new plan of its board and record the outcome on the job.

    The first run checks and records the preview ("previewed"); once the administrator confirms, the second imports.
    Returns "previewed", "succeeded" or "failed" (the file's fault: the job says why, row by row), or "skipped" when
    the job is missing or not waiting any more (another run took it). A failure of the service is recorded on the
    job, then raised, so that the task's result says FAILED and the worker logs the traceback."""
    job = _start(job_id)
    if job is None:
        return "skipped"
    try:
        return _import(job)
    except Exception:
        try:
            _finish(job, PlanImportJob.Status.FAILED, failure=SERVICE_FAILURE, plan=None, summary={})
        except Exception:  # the database itself may be what failed: the job then stays "running", the page says so
            logger.exception("Could not record the failure of plan import job %s", job_id)
        raise


def _start(job_id: int) -> PlanImportJob | None:
    """Mark the job running, committed before the slow part so that its page says so; None if it is not waiting."""
    with transaction.atomic():
        job = PlanImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != PlanImportJob.Status.QUEUED:
            return None
        job.status = PlanImportJob.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def _import(job: PlanImportJob) -> str:
    if BusinessPlan.objects.filter(board_id=job.board_id, slug=job.slug).exists():
        return _fail(
            job,
            f"Your board already has a plan with the short name {job.slug}: nothing has been imported. Upload the "
            "spreadsheet again with another short name",
        )
    try:
        read = importer.read_action_plan(
            io.BytesIO(bytes(job.file_bytes)),
            period=(job.start_year, job.end_year),
            progress=progress.reading_reporter(job.pk),
        )
    except importer.ImportRejected as exc:
        return _fail(job, str(exc))
    if read.error_count:
        problems = "1 problem" if read.error_count == 1 else f"{read.error_count:,} problems"
        return _fail(
            job,
            f"The spreadsheet has {problems}: nothing has been imported. Fix the rows listed below and upload it again",
            errors=read.errors,
            error_count=read.error_count,
        )
    if job.confirmed_at is None:
        # The first pass: nothing is written but the job's preview, which the administrator reviews and confirms.
        preview = build_preview(
            board=job.board, rows=read.rows, start_year=job.start_year, end_year=job.end_year, warnings=read.warnings
        )
        job.preview = preview
        job.status = PlanImportJob.Status.PREVIEW
        job.save(update_fields=["preview", "status"])
        progress.clear(job.pk)
        return "previewed"
    progress.record_writing(job.pk, len(read.rows))
    # The plan, the audit event and the job's outcome are written together, or not at all.
    with transaction.atomic():
        result = importer.plan_import(
            board=job.board,
            user=job.created_by,
            rows=read.rows,
            title=job.title,
            slug=job.slug,
            period=job.period,
            start_year=job.start_year,
            end_year=job.end_year,
            dated=job.dated,
            make_current=job.make_current,
            source_name=job.file_name,
            lead_decisions=job.lead_decisions,
        )
        record_event(
            kind=AuditEvent.Kind.IMPORT,
            request=_Upload(META={"REMOTE_ADDR": job.client_address}, path=reverse("onboarding:plan_import")),
            user=job.created_by,
            board=job.board,
            detail=f"Imported plan {result.plan.title} (plan {result.plan.pk}; {result.priorities} priorities, "
            f"{result.objectives} objectives, {result.actions} actions, {len(result.new_leads)} new leads) "
            f"from {job.file_name} (import job {job.pk})"[:1000],
        )
        _finish(
            job,
            PlanImportJob.Status.SUCCEEDED,
            plan=result.plan,
            summary={
                "priorities": result.priorities,
                "objectives": result.objectives,
                "actions": result.actions,
                "new_leads": result.new_leads,
                "statuses_not_imported": result.statuses_not_imported,
                "needs_review": result.needs_review,
                "quarters": result.quarters,
                "open_quarter": result.open_quarter,
            },
        )
    return "succeeded"


def _fail(job: PlanImportJob, failure: str, *, errors=(), error_count: int = 0) -> str:
    rows = [{"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message} for e in errors]
    _finish(job, PlanImportJob.Status.FAILED, failure=failure, errors=rows, error_count=error_count)
    return "failed"


def _finish(job: PlanImportJob, status: str, **outcome) -> None:
    """Record the outcome and empty the stored file (see the module's docstring)."""
    for name, value in outcome.items():
        setattr(job, name, value)
    job.status = status
    job.finished_at = timezone.now()
    job.file_bytes = b""
    job.save()
    progress.clear(job.pk)

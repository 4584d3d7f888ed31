"""Plan import jobs in each state, for tests and permission cases: queued through the real service, finished by the
real task (called in process, as the worker calls it)."""

from onboarding.models import PlanImportJob
from onboarding.services import confirm_plan_import, queue_plan_import
from onboarding.tasks import import_plan_job
from tests.tasks import run_queued_tasks

from .helpers import row, upload, xlsx_bytes


def queued_job(board, user, content: bytes | None = None, *, name="plan.xlsx", **details) -> PlanImportJob:
    plan = {
        "title": "Business Plan 2016-2018",
        "slug": "queued-plan",
        "period": "2016-2018",
        "start_year": 2014,
        "end_year": 2018,
        "dated": "June 2016",
        "make_current": False,
    }
    plan.update(details)
    content = content if content is not None else xlsx_bytes([row(), row(how="Audit files", reference="NEG-02")])
    return queue_plan_import(
        board=board, user=user, upload=upload(content, name=name), client_address="10.0.0.9", **plan
    )


def finished_job(board, user, content: bytes | None = None, **details) -> PlanImportJob:
    """A job run to its end by the task itself (only this job: other queued tasks are left alone)."""
    job = queued_job(board, user, content, **details)
    import_plan_job.call(job.pk)  # the check: a preview, or the problems found
    job.refresh_from_db()
    if job.status == PlanImportJob.Status.PREVIEW:
        confirm_plan_import(job=job, lead_decisions={})
        import_plan_job.call(job.pk)
        job.refresh_from_db()
    return job


def failed_job(board, user, **details) -> PlanImportJob:
    content = xlsx_bytes([row(heading="Detect"), row(how="", reference="NEG-02")])
    return finished_job(board, user, content, name="broken.xlsx", **details)


def run_import_tasks() -> None:
    """Run the queued import tasks as the worker does, confirm every checked import as its administrator would with
    the preview's defaults (onboarding.services.confirm_plan_import, no decision: new names become placeholders), and
    run the imports. For tests about what an import creates; tests/transfer/test_import_preview.py tests the preview."""
    run_queued_tasks()
    # One at a time, oldest first: two jobs of one short name are imported in the order they were uploaded.
    for job in PlanImportJob.objects.filter(status=PlanImportJob.Status.PREVIEW).order_by("pk"):
        confirm_plan_import(job=job, lead_decisions={})
        run_queued_tasks()


def previewed_job(board, user, content: bytes | None = None, **details) -> PlanImportJob:
    """A job checked by the task and waiting for its administrator's confirmation, with a new name to decide on."""
    if content is None:
        content = xlsx_bytes([row(leads="Jo Moses & Harrow Team"), row(how="Audit files", reference="NEG-02")])
    job = queued_job(board, user, content, **details)
    import_plan_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == PlanImportJob.Status.PREVIEW, job.failure
    return job

"""Plan import jobs in each state, for tests and permission cases: queued through the real service, finished by the
real task (called in process, as the worker calls it)."""

from onboarding.models import PlanImportJob
from onboarding.services import queue_plan_import
from onboarding.tasks import import_plan_job

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
    import_plan_job.call(job.pk)
    job.refresh_from_db()
    return job


def failed_job(board, user, **details) -> PlanImportJob:
    content = xlsx_bytes([row(heading="Detect"), row(how="", reference="NEG-02")])
    return finished_job(board, user, content, name="broken.xlsx", **details)

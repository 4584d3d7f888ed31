"""A long plan import shows how far it has gone (issue 19): the worker records the row it is reading and then that it
is writing, in the shared cache; the job's page says "Reading row 8,000 of 20,001" while the job runs."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from onboarding import progress
from onboarding.models import PlanImportJob
from onboarding.plan_import import read_action_plan, reader
from onboarding.services import confirm_plan_import
from onboarding.tasks import import_plan_job
from tests.transfer.helpers import row, upload, xlsx_bytes
from tests.transfer.import_jobs import queued_job

pytestmark = pytest.mark.django_db


def _job_page(client, job):
    return client.get(reverse("onboarding:plan_import_job", kwargs={"pk": job.pk}))


def test_the_reader_reports_the_row_it_has_reached_and_the_sheets_last_row():
    rows = [row(how=f"Action {n}", reference=f"NEG-{n:04d}") for n in range(1, 1201)]
    calls = []

    read = read_action_plan(upload(xlsx_bytes(rows)), progress=lambda *args: calls.append(args))

    assert len(read.rows) == 1200
    # Sheet rows, as the person sees them in Excel: the header is row 1, so the last action is row 1,201.
    assert calls == [(500, 1201), (1000, 1201)]


def test_the_worker_records_reading_then_writing_and_drops_it_when_the_job_ends(world, monkeypatch):
    monkeypatch.setattr(reader, "READ_EVERY", 2)
    job = queued_job(world.board, world.users["admin"], xlsx_bytes([row(reference=f"NEG-{n}") for n in range(1, 6)]))
    recorded = []
    real_set = progress.cache.set

    def spy(key, value, *args, **kwargs):
        if key == progress.progress_key(job.pk):
            recorded.append(value)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(progress.cache, "set", spy)

    assert import_plan_job.call(job.pk) == "previewed"
    assert recorded == [{"step": "reading", "row": n, "last_row": 6} for n in (2, 4, 6)]
    assert cache.get(progress.progress_key(job.pk)) is None

    recorded.clear()
    job.refresh_from_db()
    confirm_plan_import(job=job, lead_decisions={})
    assert import_plan_job.call(job.pk) == "succeeded"
    assert recorded[-1] == {"step": "writing", "rows": 5}
    assert recorded[:3] == [{"step": "reading", "row": n, "last_row": 6} for n in (2, 4, 6)]
    assert cache.get(progress.progress_key(job.pk)) is None


def test_the_job_page_shows_the_progress_while_the_job_runs(world, client_for):
    job = queued_job(world.board, world.users["admin"])
    PlanImportJob.objects.filter(pk=job.pk).update(status=PlanImportJob.Status.RUNNING)
    admin = client_for("admin")

    progress.reading_reporter(job.pk)(8000, 20001)
    page = _job_page(admin, job).content.decode()
    assert '<dd class="govuk-summary-list__value" id="import-progress">Reading row 8,000 of 20,001</dd>' in page

    progress.record_writing(job.pk, 20000)
    assert "Writing 20,000 actions into the new plan" in _job_page(admin, job).content.decode()

    # A file that does not state its size: the row alone.
    progress.reading_reporter(job.pk)(500, None)
    assert ">Reading row 500</dd>" in _job_page(admin, job).content.decode()


def test_no_progress_is_shown_once_the_job_has_finished_or_before_it_starts(world, client_for):
    job = queued_job(world.board, world.users["admin"])
    admin = client_for("admin")
    progress.reading_reporter(job.pk)(8000, 20001)  # a stale record, e.g. from a worker that died

    assert "import-progress" not in _job_page(admin, job).content.decode()  # queued
    PlanImportJob.objects.filter(pk=job.pk).update(status=PlanImportJob.Status.FAILED)
    assert "import-progress" not in _job_page(admin, job).content.decode()

"""The plan import on the task queue (issue 14): the request keeps the upload and queues one task; the worker imports
all-or-nothing and records the outcome on the job; the job's page says where it stands, asking again by itself only
while the import waits or runs."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts.models import AuditEvent
from onboarding import tasks
from onboarding.models import PlanImportJob
from onboarding.services import confirm_plan_import
from plans.models import BusinessPlan, Lead
from priorities.models import Action, Objective, Priority
from tests.transfer.import_jobs import run_import_tasks

from .helpers import import_data, row, xlsx_bytes
from .import_jobs import failed_job, queued_job

pytestmark = pytest.mark.django_db

URL = reverse("onboarding:plan_import")
TASK = "onboarding.tasks.import_plan_job"
ROWS = [
    row(how="Map neglect", leads="Jo Moses & New Lead", reference="NEG-01"),
    row(how="Audit files", reference="NEG-02", rag="Red"),
]


def _plan_data():
    return (
        BusinessPlan.objects.count(),
        Priority.objects.count(),
        Objective.objects.count(),
        Action.objects.count(),
        Lead.objects.count(),
        AuditEvent.objects.filter(kind=AuditEvent.Kind.IMPORT).count(),
    )


def _queued_tasks():
    return list(DBTaskResult.objects.filter(task_path=TASK))


def _job_url(job):
    return reverse("onboarding:plan_import_job", kwargs={"pk": job.pk})


def test_the_upload_is_kept_and_one_task_queued_and_nothing_is_imported_before_the_worker_runs(world, client_for):
    content = xlsx_bytes(ROWS)
    before = _plan_data()
    admin = client_for("admin")

    response = admin.post(URL, import_data(content, make_current="on"))

    job = PlanImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == _job_url(job)
    assert (job.board, job.created_by, job.client_address, job.status) == (
        world.board,
        world.users["admin"],
        "127.0.0.1",
        PlanImportJob.Status.QUEUED,
    )
    assert (job.file_name, job.file_size, bytes(job.file_bytes)) == ("plan.xlsx", len(content), content)
    assert (job.title, job.slug, job.period, job.start_year, job.end_year, job.dated, job.make_current) == (
        "Business Plan 2016-2018",
        "2016-2018",
        "2016-2018",
        2014,
        2018,
        "June 2016",
        True,
    )
    (queued,) = _queued_tasks()
    assert queued.status == TaskResultStatus.READY and queued.args_kwargs["args"] == [job.pk]
    assert _plan_data() == before
    assert BusinessPlan.objects.get(board=world.board, is_current=True) == world.plan

    page = admin.get(response["Location"])
    text = page.content.decode()
    assert "Your spreadsheet is waiting to be checked" in text
    assert "Waiting to start" in text and "plan.xlsx" in text and "Not yet" in text
    assert "Business Plan 2016-2018 (2016-2018, short name 2016-2018), to become the plan everyone sees first" in text
    assert page["Refresh"] == "3"


def test_after_the_worker_runs_the_plan_exists_and_the_page_shows_what_was_imported(world, client_for):
    admin = client_for("admin")
    location = admin.post(URL, import_data(xlsx_bytes(ROWS)))["Location"]

    run_import_tasks()

    job = PlanImportJob.objects.get()
    plan = BusinessPlan.objects.get(board=world.board, slug="2016-2018")
    assert (job.status, job.plan, bytes(job.file_bytes)) == (PlanImportJob.Status.SUCCEEDED, plan, b"")
    assert job.created_at <= job.started_at <= job.finished_at
    assert job.summary == {
        "priorities": 1,
        "objectives": 1,
        "actions": 2,
        "new_leads": ["New Lead"],
        "statuses_not_imported": 1,
        "needs_review": 0,
        "quarters": 16,  # 2014 to 2018
        "open_quarter": "",  # not made the current plan: no quarter opens
    }
    assert sorted(Action.objects.filter(objective__priority__plan=plan).values_list("reference", flat=True)) == [
        "NEG-01",
        "NEG-02",
    ]
    check, result = _queued_tasks()  # the check, then the import once confirmed
    assert (check.status, check.return_value) == (TaskResultStatus.SUCCESSFUL, "previewed")
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, "succeeded")
    # The audit event names the plan, and where the upload came from, as when the import ran in the request.
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.IMPORT)
    assert (event.user, event.board, event.ip_address, event.path) == (
        world.users["admin"],
        world.board,
        "127.0.0.1",
        URL,
    )
    assert f"Imported plan Business Plan 2016-2018 (plan {plan.pk}; 1 priorities" in event.detail
    assert f"from plan.xlsx (import job {job.pk})" in event.detail

    page = admin.get(location)
    text = page.content.decode()
    assert "Refresh" not in page
    assert "Business Plan 2016-2018 imported" in text and "2 actions in 1 priority" in text
    assert "Imported" in text and "Finished" in text and "plan.xlsx" in text
    assert "What was imported" in text and "Neglect" in text and "NEG" in text
    assert "1 new lead added" in text and "New Lead" in text
    assert "1 row had a status other than Not started" in text
    assert "No: the current plan is unchanged" in text
    assert reverse("admin:plans_businessplan_change", args=[plan.pk]) in text
    assert "This page checks every" not in text and "Check again now" not in text


def test_a_plan_made_current_links_to_the_plan(world, client_for):
    admin = client_for("admin")
    location = admin.post(URL, import_data(xlsx_bytes(ROWS), make_current="on"))["Location"]
    run_import_tasks()

    text = admin.get(location).content.decode()

    assert BusinessPlan.objects.get(board=world.board, is_current=True).slug == "2016-2018"
    assert "Plan everyone sees first" in text and f'href="{reverse("plans:overview")}">View the plan' in text


def test_a_bad_file_ends_failed_naming_each_row_and_column_and_writes_nothing(world, client_for):
    rows = [row(reference="NEG-01"), row(heading="Detect", reference="NEG-02"), row(how="", rag="Purple")]
    admin = client_for("admin")
    location = admin.post(URL, import_data(xlsx_bytes(rows), name="broken.xlsx"))["Location"]
    before = _plan_data()

    run_import_tasks()

    job = PlanImportJob.objects.get()
    assert (job.status, job.plan, bytes(job.file_bytes), job.error_count) == (PlanImportJob.Status.FAILED, None, b"", 3)
    assert job.failure == (
        "The spreadsheet has 3 problems: nothing has been imported. Fix the rows listed below and upload it again"
    )
    assert [(e["sheet"], e["row"], e["column"]) for e in job.errors] == [
        ("All actions", 3, "Strategic Approach"),
        ("All actions", 4, "How we will do it"),
        ("All actions", 4, "RAG"),
    ]
    assert _plan_data() == before
    (result,) = _queued_tasks()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, "failed")

    page = admin.get(location)
    text = page.content.decode()
    assert "Refresh" not in page
    assert "<title>Error: broken.xlsx was not imported" in text
    assert 'class="govuk-error-summary"' in text and "There is a problem" in text
    assert '<a href="#row-errors-heading">The spreadsheet has 3 problems: nothing has been imported' in text
    assert "broken.xlsx was not imported" in text and "Not imported" in text
    assert "Problems in the spreadsheet" in text
    assert "&#x27;Detect&#x27; is not a strategic approach heading" in text
    assert "Enter how we will do it" in text and "&#x27;Purple&#x27; is not a status" in text
    assert ">Strategic Approach</td>" in text and ">3</td>" in text and ">4</td>" in text


def _with_broken_sheet(content: bytes) -> bytes:
    """The workbook with its first sheet's XML cut short: the archive is sound, the sheet does not parse."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = source.read(member.filename)
            archive.writestr(member, data[: len(data) // 2] if member.filename == "xl/worksheets/sheet1.xml" else data)
    return target.getvalue()


def test_an_unreadable_workbook_fails_with_the_reason(world, client_for):
    content = _with_broken_sheet(xlsx_bytes(ROWS))
    admin = client_for("admin")
    response = admin.post(URL, import_data(content))
    assert response.status_code == 302, response.context["form"].errors

    run_import_tasks()

    job = PlanImportJob.objects.get()
    assert (job.status, job.failure, job.errors) == (
        PlanImportJob.Status.FAILED,
        "The selected file could not be read as an Excel spreadsheet",
        [],
    )
    text = admin.get(response["Location"]).content.decode()
    assert f'<a href="{URL}">The selected file could not be read as an Excel spreadsheet</a>' in text
    assert "Problems in the spreadsheet" not in text


def test_a_failure_of_the_service_rolls_the_import_back_and_says_so(world, client_for, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the audit log is unreachable")

    monkeypatch.setattr(tasks, "record_event", broken)
    admin = client_for("admin")
    location = admin.post(URL, import_data(xlsx_bytes(ROWS)))["Location"]
    before = _plan_data()

    run_import_tasks()

    # The plan was written before the audit event failed, in the same transaction: nothing of it is left.
    assert _plan_data() == before
    job = PlanImportJob.objects.get()
    assert (job.status, job.failure, job.plan, bytes(job.file_bytes)) == (
        PlanImportJob.Status.FAILED,
        tasks.SERVICE_FAILURE,
        None,
        b"",
    )
    check, result = _queued_tasks()
    assert check.return_value == "previewed"
    assert result.status == TaskResultStatus.FAILED and "RuntimeError" in result.exception_class_path
    text = admin.get(location).content.decode()
    assert "The import stopped because of a problem in the service: nothing has been imported" in text


def test_a_job_is_imported_once(world, client_for):
    admin = client_for("admin")
    admin.post(URL, import_data(xlsx_bytes(ROWS)))
    run_import_tasks()
    job = PlanImportJob.objects.get()

    # A second run of the same job (a task queued twice, say) finds it finished and leaves it alone.
    assert tasks.import_plan_job.call(job.pk) == "skipped"
    assert BusinessPlan.objects.filter(board=world.board, slug="2016-2018").count() == 1
    assert tasks.import_plan_job.call(job.pk + 1000) == "skipped"


def test_a_short_name_being_imported_is_refused_until_the_job_is_presumed_lost(world, client_for):
    admin = client_for("admin")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert admin.post(URL, import_data(xlsx_bytes(ROWS))).status_code == 302
        response = admin.post(URL, import_data(xlsx_bytes(ROWS)))
        assert response.status_code == 200
        assert response.context["form"].errors["slug"] == [
            "Your board is already importing a plan with this short name: wait for it to finish or choose another"
        ]
    # Another board may use the same short name at the same time.
    assert client_for("other_board_admin").post(URL, import_data(xlsx_bytes(ROWS))).status_code == 302
    # A quarter of an hour later the waiting job is presumed lost: the short name may be uploaded again, and still
    # only one plan is imported with it.
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        assert admin.post(URL, import_data(xlsx_bytes(ROWS))).status_code == 302
    run_import_tasks()

    first, second = PlanImportJob.objects.filter(board=world.board).order_by("pk")
    assert (first.status, second.status) == (PlanImportJob.Status.SUCCEEDED, PlanImportJob.Status.FAILED)
    assert second.failure.startswith("Your board already has a plan with the short name 2016-2018")
    assert BusinessPlan.objects.filter(board=world.board, slug="2016-2018").count() == 1
    assert BusinessPlan.objects.filter(board=world.other_board, slug="2016-2018").count() == 1


def test_another_boards_job_is_not_found_and_other_roles_are_refused(world, client_for):
    theirs = queued_job(world.other_board, world.users["other_board_admin"], slug="theirs")
    ours = queued_job(world.board, world.users["admin"], slug="ours")

    for persona in ("admin", "lead", "bmg"):
        assert client_for(persona).get(_job_url(theirs)).status_code == 404
    assert client_for("other_board_admin").get(_job_url(ours)).status_code == 404
    assert client_for("lead").get(_job_url(ours)).status_code == 403
    text = client_for("other_board_admin").get(_job_url(theirs)).content.decode()
    assert "short name theirs" in text and "short name ours" not in text


def test_the_page_asks_again_while_the_import_waits_or_runs_and_not_when_done(world, client_for):
    admin = client_for("admin")
    job = queued_job(world.board, world.users["admin"])
    url = _job_url(job)

    waiting = admin.get(url)
    assert waiting["Refresh"] == "3" and "no-store" in waiting["Cache-Control"]
    assert "This page checks every 3 seconds" in waiting.content.decode()
    assert 'http-equiv="refresh"' not in waiting.content.decode()

    stopped = admin.get(url + "?refresh=off")
    assert "Refresh" not in stopped
    assert "This page does not check by itself" in stopped.content.decode()
    assert f'href="{url}">Check automatically every 3 seconds' in stopped.content.decode()

    PlanImportJob.objects.filter(pk=job.pk).update(status=PlanImportJob.Status.RUNNING, started_at=timezone.now())
    running = admin.get(url)
    assert running["Refresh"] == "3" and "Your spreadsheet is being checked" in running.content.decode()
    assert "Checking or importing" in running.content.decode()

    tasks.import_plan_job.call(job.pk)  # a running job is not taken again
    PlanImportJob.objects.filter(pk=job.pk).update(status=PlanImportJob.Status.QUEUED)
    tasks.import_plan_job.call(job.pk)
    checked = admin.get(url)  # waiting for the administrator: the page does not ask again
    assert "Refresh" not in checked and "Check what plan.xlsx will import" in checked.content.decode()
    confirm_plan_import(job=job, lead_decisions={})
    confirmed = admin.get(url)
    assert confirmed["Refresh"] == "3" and "Your plan is waiting to be imported" in confirmed.content.decode()
    tasks.import_plan_job.call(job.pk)
    done = admin.get(url)
    assert "Refresh" not in done and "no-store" in done["Cache-Control"]
    assert "Business Plan 2016-2018 imported" in done.content.decode()

    failed = failed_job(world.board, world.users["admin"], slug="broken")
    assert "Refresh" not in admin.get(_job_url(failed))


def test_a_job_waiting_for_long_says_so(world, client_for):
    job = queued_job(world.board, world.users["admin"])
    uploaded = timezone.localtime(job.created_at)

    with time_machine.travel(job.created_at + datetime.timedelta(minutes=4)):
        assert "longer than usual" not in client_for("admin").get(_job_url(job)).content.decode()
    with time_machine.travel(job.created_at + datetime.timedelta(minutes=6)):
        text = client_for("admin").get(_job_url(job)).content.decode()
    after = uploaded + datetime.timedelta(minutes=15)
    assert f"This is taking longer than usual. If it has not finished by {after:%H:%M}, upload the" in text


def test_the_import_page_lists_the_boards_recent_imports(world, client_for):
    admin = client_for("admin")
    queued_job(world.other_board, world.users["other_board_admin"], name="theirs.xlsx", slug="theirs")

    def page():
        with CaptureQueriesContext(connection) as queries:
            text = admin.get(URL).content.decode()
        return text, len(queries)

    assert "Recent imports" not in page()[0]
    ours = [queued_job(world.board, world.users["admin"], name=f"plan-{n}.xlsx", slug=f"plan-{n}") for n in range(3)]
    failed = failed_job(world.board, world.users["admin"], slug="broken")
    text, few = page()
    for n in range(3, 6):
        queued_job(world.board, world.users["admin"], name=f"plan-{n}.xlsx", slug=f"plan-{n}")
    many = page()[1]

    assert "Recent imports" in text and "theirs.xlsx" not in text
    assert text.index("broken.xlsx") < text.index("plan-2.xlsx") < text.index("plan-0.xlsx")
    assert f'href="{_job_url(ours[0])}">plan-0.xlsx</a>' in text
    assert f'href="{_job_url(failed)}">broken.xlsx</a>' in text
    assert "govuk-tag--red" in text and "Not imported" in text and "Waiting to start" in text
    assert few == many

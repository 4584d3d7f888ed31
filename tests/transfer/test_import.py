"""Importing a plan from an XLSX action plan into a new plan: validated whole, all-or-nothing, bulk. The request checks
the file and queues the import; `_import` runs the task queue as the worker does (tests/transfer/test_import_queue.py
is about the queue itself)."""

import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from accounts.models import AuditEvent
from onboarding import plan_import as transfer
from onboarding.models import PlanImportJob
from onboarding.plan_import import reader
from plans.models import BusinessPlan, Lead
from priorities.models import Action, Objective, Priority, Rag
from priorities.transfer import HEADERS
from tests.transfer.import_jobs import run_import_tasks

from .helpers import import_data, row, xlsx_bytes

pytestmark = pytest.mark.django_db

URL = "onboarding:plan_import"


def _post(client, content, **overrides):
    return client.post(reverse(URL), import_data(content, **overrides))


def _import(client, content, **overrides):
    """Upload the spreadsheet, then run the queued import as the worker does: the job, finished."""
    response = _post(client, content, **overrides)
    assert response.status_code == 302, response.context and response.context["form"].errors
    run_import_tasks()
    return PlanImportJob.objects.get(pk=resolve(response["Location"]).kwargs["pk"])


def _job_url(job):
    return reverse("onboarding:plan_import_job", kwargs={"pk": job.pk})


def _row_errors(job):
    assert job.status == PlanImportJob.Status.FAILED
    return [(e["sheet"], e["row"], e["column"], e["message"]) for e in job.errors]


def test_the_form_explains_the_layout(world, client_for):
    response = client_for("admin").get(reverse(URL))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Import a plan from a spreadsheet" in page
    assert 'enctype="multipart/form-data"' in page
    assert "Evidence of improvement in performance / Expected outcomes" in page
    assert "Check and import" in page


def test_a_valid_spreadsheet_becomes_a_new_plan_with_objectives_actions_and_leads(world, client_for):
    rows = [
        row(how="Map neglect", leads="Jo Moses & MASE", reference="NEG-01", timescale="Jul to Dec 2014"),
        row(how="Audit files", leads="Kaye Wise, Task Group to be established", reference="NEG-02"),
        row(
            heading="Enforce (disrupt and prosecute)", what="Increase arrests", how="Scope", leads="Police : Kaye Wise"
        ),
        row(
            priority="E-Safety",
            heading="Intervene & Support",
            what="Packs",
            how="Teacher training",
            leads="HT Reps",
            timescale="Jul 2014 to Jul 2105",
            rag="Red",
        ),
    ]

    admin = client_for("admin")
    job = _import(admin, xlsx_bytes(rows))

    plan = BusinessPlan.objects.get(board=world.board, slug="2016-2018")
    assert (job.status, job.plan) == (PlanImportJob.Status.SUCCEEDED, plan)
    assert (plan.title, plan.period, plan.start_year, plan.end_year, plan.dated) == (
        "Business Plan 2016-2018",
        "2016-2018",
        2014,
        2018,
        "June 2016",
    )
    assert plan.is_current is False
    assert BusinessPlan.objects.get(pk=world.plan.pk).is_current is True
    priorities = list(plan.priorities.order_by("order"))
    assert [(p.title, p.code, p.slug) for p in priorities] == [
        ("Neglect", "NEG", "neglect"),
        ("E-Safety", "ES", "e-safety"),
    ]
    objectives = list(Objective.objects.filter(priority__plan=plan).order_by("priority__order", "order"))
    assert [(o.approach_heading, o.what, o.order) for o in objectives] == [
        ("Prevent", "Improve understanding of neglect", 1),
        ("Enforce (disrupt and prosecute)", "Increase arrests", 2),
        ("Intervene & Support", "Packs", 1),
    ]
    assert [sorted(o.stages.values_list("code", flat=True)) for o in objectives] == [
        ["prevent"],
        ["enforce"],
        ["intervene", "support"],
    ]
    actions = list(Action.objects.filter(objective__priority__plan=plan).prefetch_related("leads"))
    assert [(a.reference, a.order) for a in actions] == [("NEG-01", 1), ("NEG-02", 2), ("NEG-03", 1), ("ES-01", 1)]
    first, second, third, fourth = actions
    assert (first.start_date, first.due_date, first.timescale_needs_review) == (
        datetime.date(2014, 7, 1),
        datetime.date(2014, 12, 31),
        False,
    )
    assert (fourth.start_date, fourth.due_date, fourth.timescale_needs_review) == (None, None, True)
    assert "2105" in fourth.timescale_review_note
    assert all(a.rag == Rag.NOT_STARTED and a.latest_update is None for a in actions)
    assert {lead.name for lead in first.leads.all()} == {"Jo Moses", "MASE"}
    assert {lead.name for lead in second.leads.all()} == {"Kaye Wise", "Task Group to be established"}
    assert {lead.name for lead in third.leads.all()} == {"Police", "Kaye Wise"}
    assert first.responsible_leads == "Jo Moses & MASE"
    new_leads = Lead.objects.filter(board=world.board, kind=Lead.Kind.PLACEHOLDER).order_by("name")
    assert [lead.name for lead in new_leads] == ["HT Reps", "Police", "Task Group to be established"]
    assert "Added by the import of Business Plan 2016-2018" in new_leads[0].description
    # History baseline, by the administrator, naming the file.
    assert first.history.get().history_user == world.users["admin"]
    assert first.history.get().history_change_reason == "Imported from plan.xlsx"
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.IMPORT, board=world.board, detail__contains=" 4 actions"
    ).exists()

    done = admin.get(_job_url(job)).content.decode()
    assert "Business Plan 2016-2018 imported" in done
    assert "4 actions in 2 priorities" in done
    assert "3 new leads added" in done and "were added as placeholders" in done and "HT Reps" in done
    assert "1 row had a status other than Not started" in done
    assert "1 action has a timescale that needs review" in done


def test_make_current_switches_the_plan_everyone_sees(world, client_for):
    _import(client_for("admin"), xlsx_bytes([row()]), make_current="on")

    assert list(BusinessPlan.objects.filter(board=world.board, is_current=True).values_list("slug", flat=True)) == [
        "2016-2018"
    ]
    assert BusinessPlan.objects.get(pk=world.other_plan.pk).is_current is True


def test_every_bad_row_is_reported_and_nothing_is_imported(world, client_for):
    rows = [
        row(reference="NEG-01"),
        row(heading="Detect", reference="NEG-02"),
        row(how="", timescale="", reference="NEG-03"),
        row(rag="Purple", reference="neg-01"),
        row(start="2015-01-01", due="2014-01-01", review="Maybe"),
        row(start="next week"),
    ]
    before = (BusinessPlan.objects.count(), Priority.objects.count(), Action.objects.count(), Lead.objects.count())

    admin = client_for("admin")
    job = _import(admin, xlsx_bytes(rows))

    assert _row_errors(job) == [
        (
            "All actions",
            3,
            "Strategic Approach",
            "'Detect' is not a strategic approach heading: name Prevent, Identify, Support, Intervene or Enforce",
        ),
        ("All actions", 4, "How we will do it", "Enter how we will do it"),
        ("All actions", 4, "Timescale", "Enter the timescale"),
        ("All actions", 5, "RAG", "'Purple' is not a status: use Not started, Red, Amber, Green or Complete"),
        ("All actions", 5, "Reference", "neg-01 is also the reference on All actions, row 2"),
        ("All actions", 6, "Due date", "The due date must be the same as or after the start date"),
        ("All actions", 6, "Timescale needs review", "Enter Yes or No"),
        ("All actions", 7, "Start date", "Enter the start date as a date, for example 2015-07-31"),
    ]
    page = admin.get(_job_url(job)).content.decode()
    assert "govuk-error-summary" in page
    assert "The spreadsheet has 8 problems: nothing has been imported" in page
    assert "Problems in the spreadsheet" in page and "&#x27;Purple&#x27; is not a status" in page
    assert (
        BusinessPlan.objects.count(),
        Priority.objects.count(),
        Action.objects.count(),
        Lead.objects.count(),
    ) == before


def test_a_missing_column_is_reported_on_the_header_row(world, client_for):
    header = [h for h in HEADERS if h != "Timescale"]
    content = xlsx_bytes([["Neglect", "Prevent", "What", "How", "Jo Moses", "", "", "", "", "", ""]], header=header)

    job = _import(client_for("admin"), content)

    assert _row_errors(job) == [("All actions", 1, "Timescale", "Add a 'Timescale' column")]
    assert not BusinessPlan.objects.filter(slug="2016-2018").exists()


def test_a_hand_made_table_with_merged_cells_and_only_the_plans_columns_imports(world, client_for):
    header = HEADERS[:7]
    rows = [
        ["Neglect", "Prevent", "Understand neglect", "Map it", "Jo Moses", "Baseline", "Oct 2014"],
        [None, None, None, "Audit it", "Kaye Wise", "", "Nov 2014"],
        [None, None, "Train staff", "Training", "MASE", "", "Dec 2014"],
        [None, "Identify", "Spot it", "Ask", "MASE", "", "Dec 2014"],
    ]
    content = xlsx_bytes([], sheets={"Notes": [], "Neglect": rows}, header=header)

    job = _import(client_for("admin"), content)

    assert job.status == PlanImportJob.Status.SUCCEEDED, job.errors
    plan = BusinessPlan.objects.get(slug="2016-2018")
    objectives = Objective.objects.filter(priority__plan=plan).order_by("order")
    assert [(o.approach_heading, o.what, o.actions.count()) for o in objectives] == [
        ("Prevent", "Understand neglect", 2),
        ("Prevent", "Train staff", 1),
        ("Identify", "Spot it", 1),
    ]
    action = Action.objects.get(objective__priority__plan=plan, how="Audit it")
    assert (action.reference, action.start_date, action.due_date) == (
        "NEG-02",
        datetime.date(2014, 11, 1),
        datetime.date(2014, 11, 30),
    )


def test_a_blank_first_cell_cannot_continue_anything(world, client_for):
    job = _import(client_for("admin"), xlsx_bytes([row(priority="", heading="", what="")]))

    assert _row_errors(job) == [
        ("All actions", 2, "Priority", "Enter the priority"),
        ("All actions", 2, "Strategic Approach", "Enter the strategic approach"),
        ("All actions", 2, "What we will do", "Enter what we will do"),
    ]


def test_formula_guards_are_removed_and_formula_text_is_kept_as_text(world, client_for):
    rows = [row(how="'=1+1", outcomes="'@SUM(A1)", leads="Jo Moses", reference="'-1")]

    _import(client_for("admin"), xlsx_bytes(rows))

    action = Action.objects.get(objective__priority__plan__slug="2016-2018")
    assert (action.how, action.outcomes, action.reference) == ("=1+1", "@SUM(A1)", "-1")


def test_only_the_all_actions_sheet_is_read_when_there_is_one(world, client_for):
    content = xlsx_bytes([], sheets={"All actions": [row(how="Once")], "Neglect": [row(how="Once")]})

    _import(client_for("admin"), content)

    assert Action.objects.filter(objective__priority__plan__slug="2016-2018").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.csv", b"Priority,Strategic Approach\n", "The selected file must be an Excel spreadsheet (.xlsx)"),
        ("plan.xlsx", b"Priority,Strategic Approach\n", "The selected file must be an Excel spreadsheet (.xlsx)"),
        ("plan.xlsx", b"PK\x03\x04 not really a zip", "The selected file must be an Excel spreadsheet (.xlsx)"),
    ],
)
def test_files_that_are_not_xlsx_are_refused(world, client_for, name, content, message):
    response = _post(client_for("admin"), content, name=name)

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert not BusinessPlan.objects.filter(slug="2016-2018").exists()


def test_a_zip_that_is_not_a_workbook_is_refused(world, client_for):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")

    response = _post(client_for("admin"), buffer.getvalue())

    assert response.context["form"].errors["file"] == ["The selected file must be an Excel spreadsheet (.xlsx)"]


def test_a_file_over_10_mb_is_refused(world, client_for):
    response = _post(client_for("admin"), b"PK\x03\x04" + b"0" * transfer.MAX_UPLOAD_BYTES)

    assert response.context["form"].errors["file"] == ["The selected file must be smaller than 10 MB"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world, client_for):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(transfer.MAX_UNCOMPRESSED_BYTES // len(chunk) + 1):
                member.write(chunk)
    assert len(buffer.getvalue()) < transfer.MAX_UPLOAD_BYTES

    response = _post(client_for("admin"), buffer.getvalue())

    assert response.context["form"].errors["file"] == [
        "The selected file is too large when unpacked: an action plan is at most 25,000 rows"
    ]


def test_too_many_actions_are_refused(world, client_for, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ACTIONS", 3)  # where the rows are counted

    job = _import(client_for("admin"), xlsx_bytes([row(how=f"Action {i}") for i in range(4)]))

    assert (job.status, job.failure) == (
        PlanImportJob.Status.FAILED,
        "The spreadsheet has more than 3 actions: split it into smaller plans",
    )
    assert not BusinessPlan.objects.filter(slug="2016-2018").exists()


def test_an_empty_spreadsheet_has_no_actions(world, client_for):
    job = _import(client_for("admin"), xlsx_bytes([]))

    assert _row_errors(job) == [("All actions", 1, "How we will do it", "The spreadsheet has no actions")]


def test_the_plan_details_are_checked(world, client_for):
    response = _post(client_for("admin"), xlsx_bytes([row()]), slug="2014-2016", start_year="2016", end_year="2016")

    assert response.context["form"].errors == {
        "slug": ["Your board already has a plan with this short name: choose another"],
        "end_year": ["End year must be after the start year"],
    }
    assert BusinessPlan.objects.filter(board=world.board).count() == 1


def test_another_boards_slug_does_not_block_the_import(world, client_for):
    job = _import(client_for("other_board_admin"), xlsx_bytes([row(leads="Jo Moses")]), slug="2016-2018")

    assert job.status == PlanImportJob.Status.SUCCEEDED
    plan = BusinessPlan.objects.get(board=world.other_board, slug="2016-2018")
    lead = Action.objects.get(objective__priority__plan=plan).leads.get()
    # Leads are matched within the importing board only: the home board's Jo Moses is not reused.
    assert lead.board == world.other_board and lead.pk != world.lead_person.pk


def test_the_result_page_shows_only_the_boards_own_imports(world, client_for):
    url = _job_url(_import(client_for("other_board_admin"), xlsx_bytes([row()])))

    assert client_for("admin").get(url).status_code == 404
    page = client_for("other_board_admin").get(url).content.decode()
    assert "Neglect" in page and "Child Sexual Exploitation" not in page


def test_the_import_runs_no_query_per_row(world, client_for):
    client = client_for("admin")
    counts = []
    for n in (100, 200):
        rows = [
            row(priority=f"Priority {i % 4}", what=f"Objective {i // 3}", how=f"Action {i}", leads=f"Lead {i % 7}")
            for i in range(n)
        ]
        response = _post(client, xlsx_bytes(rows), slug=f"plan-{n}")
        assert response.status_code == 302
        with CaptureQueriesContext(connection) as queries:
            run_import_tasks()
        assert Action.objects.filter(objective__priority__plan__slug=f"plan-{n}").count() == n
        counts.append(len(queries))
    # Both passes: the check (which reads the board's leads once) and the import. Bulk inserts: SQLite splits them
    # into batches of its parameter limit (a few more statements per 100 rows), PostgreSQL not at all. A query per
    # row would add 100.
    assert counts[0] < 75
    assert counts[1] - counts[0] <= 12

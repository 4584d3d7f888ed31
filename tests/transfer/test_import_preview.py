"""The check before an import (issue 15, item 6): the worker reads and checks every row and records what the import
would create; nothing is written until the administrator has reviewed it, decided what each new name in Responsible
Leads is, and confirmed. Cancelling writes nothing."""

import pytest
from django.urls import reverse

from onboarding.models import PlanImportJob
from plans.models import BusinessPlan, Lead
from priorities.models import Action
from priorities.transfer import HEADERS
from tests.tasks import run_queued_tasks
from tests.transfer.helpers import import_data, row, xlsx_bytes
from tests.transfer.import_jobs import previewed_job

pytestmark = pytest.mark.django_db

ROWS = [
    row(leads="Jo Moses & DI J Cannon", reference="NEG-01"),
    row(how="Audit files", leads="MASE, Harrow Team", reference="NEG-02", timescale="By March 2015"),
    row(how="Train staff", leads="Priya Shah and Jo Moses", reference="NEG-03"),
]


def _upload(world, client, content):
    response = client.post(reverse("onboarding:plan_import"), import_data(content, slug="2016-2018"))
    assert response.status_code == 302
    run_queued_tasks()
    return PlanImportJob.objects.get(board=world.board, slug="2016-2018")


def _plan_rows():
    return BusinessPlan.objects.count(), Lead.objects.count(), Action.objects.count()


def test_the_check_shows_what_would_be_created_and_writes_nothing(world, client_for):
    world.get("cannon", lambda w: Lead.objects.create(board=w.board, name="DI John Cannon", kind="person"))
    before = _plan_rows()
    content = xlsx_bytes(
        None,
        sheets={
            "All actions": ROWS,
            "Neglect": [row(how="Edited here, not on All actions")],
        },
        header=[*HEADERS, "Notes"],
    )
    job = _upload(world, client_for("admin"), content)
    assert job.status == PlanImportJob.Status.PREVIEW and bytes(job.file_bytes)
    assert _plan_rows() == before  # nothing written

    preview = job.preview
    assert preview["priorities"] == [{"title": "Neglect", "objectives": 1, "actions": 3}]
    assert [lead["name"] for lead in preview["new_leads"]] == ["DI J Cannon", "Harrow Team", "Priya Shah"]
    cannon, team, priya = preview["new_leads"]
    assert cannon["suggested_name"] == "DI John Cannon" and cannon["actions"] == 1
    assert (team["kind"], priya["kind"]) == ("group", "person")
    assert {lead["name"] for lead in preview["matched_leads"]} == {"Jo Moses", "MASE"}
    assert preview["actions"][1]["due_date"] == "31 Mar 2015"
    assert len(preview["quarters"]) == 16 and preview["quarters"][0]["label"] == "2014/15 Q1"
    assert any("'Neglect'" in warning and "not" in warning for warning in preview["warnings"])
    assert any("'Notes'" in warning for warning in preview["warnings"])

    page = client_for("admin").get(reverse("onboarding:plan_import_job", kwargs={"pk": job.pk}))
    html = page.content.decode()
    assert "Refresh" not in page
    assert "Check what plan.xlsx will import" in html and "Changes made on &#x27;Neglect&#x27;" in html
    assert "DI J Cannon (1 action)" in html and "Import the plan" in html and "2014/15 Q1" in html


def test_the_decisions_shape_the_leads_the_import_creates(world, client_for):
    cannon = Lead.objects.create(board=world.board, name="DI John Cannon", kind="person")
    admin = client_for("admin")
    job = _upload(world, admin, xlsx_bytes(ROWS))
    index = {lead["name"]: i for i, lead in enumerate(job.preview["new_leads"])}
    decisions = {
        f"choice_{index['DI J Cannon']}": "existing",
        f"lead_{index['DI J Cannon']}": cannon.pk,
        f"choice_{index['Harrow Team']}": "group",
        f"name_{index['Harrow Team']}": "Harrow Early Help Team",
        f"choice_{index['Priya Shah']}": "person",
    }
    response = admin.post(reverse("onboarding:plan_import_confirm", kwargs={"pk": job.pk}), decisions)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == PlanImportJob.Status.QUEUED and job.confirmed_at
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == PlanImportJob.Status.SUCCEEDED, job.failure
    plan = job.plan
    assert not Lead.objects.filter(board=world.board, name="DI J Cannon").exists()
    team = Lead.objects.get(board=world.board, name="Harrow Early Help Team")
    assert team.kind == "group"
    assert Lead.objects.get(board=world.board, name="Priya Shah").kind == "person"
    first = Action.objects.get(objective__priority__plan=plan, reference="NEG-01")
    assert set(first.leads.values_list("name", flat=True)) == {"Jo Moses", "DI John Cannon"}
    assert first.responsible_leads == "Jo Moses & DI J Cannon"  # as written
    second = Action.objects.get(objective__priority__plan=plan, reference="NEG-02")
    assert set(second.leads.values_list("name", flat=True)) == {"MASE", "Harrow Early Help Team"}
    assert sorted(job.summary["new_leads"]) == ["Harrow Early Help Team", "Priya Shah"]


def test_a_missing_decision_gets_an_error_and_changes_nothing(world, client_for):
    admin = client_for("admin")
    job = _upload(world, admin, xlsx_bytes(ROWS))
    response = admin.post(reverse("onboarding:plan_import_confirm", kwargs={"pk": job.pk}), {"choice_0": "existing"})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "Select which of your board&#x27;s leads DI J Cannon is" in html
    job.refresh_from_db()
    assert job.status == PlanImportJob.Status.PREVIEW and job.confirmed_at is None


def test_a_name_renamed_to_an_existing_lead_becomes_that_lead(world, client_for):
    admin = client_for("admin")
    job = previewed_job(world.board, world.users["admin"], xlsx_bytes([row(leads="Kaye W")]), slug="renamed")
    admin.post(
        reverse("onboarding:plan_import_confirm", kwargs={"pk": job.pk}),
        {"choice_0": "person", "name_0": "kaye wise"},
    )
    run_queued_tasks()
    job.refresh_from_db()
    action = Action.objects.get(objective__priority__plan=job.plan)
    assert list(action.leads.all()) == [world.other_lead_person]
    assert not Lead.objects.filter(board=world.board, name__in=["Kaye W", "kaye wise"]).exists()


def test_cancelling_writes_nothing_and_drops_the_file(world, client_for):
    admin = client_for("admin")
    before = _plan_rows()
    job = _upload(world, admin, xlsx_bytes(ROWS))
    response = admin.post(reverse("onboarding:plan_import_cancel", kwargs={"pk": job.pk}))
    assert response.status_code == 302 and response["Location"] == reverse("onboarding:plan_import")
    job.refresh_from_db()
    assert job.status == PlanImportJob.Status.CANCELLED and bytes(job.file_bytes) == b""
    assert _plan_rows() == before
    # Confirming afterwards does nothing.
    late = admin.post(reverse("onboarding:plan_import_confirm", kwargs={"pk": job.pk}), {"choice_0": "person"})
    assert late.status_code == 302
    run_queued_tasks()
    assert _plan_rows() == before

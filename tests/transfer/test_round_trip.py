"""Export then import gives identical rows: every cell of every sheet of the new plan's export equals the original's."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse

from accounts.roles import Role
from onboarding.models import PlanImportJob
from plans.models import Board, BusinessPlan, Lead
from priorities.models import Action
from tests import factories as f
from tests.transfer.import_jobs import run_import_tasks

from .helpers import import_data, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def _round_trip(client, *, start_year, end_year):
    """Export the current plan, import it as a new current plan, export that: (before, after, import response)."""
    before = client.get(reverse("priorities:export_xlsx")).content
    response = client.post(
        reverse("onboarding:plan_import"),
        import_data(
            before,
            name="exported.xlsx",
            slug="round-trip",
            start_year=str(start_year),
            end_year=str(end_year),
            make_current="on",
        ),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    run_import_tasks()  # the import runs on the task queue, as the worker runs it
    job = PlanImportJob.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    assert job.status == PlanImportJob.Status.SUCCEEDED, job.failure and job.errors
    after = client.get(reverse("priorities:export_xlsx")).content
    return read_xlsx(before), read_xlsx(after), response


def _leads_by_reference(plan):
    actions = Action.objects.filter(objective__priority__plan=plan).prefetch_related("leads")
    return {action.reference: sorted(lead.name for lead in action.leads.all()) for action in actions}


def test_export_then_import_gives_identical_rows(world, client_for):
    neglect = f.PriorityFactory(plan=world.plan, title="Neglect", slug="neglect", code="NEG", order=2)
    objective = f.ObjectiveFactory(
        priority=neglect, order=1, approach_heading="Enforce: (disrupt and prosecute)", what=" (1) Ensure thresholds "
    )
    f.ActionFactory(
        objective=objective,
        order=1,
        reference="NEG-01",
        how="=SUM(1,2) is not a formula\nand has a second line",
        responsible_leads="Jo Moses & MASE",
        leads=[world.lead_person, world.group],
        outcomes="",
        timescale="Jul 2014 to Jul 2105",
        start_date=None,
        due_date=None,
        timescale_needs_review=True,
    )
    f.ActionFactory(
        objective=objective,
        order=2,
        reference="NEG-02",
        how="@mention and - dash",
        responsible_leads="Police : Kaye Wise",
        leads=[world.other_lead_person],
        timescale="Oct 2014",
        start_date=datetime.date(2014, 9, 15),  # corrected by hand: not what the timescale says
        due_date=datetime.date(2014, 10, 31),
    )
    client = client_for("admin")

    before, after, _ = _round_trip(client, start_year=2014, end_year=2016)

    assert list(before) == ["All actions", "Child Sexual Exploitation", "Neglect"]
    assert after == before
    assert len(before["All actions"]) == 1 + 4
    new_plan = BusinessPlan.objects.get(board=world.board, slug="round-trip")
    new_leads = _leads_by_reference(new_plan)
    assert new_leads["NEG-01"] == ["Jo Moses", "MASE"]
    assert new_leads["CSE-01"] == ["Jo Moses"]
    # "Police" is a name the board did not know: added for the administrator to check, next to the known lead.
    assert new_leads["NEG-02"] == ["Kaye Wise", "Police"]
    assert Lead.objects.get(board=world.board, name="Police").kind == Lead.Kind.PLACEHOLDER
    # CSV of the new plan carries the same rows as the workbook's "All actions" sheet.
    csv_rows = read_csv(client.get(reverse("priorities:export_csv")))
    assert csv_rows == [[str(cell) for cell in r] for r in after["All actions"]]


def test_the_whole_2014_2016_plan_survives_a_round_trip():
    fixtures = sorted(str(p) for p in (Path(settings.BASE_DIR) / "fixtures" / "barnet-2014-2016").glob("*.json"))
    call_command("loaddata", *fixtures, verbosity=0)
    board = Board.objects.get(slug="barnet")
    original = BusinessPlan.objects.get(board=board, is_current=True)
    admin = f.UserFactory(username="barnet-admin", roles=[Role.BOARD_ADMIN])
    f.MembershipFactory(user=admin, board=board)
    client = Client()
    client.force_login(admin)
    original_leads = _leads_by_reference(original)

    before, after, _ = _round_trip(client, start_year=original.start_year, end_year=original.end_year)

    assert after == before
    assert len(before["All actions"]) - 1 == Action.objects.filter(objective__priority__plan=original).count()
    assert len(before) == 1 + original.priorities.count()
    new_plan = BusinessPlan.objects.get(board=board, slug="round-trip")
    # Every lead the fixtures link is found again by name (the import may also add placeholders for the rest).
    new_leads = _leads_by_reference(new_plan)
    missing = [ref for ref, names in original_leads.items() if not set(names) <= set(new_leads[ref])]
    # The fixtures resolve a few abbreviations by judgement ("HP" is Hema Parmar, "HT representative" is HT Reps);
    # the import matches names only, so those few actions get placeholders instead (5 of 55 today).
    assert len(missing) <= len(original_leads) // 10

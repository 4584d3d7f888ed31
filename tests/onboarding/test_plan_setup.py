"""The set-up path of a new partnership (issue 15): an empty board's pages say the plan is not set up (never a 404),
the administrator's checklist, the blank template, the first import making the plan current with its quarters, and
the quarters' update deadlines."""

import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEvent
from accounts.roles import Role
from onboarding.plan_import import read_action_plan
from onboarding.plan_import.template import EXAMPLE, GUIDANCE, INSTRUCTIONS_SHEET
from plans.models import BusinessPlan, Quarter, QuarterEvent
from priorities.transfer.layout import ALL_ACTIONS_SHEET, COLUMNS, HEADERS
from tests import factories as f
from tests.transfer.helpers import import_data, row, xlsx_bytes
from tests.transfer.import_jobs import run_import_tasks

pytestmark = pytest.mark.django_db

NOT_SET_UP = "Your board's plan is not set up yet"
EMPTY_BOARD_PAGES = [
    "plans:overview",
    "priorities:action_list",
    "plans:lead_list",
    "reporting:dashboard",
]


@pytest.fixture
def harrow(world):
    """A second partnership with people and no plan, beside the two boards of the world."""
    board = f.BoardFactory(name="Harrow Safeguarding Children Partnership", short_name="HSCP", slug="harrow")
    people = {}
    for name, role in [("admin", Role.BOARD_ADMIN), ("lead", Role.LEAD), ("board_member", Role.BOARD_MEMBER)]:
        user = f.UserFactory(username=f"harrow-{name}", roles=[role])
        f.MembershipFactory(user=user, board=board)
        client = Client()
        client.force_login(user)
        people[name] = client
    return board, people


@pytest.mark.parametrize("url_name", EMPTY_BOARD_PAGES)
def test_a_board_with_no_plan_says_so_on_every_plan_page_and_leads_its_administrator_to_set_up(harrow, url_name):
    _board, people = harrow
    page = people["admin"].get(reverse(url_name))
    assert page.status_code == 200
    html = page.content.decode()
    assert NOT_SET_UP in html
    assert f'href="{reverse("onboarding:plan_setup")}"' in html


def test_a_member_who_is_not_an_administrator_is_told_the_plan_is_on_its_way_without_a_set_up_link(harrow):
    _board, people = harrow
    html = people["board_member"].get(reverse("plans:overview")).content.decode()
    assert NOT_SET_UP in html
    assert "once your board administrator has loaded it" in html
    assert reverse("onboarding:plan_setup") not in html


def test_roles_are_still_checked_before_the_no_plan_page(harrow):
    _board, people = harrow
    assert people["lead"].get(reverse("reporting:quarter_list")).status_code == 403


def test_the_administrators_home_page_points_to_set_up_until_there_is_a_plan(harrow, client_for):
    _board, people = harrow
    assert "Set up your plan" in people["admin"].get(reverse("home")).content.decode()
    assert "Set up your plan" not in client_for("admin").get(reverse("home")).content.decode()


def _statuses(html):
    """Each task's name -> its status text, read from the task list's ids."""
    return {
        key: re.sub(r"<[^>]+>", "", value).strip()
        for key, value in re.findall(r'id="(\w+)-status">(.*?)</div>', html, flags=re.S)
    }


def test_the_checklist_of_an_empty_board_starts_with_the_import_and_nothing_else_can_start(harrow):
    _board, people = harrow
    html = people["admin"].get(reverse("onboarding:plan_setup")).content.decode()
    assert _statuses(html) == {
        "template": "Optional",
        "import": "Incomplete",
        "quarters": "Cannot start yet",
        "leads": "Cannot start yet",
        "people": "Completed",  # three accounts: the administrator and two others
        "budget": "Cannot start yet",
    }
    assert reverse("onboarding:plan_template") in html


def test_the_first_import_becomes_the_plan_with_its_quarters_and_an_open_quarter_for_updates(harrow):
    board, people = harrow
    content = xlsx_bytes([row(leads="Jo Moses & Bilal Khan"), row(how="Audit files", reference="NEG-02")])
    form = people["admin"].get(reverse("onboarding:plan_import")).content.decode()
    assert "Make this the plan everyone sees first" not in form  # the first plan is, without asking
    response = people["admin"].post(reverse("onboarding:plan_import"), import_data(content))
    assert response.status_code == 302
    run_import_tasks()

    plan = BusinessPlan.objects.get(board=board)
    assert plan.is_current
    quarters = list(Quarter.objects.filter(plan=plan))
    assert len(quarters) == 16  # 2014 to 2018: four financial years
    assert [q.label for q in quarters if q.is_open] == ["2014/15 Q1"]  # today is after the plan: its first quarter
    assert quarters[0].update_deadline == datetime.date(2014, 6, 20)

    job_page = people["admin"].get(response["Location"]).content.decode()
    assert "16 quarters created, each with an update deadline; 2014/15 Q1 is open for leads' updates" in job_page
    assert reverse("reporting:quarter_list") in job_page

    html = people["admin"].get(reverse("onboarding:plan_setup")).content.decode()
    statuses = _statuses(html)
    assert statuses["import"] == "Completed"
    assert statuses["quarters"] == "Completed"
    assert statuses["leads"] == "2 to check"  # Jo Moses and Bilal Khan are new to Harrow
    assert statuses["budget"] == "Optional"
    assert NOT_SET_UP not in people["board_member"].get(reverse("plans:overview")).content.decode()


def test_a_later_import_not_made_current_gets_its_quarters_but_opens_none(world):
    content = xlsx_bytes([row()])
    client = Client()
    client.force_login(world.users["admin"])
    form = client.get(reverse("onboarding:plan_import")).content.decode()
    assert "Make this the plan everyone sees first" in form
    client.post(reverse("onboarding:plan_import"), import_data(content))
    run_import_tasks()
    plan = BusinessPlan.objects.get(board=world.board, slug="2016-2018")
    assert not plan.is_current
    assert Quarter.objects.filter(plan=plan).count() == 16
    assert not Quarter.objects.filter(plan=plan, state=Quarter.State.OPEN).exists()


# --- the blank template ---------------------------------------------------------------------------------------


def _template(client):
    response = client.get(reverse("onboarding:plan_template"))
    assert response["Content-Disposition"] == 'attachment; filename="action-plan-template.xlsx"'
    return response.content


def test_the_blank_template_has_instructions_for_every_column_and_an_empty_sheet_to_fill(harrow):
    _board, people = harrow
    workbook = load_workbook(io.BytesIO(_template(people["admin"])))
    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, ALL_ACTIONS_SHEET]
    actions = list(workbook[ALL_ACTIONS_SHEET].iter_rows(values_only=True))
    assert actions == [tuple(HEADERS)]
    instructions = [
        [cell for cell in r if cell is not None] for r in workbook[INSTRUCTIONS_SHEET].iter_rows(values_only=True)
    ]
    for column in COLUMNS:
        assert [column.header, "Yes" if column.required else "No", GUIDANCE[column.key]] in instructions
    assert instructions[-2] == HEADERS
    assert instructions[-1] == [EXAMPLE[c.key] for c in COLUMNS if EXAMPLE[c.key]]


def test_the_template_as_downloaded_imports_nothing_and_says_why(harrow):
    _board, people = harrow
    result = read_action_plan(io.BytesIO(_template(people["admin"])), period=(2016, 2018))
    assert not result.rows
    assert [str(e) for e in result.errors] == ["All actions, row 1, How we will do it: The spreadsheet has no actions"]


def test_the_example_row_copied_into_the_sheet_is_a_valid_action(harrow):
    _board, people = harrow
    workbook = load_workbook(io.BytesIO(_template(people["admin"])))
    workbook[ALL_ACTIONS_SHEET].append([EXAMPLE[c.key] or None for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = read_action_plan(buffer, period=(2016, 2018))
    assert not result.errors
    (action,) = result.rows
    assert (action.priority, action.heading, action.reference) == ("Neglect", "Prevent", "NEG-01")
    assert (action.start_date, action.due_date) == (datetime.date(2016, 9, 1), datetime.date(2017, 3, 31))


# --- update deadlines -----------------------------------------------------------------------------------------


def _deadline(client, quarter, day, month, year):
    url = reverse("reporting:quarter_deadline", kwargs={"pk": quarter.pk})
    return client.post(url, {"deadline_0": day, "deadline_1": month, "deadline_2": year})


def test_an_administrator_moves_a_quarters_update_deadline_and_it_is_recorded(world, client_for):
    quarter = world.open_quarter
    previous = quarter.update_deadline
    admin = client_for("admin")
    new = quarter.end_date + datetime.timedelta(days=14)
    response = _deadline(admin, quarter, new.day, new.month, new.year)
    assert response.status_code == 302
    quarter.refresh_from_db()
    assert quarter.update_deadline == new
    event = QuarterEvent.objects.get(quarter=quarter, kind=QuarterEvent.Kind.DEADLINE_CHANGED)
    assert event.by == world.users["admin"]
    assert event.detail == f"from {previous:%-d %B %Y} to {new:%-d %B %Y}"
    audit = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE, board=world.board).first()
    assert f"{quarter.label} update deadline changed from" in audit.detail
    listing = admin.get(reverse("reporting:quarter_list")).content.decode()
    assert f"{new:%-d %b %Y}" in listing and "update deadline changed" in listing


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2015", "Update deadline must be a real date"),
        ("", "", "", "Enter the day, month and year of the update deadline"),
        ("12", "", "2015", "Update deadline must include a month"),
        ("1", "1", "15", "Year of the update deadline must include 4 numbers"),
        ("1", "1", "2030", "Update deadline must be between"),
    ],
)
def test_a_deadline_that_is_not_a_real_date_in_range_is_refused_and_nothing_changes(
    world, client_for, day, month, year, message
):
    quarter = world.open_quarter
    before = quarter.update_deadline
    response = _deadline(client_for("admin"), quarter, day, month, year)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert html.count("govuk-error-summary") >= 1 and "<title>Error:" in html
    quarter.refresh_from_db()
    assert quarter.update_deadline == before
    assert not QuarterEvent.objects.filter(kind=QuarterEvent.Kind.DEADLINE_CHANGED).exists()


def test_a_closed_quarters_deadline_cannot_change(world, client_for):
    quarter = world.closed_quarter
    before = quarter.update_deadline
    response = _deadline(client_for("admin"), quarter, "1", str(quarter.end_date.month), str(quarter.end_date.year))
    assert response.status_code == 302
    quarter.refresh_from_db()
    assert quarter.update_deadline == before


def test_another_boards_quarter_deadline_is_a_404(world, client_for):
    other_quarter = Quarter.objects.filter(plan__board=world.other_board).first()
    assert other_quarter is not None
    before = other_quarter.update_deadline
    assert _deadline(client_for("admin"), other_quarter, "1", "1", "2015").status_code == 404
    other_quarter.refresh_from_db()
    assert other_quarter.update_deadline == before

"""A new partnership's set-up in a real browser (issue 15): from an empty board and its first administrator, made as
docs/deploy.md says (`create_board`), to a lead recording the first RAG update. Every page on the way is checked with
axe, at 1280px and 320px. The time it takes is printed (the closing note quotes it); the test asserts behaviour only.

Not yet through the browser: the lead's account and its link to the imported lead (the people pages come with the
rest of issue 15); this test makes them with the factories, as an administrator will then do on a page.
"""

import io
import os
import time

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.roles import Role
from onboarding.plan_import.template import EXAMPLE
from plans.models import Board, Lead, Quarter
from priorities.models import StatusUpdate
from priorities.transfer.layout import ALL_ACTIONS_SHEET, COLUMNS
from tests import factories as f
from tests.browser.conftest import assert_fits_320
from tests.factories import PASSWORD
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "harrow-first-admin-password-1"  # noqa: S105 (a test value)


def _check(page, assert_accessible, label):
    """axe at 1280px and 320px; with SCREENSHOT_DIR set, a full-page screenshot at each width to look at."""
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page, label=label)
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=f"{shots}/{label.replace(' ', '-').replace(',', '')}-1280.png", full_page=True)
    assert_fits_320(page, label=label)
    assert_accessible(page, label=f"{label} at 320px")
    if shots:
        page.screenshot(path=f"{shots}/{label.replace(' ', '-').replace(',', '')}-320.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _sign_in(page, live_server, username, password):
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _filled_template(path, rows):
    workbook = load_workbook(path)
    for values in rows:
        workbook[ALL_ACTIONS_SHEET].append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_new_partnership_goes_from_an_empty_board_to_a_leads_first_update(
    page, browser, live_server, browser_world, assert_accessible, tmp_path, monkeypatch
):
    started = time.monotonic()
    monkeypatch.setenv("HARROW_ADMIN_PASSWORD", ADMIN_PASSWORD)
    call_command(
        "create_board",
        name="Harrow Safeguarding Children Partnership",
        short_name="HSCP",
        slug="harrow",
        admin_username="amara.okafor",
        admin_email="amara.okafor@harrow.example",
        admin_first_name="Amara",
        admin_last_name="Okafor",
        password_env="HARROW_ADMIN_PASSWORD",
        stdout=io.StringIO(),
    )
    board = Board.objects.get(slug="harrow")

    # The administrator signs in: the home page says the plan is not set up and leads to Set-up.
    _sign_in(page, live_server, "amara.okafor", ADMIN_PASSWORD)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your board's plan is not set up yet")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your board's plan is not set up yet")
    _check(page, assert_accessible, "no plan yet")
    page.get_by_role("button", name="Set up your plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your plan")
    expect(page.locator("#import-status")).to_have_text("Incomplete")
    expect(page.locator("#quarters-status")).to_have_text("Cannot start yet")
    _check(page, assert_accessible, "set-up, empty board")

    # The blank template, filled in with two actions (as a partnership copies its Word table in).
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the blank template").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.name == "action-plan-template.xlsx"
    second = {**EXAMPLE, "how": "Audit 20 neglect cases a quarter", "leads": "Amara Okafor", "reference": "NEG-02"}
    filled = tmp_path / "harrow-plan.xlsx"
    filled.write_bytes(
        _filled_template(
            template, [[EXAMPLE[c.key] or None for c in COLUMNS], [second[c.key] or None for c in COLUMNS]]
        )
    )

    page.get_by_role("link", name="Import your plan").click()
    _check(page, assert_accessible, "import, first plan")
    page.get_by_label("Action plan spreadsheet").set_input_files(str(filled))
    page.get_by_label("Plan title").fill("Harrow Business Plan 2026-2028")
    page.get_by_label("Short name for web addresses").fill("2026-2028")
    page.get_by_label("Period").fill("2026-2028")
    page.get_by_label("Start year").fill("2026")
    page.get_by_label("End year").fill("2028")
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your spreadsheet is")
    run_queued_tasks()  # the worker (`manage.py db_worker` in production)
    page.get_by_role("link", name="Check again now").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Harrow Business Plan 2026-2028 imported")
    open_quarter = Quarter.objects.get(plan__board=board, state=Quarter.State.OPEN)
    expect(page.locator("#import-details")).to_contain_text(f"{open_quarter.label} is open for leads' updates")
    _check(page, assert_accessible, "import result")

    # The quarters: the administrator gives leads a week more than the default.
    page.get_by_role("link", name="Check the quarters and their update deadlines").click()
    page.get_by_role("link", name=f"Change deadline for {open_quarter.label}").click()
    _check(page, assert_accessible, "deadline form")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill(str(open_quarter.end_date.year))
    page.get_by_role("button", name="Save deadline").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Update deadline must be a real date")
    _check(page, assert_accessible, "deadline form with an error")
    new_deadline = open_quarter.end_date
    page.get_by_label("Day").fill(str(new_deadline.day))
    page.get_by_label("Month").fill(str(new_deadline.month))
    page.get_by_label("Year").fill(str(new_deadline.year))
    page.get_by_role("button", name="Save deadline").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Updates for {open_quarter.label} are now due on {new_deadline:%-d %B %Y}"
    )
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Set-up").click()
    expect(page.locator("#import-status")).to_have_text("Completed")
    expect(page.locator("#quarters-status")).to_have_text("Completed")
    expect(page.locator("#leads-status")).to_contain_text("to check")
    _check(page, assert_accessible, "set-up, plan loaded")
    admin_minutes = (time.monotonic() - started) / 60

    # A lead of the new plan records the first update (account and link made here: see the module docstring).
    lead = Lead.objects.get(board=board, name="Amara Okafor")
    lead_user = f.UserFactory(username="harrow.lead", roles=[Role.LEAD])
    f.MembershipFactory(user=lead_user, board=board)
    lead.user = lead_user
    lead.save()
    lead_page = browser.new_context().new_page()
    _sign_in(lead_page, live_server, "harrow.lead", PASSWORD)
    expect(lead_page.get_by_role("heading", level=1)).to_have_text("My actions")
    lead_page.get_by_role("link", name="Update status of NEG-02").click()
    lead_page.get_by_label("Green").check()
    lead_page.get_by_label("Progress commentary").fill("First audit done: 20 cases, findings to the BMG")
    lead_page.get_by_role("button", name="Save update").click()
    expect(lead_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "NEG-02 updated: status is now Green"
    )
    update = StatusUpdate.objects.get(action__reference="NEG-02", action__objective__priority__plan__board=board)
    assert (update.quarter, update.author) == (open_quarter, lead_user)
    # The other boards saw nothing of it.
    assert (
        not StatusUpdate.objects.filter(action__objective__priority__plan__board=browser_world.board)
        .filter(commentary__startswith="First audit done")
        .exists()
    )
    total_minutes = (time.monotonic() - started) / 60
    print(f"\nSet-up journey: administrator {admin_minutes:.1f} min, to the first update {total_minutes:.1f} min")

"""A new partnership's set-up in a real browser (issue 15), with no Django admin, shell or developer: the platform
operator (made by `create_operator`, as docs/deploy.md says) creates the board and invites its first administrator;
the administrator accepts the emailed invitation, imports the plan, checks its quarters and leads, and invites a lead;
the lead accepts and records the first RAG update. Every email goes through the task queue. Every page on the way is
checked with axe, at 1280px and 320px. The time it takes is printed (the closing note quotes it); the test asserts
behaviour only.
"""

import io
import os
import re
import time

import pytest
from django.core import mail
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.roles import Role, roles_of
from onboarding.plan_import.template import EXAMPLE
from plans.models import Board, Lead, Quarter
from priorities.models import StatusUpdate
from priorities.transfer.layout import ALL_ACTIONS_SHEET, COLUMNS
from tests.browser.conftest import assert_fits_320
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "harrow-first-admin-password-1"  # noqa: S105 (test values)
OPERATOR_PASSWORD = "hosting-operator-password-1"  # noqa: S105
LEAD_PASSWORD = "harrow-lead-password-1"  # noqa: S105


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
    page.get_by_label("Email address").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def _filled_template(path, rows):
    workbook = load_workbook(path)
    for values in rows:
        workbook[ALL_ACTIONS_SHEET].append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _invitation_path(live_server, to):
    """The link of the latest invitation emailed to `to` (sent by the worker), on the live server."""
    run_queued_tasks()  # the worker (`manage.py db_worker` in production)
    message = [m for m in mail.outbox if m.to == [to]][-1]
    return re.search(r"(/accounts/invitation/\S+/)", message.body).group(1)


def _accept(page, live_server, path, password):
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password").fill(password)
    page.get_by_role("button", name="Create account").click()


def test_a_new_partnership_goes_from_an_empty_board_to_a_leads_first_update(
    page, browser, live_server, browser_world, assert_accessible, tmp_path, monkeypatch, settings
):
    settings.SITE_URL = live_server.url
    started = time.monotonic()

    # The platform operator of a new installation: one command.
    monkeypatch.setenv("OPERATOR_PASSWORD", OPERATOR_PASSWORD)
    call_command(
        "create_operator",
        email="ops@hosting.example",
        first_name="Sam",
        last_name="Okoro",
        password_env="OPERATOR_PASSWORD",
        stdout=io.StringIO(),
    )
    operator_page = browser.new_context().new_page()
    _sign_in(operator_page, live_server, "ops@hosting.example", OPERATOR_PASSWORD)
    expect(operator_page.get_by_role("heading", level=1)).to_have_text("All boards")
    operator_page.get_by_role("button", name="Create a board").click()
    _check(operator_page, assert_accessible, "create a board")
    operator_page.get_by_role("button", name="Create board and send invitation").click()
    expect(operator_page.locator(".govuk-error-summary")).to_contain_text("Enter the partnership's name")
    _check(operator_page, assert_accessible, "create a board with errors")
    operator_page.get_by_label("The partnership's full name").fill("Harrow Safeguarding Children Partnership")
    operator_page.get_by_label("Short name").fill("HSCP")
    operator_page.get_by_label("Safeguarding children partnership").check()
    operator_page.get_by_label("First name").fill("Amara")
    operator_page.get_by_label("Last name").fill("Okafor")
    operator_page.get_by_label("Email address").fill("amara.okafor@harrow.example")
    operator_page.get_by_role("button", name="Create board and send invitation").click()
    expect(operator_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Harrow Safeguarding Children Partnership created. An invitation to set it up was sent to amara.okafor"
    )
    expect(operator_page.locator("#boards-table")).to_contain_text("Not loaded")
    _check(operator_page, assert_accessible, "all boards")
    board = Board.objects.get(name="Harrow Safeguarding Children Partnership")

    # The administrator follows the emailed link, chooses a password and is signed in.
    _accept(page, live_server, _invitation_path(live_server, "amara.okafor@harrow.example"), ADMIN_PASSWORD)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your account is ready. You are signed in to Harrow Safeguarding Children Partnership"
    )
    expect(page.locator(".govuk-notification-banner").last).to_contain_text("Your board's plan is not set up yet")
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
    second = {**EXAMPLE, "how": "Audit 20 neglect cases a quarter", "leads": "Priya Shah", "reference": "NEG-02"}
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
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your spreadsheet is waiting to be checked")
    run_queued_tasks()  # the check: nothing is written yet
    page.get_by_role("link", name="Check again now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what harrow-plan.xlsx will import")
    expect(page.locator("#preview-priorities")).to_contain_text("2 actions in 1 priority")
    _check(page, assert_accessible, "import preview")
    # The new names: Priya Shah is guessed a person; the role "Board Training Officer" stays a placeholder.
    expect(page.get_by_role("group", name="Priya Shah (1 action)").get_by_label("What is it?")).to_have_value("person")
    page.get_by_role("group", name="Head of Early Help (1 action)").get_by_label("What is it?").select_option(
        "placeholder"
    )
    page.get_by_role("button", name="Import the plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your plan is waiting to be imported")
    run_queued_tasks()  # the import
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

    # The leads the import added: one is a placeholder nobody needs ("Board Training Officer" stays a person).
    page.get_by_role("link", name="Check the leads").click()
    page.get_by_role("link", name="Priya Shah").first.click()
    page.get_by_role("link", name="Change, merge or remove Priya Shah").click()
    _check(page, assert_accessible, "change a lead")
    page.get_by_label("Person", exact=True).check()
    page.get_by_label("Email address (optional)").fill("priya.shah@harrow.example")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Changes to Priya Shah saved")

    # The administrator invites the lead, linked to the lead the import made.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    page.get_by_role("button", name="Invite a person").click()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address")
    _check(page, assert_accessible, "invite a person with errors")
    page.get_by_label("Email address").fill("priya.shah@harrow.example")
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Job title (optional)").fill("Head of Early Help")
    page.get_by_label("Lead", exact=True).check()
    page.get_by_label("Which of the plan's leads is this person?").select_option(label="Priya Shah")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Invitation sent to priya.shah@harrow.example"
    )
    expect(page.locator("#invitations-table")).to_contain_text("Waiting")
    _check(page, assert_accessible, "people with an invitation")
    admin_minutes = (time.monotonic() - started) / 60

    # The lead accepts and records the first update.
    lead_page = browser.new_context().new_page()
    _accept(lead_page, live_server, _invitation_path(live_server, "priya.shah@harrow.example"), LEAD_PASSWORD)
    expect(lead_page.get_by_role("heading", level=1)).to_have_text("My actions")
    _check(lead_page, assert_accessible, "a new lead's My actions")
    lead_page.get_by_role("link", name="Update status of NEG-02").click()
    lead_page.get_by_label("Green").check()
    lead_page.get_by_label("Progress commentary").fill("First audit done: 20 cases, findings to the BMG")
    lead_page.get_by_role("button", name="Save update").click()
    expect(lead_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "NEG-02 updated: status is now Green"
    )
    lead_user = Lead.objects.get(board=board, name="Priya Shah").user
    assert lead_user.email == "priya.shah@harrow.example"
    assert roles_of(lead_user) == {Role.LEAD} and lead_user.membership.board == board
    update = StatusUpdate.objects.get(action__reference="NEG-02", action__objective__priority__plan__board=board)
    assert (update.quarter, update.author) == (open_quarter, lead_user)
    # The other boards saw nothing of it.
    assert (
        not StatusUpdate.objects.filter(action__objective__priority__plan__board=browser_world.board)
        .filter(commentary__startswith="First audit done")
        .exists()
    )
    total_minutes = (time.monotonic() - started) / 60
    print(
        f"\nSet-up journey: to the lead's invitation {admin_minutes:.1f} min, "
        f"to the first update {total_minutes:.1f} min"
    )

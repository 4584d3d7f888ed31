"""The challenge loop in Chromium (issue 16, item 5): the BMG challenges an action on the dashboard, the lead sees
"Challenged by the BMG" on My actions (phone width) and the challenge on the update form, answers it with their update,
and the BMG sees it answered; then the BMG signs off the closed quarter's review with a note after confirming."""

import os

import pytest
from playwright.sync_api import expect

from priorities.models import Rag
from tests.browser.conftest import assert_fits_320
from tests.reporting.helpers import update

pytestmark = pytest.mark.browser


def _shot(page, name):
    if shots := os.environ.get("SCREENSHOT_DIR"):  # to look at
        page.screenshot(path=f"{shots}/challenge-{name}.png", full_page=True)


def test_a_challenge_reaches_the_lead_and_is_answered(page, live_server, browser_world, sign_in_as, assert_accessible):
    world = browser_world
    update(world.action, world.users["lead"], Rag.RED, world.open_quarter, commentary="Delayed by the restructure")
    sign_in_as("bmg")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/reporting/")
    page.locator("#red-amber-list").get_by_role("link", name="Challenge").first.click()
    page.get_by_label("Your challenge or comment").fill("What is the revised date for the training?")
    page.get_by_role("button", name="Record challenge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("its leads are emailed (1 person)")
    expect(page.locator("#challenge-list")).to_contain_text("Not answered yet")

    sign_in_as("lead")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/priorities/my-actions/")
    row = page.locator(f"#action-{world.action.pk}")
    expect(row).to_contain_text("Challenged by the BMG")
    _shot(page, "my-actions-375")
    assert_fits_320(page, "My actions with a challenge")
    assert_accessible(page, label="my actions with a challenge")
    row.get_by_role("link", name="Update").click()
    expect(page.locator("#notice-1")).to_contain_text("What is the revised date for the training?")
    _shot(page, "update-form-375")
    assert_accessible(page, label="update form with a challenge")
    page.get_by_label("Amber").check()
    page.get_by_label("Progress commentary").fill("Training is now booked for 14 May.")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your update answers the challenge")
    expect(page.locator(f"#action-{world.action.pk}")).not_to_contain_text("Challenged by the BMG")

    sign_in_as("bmg")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/reporting/#challenges")
    expect(page.locator("#challenge-answers")).to_have_text("1 of 1 answered by the lead's next update.")
    expect(page.locator("#challenge-list")).to_contain_text("Training is now booked for 14 May.")
    _shot(page, "dashboard-1280")


def test_sign_off_is_confirmed_with_a_note(page, live_server, browser_world, sign_in_as, assert_accessible):
    world = browser_world
    closed = world.closed_quarter
    sign_in_as("bmg")
    page.goto(f"{live_server.url}/reporting/?quarter={closed.pk}")
    page.get_by_role("link", name=f"Sign off the review of {closed.label}").click()
    assert_accessible(page, label="sign-off confirmation")
    page.get_by_label("Note for the board (optional)").fill("Escalate CSE-01 to the board in June.")
    page.get_by_role("button", name=f"Sign off the review of {closed.label}").click()
    expect(page.locator("#review-state")).to_contain_text("Signed off")
    expect(page.locator("#sign-off-note")).to_contain_text("Escalate CSE-01 to the board in June.")

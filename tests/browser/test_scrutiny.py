"""The scrutiny log in a real browser: the scrutineer raises a challenge to the board, the administrator responds,
the scrutineer records the outcome; each page passes axe and fits a 320px screen, and status is a word."""

import pytest
from playwright.sync_api import expect

from scrutiny.models import ScrutinyEntry
from tests.browser.conftest import assert_fits_320

pytestmark = pytest.mark.browser


def test_a_challenge_raised_answered_and_closed(page, live_server, browser_world, sign_in_as, assert_accessible):
    sign_in_as("scrutineer")
    page.goto(f"{live_server.url}/scrutiny/")
    page.get_by_role("button", name="Raise an observation or challenge").click()
    page.get_by_role("button", name="Raise it").click()  # nothing filled in: the errors, nothing saved
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select observation or challenge")
    assert_accessible(page, label="raise form with errors")
    page.get_by_label("Challenge", exact=True).check()
    page.get_by_label("A partner agency").check()
    page.get_by_label("Partner agency", exact=True).select_option(label=browser_world.agency.name)
    page.get_by_label("Subject").fill("Attendance at the BMG")
    page.get_by_label("What you observed or are challenging").fill("Not represented at three of four meetings.")
    page.get_by_role("button", name="Raise it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance at the BMG")
    expect(page.locator("main .govuk-tag")).to_have_text("Awaiting a response")
    expect(page.get_by_role("link", name="Respond")).to_have_count(0)  # the scrutineer does not answer itself
    entry = ScrutinyEntry.objects.get()

    sign_in_as("admin")
    page.goto(f"{live_server.url}/scrutiny/{entry.pk}/")
    page.get_by_role("button", name="Respond").click()
    assert_accessible(page, label="respond form")
    page.get_by_label("Your response").fill("A named deputy now attends.")
    page.get_by_role("button", name="Send the response").click()
    expect(page.locator("main .govuk-tag")).to_have_text("Responded")
    expect(page.get_by_text("A named deputy now attends.")).to_be_visible()

    sign_in_as("scrutineer")
    page.goto(f"{live_server.url}/scrutiny/{entry.pk}/")
    page.get_by_role("button", name="Record the outcome and close").click()
    page.get_by_label("Outcome", exact=True).fill("Attendance has been full since January.")
    page.get_by_role("button", name="Close the entry").click()
    expect(page.locator("main .govuk-tag")).to_have_text("Closed")
    expect(page.get_by_text("Attendance has been full since January.")).to_be_visible()
    assert_accessible(page, label="closed entry")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_fits_320(page, label="closed entry")
    page.goto(f"{live_server.url}/scrutiny/")
    assert_fits_320(page, label="scrutiny log")
    expect(page.get_by_text("Closed", exact=True)).to_be_visible()

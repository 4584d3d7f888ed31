"""The performance dataset in a real browser: the audit coordinator (who chairs the PQA sub-group) adds an indicator
with a target, records a quarter's value, and sees it off target on the list, at desktop width and at 320px."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from reporting.models import Indicator, IndicatorValue
from tests.browser.conftest import assert_fits_320

pytestmark = pytest.mark.browser


def test_coordinator_adds_an_indicator_records_a_value_and_sees_it_off_target(
    page, live_server, browser_world, sign_in_as, assert_accessible
):
    sign_in_as("audit_coordinator")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/reporting/indicators/")
    expect(page.locator("#no-indicators")).to_contain_text("Add the first indicator")
    assert_accessible(page, label="empty dataset")
    page.get_by_role("link", name="Add an indicator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an indicator")

    # A typing slip is caught, linked from the error summary, and nothing is saved.
    page.get_by_label("Indicator", exact=True).fill("Repeat referrals to children's social care")
    page.get_by_label("Unit").fill("referrals")
    page.get_by_label("Target (optional)").fill("twenty")
    page.get_by_role("button", name="Add indicator").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select whether a higher or a lower value is better")
    expect(summary).to_contain_text("Target must be a number, like 12 or 3.5")
    assert_accessible(page, label="indicator form with errors")
    assert not Indicator.objects.exists()

    page.get_by_label("Lower is better").check()
    page.get_by_label("Target (optional)").fill("20")
    page.get_by_label("Tolerance (optional)").fill("2")
    page.get_by_role("button", name="Add indicator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Repeat referrals to children's social care")
    expect(page.locator("#indicator-summary")).to_contain_text("No value entered yet")
    indicator = Indicator.objects.get()
    assert (indicator.target, indicator.tolerance, indicator.good_direction) == (Decimal(20), Decimal(2), "lower")

    page.get_by_role("link", name="Enter the value for 2014/15 Q2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Value for 2014/15 Q2")
    page.get_by_label("Value").fill("25")
    page.get_by_label("Note (optional)").fill("Two families referred three times each")
    page.get_by_role("button", name="Save value").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The value for 2014/15 Q2 is saved: off target")
    expect(page.locator("#values-table")).to_contain_text("Two families referred three times each")
    expect(page.locator("#values-table")).to_contain_text("Off target")
    assert IndicatorValue.objects.get().entered_by == browser_world.users["audit_coordinator"]
    assert_accessible(page, label="indicator page")
    assert_fits_320(page, "indicator page")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Performance dataset").first.click()
    row = page.locator("#indicators-table tbody tr").first
    expect(row).to_contain_text("Repeat referrals to children's social care")
    expect(row).to_contain_text("25 referrals")
    expect(row.locator(".govuk-tag")).to_have_text("Off target")  # the word, with the colour
    expect(row.locator(".govuk-tag--red")).to_have_count(1)
    assert_accessible(page, label="indicator list")
    assert_fits_320(page, "indicator list")

"""The learning reviews ledger in a real browser: the administrator records a rapid review (bad input first), reads
its clocks over Easter, adds a finding and a recommendation for a lead; the lead cannot close it without evidence of
impact, then closes it with evidence. Each page passes axe and fits a 320px screen; status is a word, never a colour
alone."""

import pytest
from playwright.sync_api import expect

from learning.models import LearningReview, Recommendation
from tests.browser.conftest import assert_fits_320

pytestmark = pytest.mark.browser


def test_a_review_recorded_and_a_recommendation_closed_with_evidence(
    page, live_server, browser_world, sign_in_as, assert_accessible
):
    sign_in_as("admin")
    page.goto(f"{live_server.url}/learning/")
    assert_accessible(page, label="learning reviews, empty")
    page.get_by_role("button", name="Record a review").click()
    page.get_by_role("button", name="Save the review").click()  # nothing filled in: the errors, nothing saved
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the kind of review")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the board learnt of the case")
    assert_accessible(page, label="review form with errors")
    page.get_by_label("Rapid review", exact=True).check()
    page.get_by_label("Reference", exact=True).fill("RR-2015-02")
    page.get_by_label("Title", exact=True).fill("Neglect of a baby")
    page.get_by_label("Date the board learnt of the case").fill("01/04/2015")
    page.get_by_label("Date the serious incident was notified").fill("10/04/2015")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neglect of a baby")
    # Five working days from Wednesday 1 April 2015, with Good Friday and Easter Monday left out: Friday 10 April.
    notification = page.locator(".govuk-summary-card").first
    expect(notification).to_contain_text("Friday 10 April 2015")
    expect(notification).to_contain_text("Met")
    expect(notification).to_contain_text("Good Friday")
    expect(notification).to_contain_text("Easter Monday")
    assert_accessible(page, label="review with clocks")

    page.get_by_role("button", name="Add a finding").click()
    page.get_by_label("Finding", exact=True).fill("Health visitors did not know of the previous referrals.")
    page.get_by_role("button", name="Add the finding").click()
    page.get_by_role("button", name="Add a recommendation").click()
    assert_accessible(page, label="recommendation form")
    page.get_by_label("Recommendation", exact=True).fill("Share referrals with the health visiting service.")
    page.get_by_label("Lead", exact=True).select_option(label=browser_world.lead_person.name)
    page.get_by_label("Finding it answers (optional)").select_option(index=1)
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 1")
    expect(page.locator("main .govuk-tag").first).to_have_text("Not started")

    sign_in_as("lead")
    page.goto(f"{live_server.url}/learning/")
    page.get_by_role("link", name="RR-2015-02, recommendation 1").click()
    page.get_by_role("button", name="Record progress or close").click()
    page.get_by_label("Implemented, with evidence of its impact").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the evidence of impact")
    assert_accessible(page, label="progress form with errors")
    assert Recommendation.objects.get().status == "open"
    page.get_by_label("Evidence of impact").fill("All 14 referrals since June were shared within a day.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main .govuk-tag").first).to_have_text("Implemented")
    expect(page.get_by_text("All 14 referrals since June were shared within a day.").first).to_be_visible()
    assert_accessible(page, label="implemented recommendation")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_fits_320(page, label="implemented recommendation")

    sign_in_as("admin")
    review = LearningReview.objects.get()
    page.goto(f"{live_server.url}/learning/{review.pk}/")
    assert_fits_320(page, label="review with clocks")
    expect(page.get_by_text("1 of 1 implemented")).to_be_visible()
    page.goto(f"{live_server.url}/learning/")
    assert_fits_320(page, label="learning reviews")

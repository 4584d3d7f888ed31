"""My actions as a working list (issue 16, item 2) in Chromium: a lead with 26 actions (Jo Moses leads 26 in the
demo) sees them in about two screens at 1280px, readable at 320px, needs-an-update first, and filters by tapping."""

import os

import pytest
from playwright.sync_api import expect

from priorities.models import Action, Rag
from tests import factories as f

pytestmark = pytest.mark.browser

LONG_HOW = (
    "Deliver a programme of awareness raising on child sexual exploitation across schools, taxi drivers, hotels "
    "and the night-time economy, with the community safety partnership"
)


def _shot(page, name):
    if shots := os.environ.get("SCREENSHOT_DIR"):  # to look at
        page.screenshot(path=f"{shots}/my-actions-{name}.png", full_page=True)


def test_twenty_six_actions_fit_in_about_two_screens_and_filter_by_tapping(
    page, live_server, browser_world, sign_in_as, assert_accessible
):
    world = browser_world
    for order in range(10, 35):
        action = f.ActionFactory(objective=world.objective, order=order, how=LONG_HOW, leads=[world.group])
        Action.objects.filter(pk=action.pk).update(rag=[Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE][order % 4])
    sign_in_as("lead")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/priorities/my-actions/")
    rows = page.locator("#my-actions tbody tr")
    expect(rows).to_have_count(26)
    height = page.evaluate("document.documentElement.scrollHeight")
    _shot(page, "1280")
    assert height < 3000, f"My actions with 26 actions is {height}px tall at 1280px"
    assert_accessible(page, label="my actions with 26 actions")
    # Needs an update first: the complete ones (never asked) come last.
    expect(rows.first.locator("td").nth(2)).to_contain_text("Update due")
    expect(rows.last).to_contain_text("No update needed")

    page.get_by_role("link", name="Red or amber").click()
    expect(page.locator("#my-actions caption")).to_contain_text("Red or amber")
    assert rows.count() == Action.objects.filter(leads=world.group, rag__in=[Rag.RED, Rag.AMBER]).count()
    expect(page.get_by_role("link", name="Red or amber")).to_have_attribute("aria-current", "page")

    page.set_viewport_size({"width": 320, "height": 800})
    page.get_by_role("link", name="All (26)").click()
    # Measure the page that the click loads, not the one being left (evaluating mid-navigation finds no document).
    expect(page.get_by_role("link", name="All (26)")).to_have_attribute("aria-current", "page")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"My actions is {overflow}px wider than a 320px screen"
    _shot(page, "320")
    assert_accessible(page, label="my actions at 320px")
    # Each stacked row says what its cells are.
    expect(rows.first.locator('td[data-label="Status"]')).to_be_visible()
    page.get_by_role("link", name="Update status of CSE-01").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update the status of CSE-01")


def test_a_bmg_member_chases_a_lead_from_the_dashboard(page, live_server, browser_world, sign_in_as, assert_accessible):
    """Issue 16, item 4: from the dashboard's missing updates to a reminder queued for one named person."""
    world = browser_world
    sign_in_as("bmg")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/reporting/?quarter={world.open_quarter.pk}")
    page.get_by_role("link", name="See who has not updated and remind them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has not updated")
    _shot(page, "chasing-1280")
    assert_accessible(page, label="chasing page")
    page.get_by_role("button", name="Remind Jo Moses").first.click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Reminder queued for Jo Moses")
    expect(page.locator("#missing-by-lead")).to_contain_text("Jo Moses: reminded")
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    _shot(page, "chasing-320")

"""The home page per role in Chromium (issue 16, item 1): the administrator's first screen says what blocks the
quarter, by name; the BMG member's shows the quarter's headline; both pass axe and fit at 320px."""

import os

import pytest
from playwright.sync_api import expect

from priorities.models import Rag
from tests.browser.conftest import assert_fits_320
from tests.reporting.helpers import update

pytestmark = pytest.mark.browser


def _shot(page, name):
    if shots := os.environ.get("SCREENSHOT_DIR"):  # to look at
        page.screenshot(path=f"{shots}/home-{name}.png", full_page=True)


@pytest.mark.parametrize("persona", ["admin", "bmg", "board_member"])
def test_the_first_screen_is_the_persons_next_step(
    page, live_server, browser_world, sign_in_as, assert_accessible, persona
):
    world = browser_world
    update(world.action, world.users["lead"], Rag.RED, world.open_quarter, escalate=True)
    sign_in_as(persona)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/home/")
    section = page.locator("#home-quarter")
    expect(section).to_be_in_viewport()
    if persona == "admin":
        expect(page.locator("#home-missing-leads")).to_contain_text("Kaye Wise (1 action)")
    elif persona == "bmg":
        expect(section).to_contain_text(f"The quarter in progress: {world.open_quarter.label}")
    else:
        expect(section).to_contain_text(f"The last closed quarter: {world.closed_quarter.label}")
    _shot(page, f"{persona}-1280")
    assert_accessible(page, label=f"home of {persona}")
    page.set_viewport_size({"width": 375, "height": 800})
    _shot(page, f"{persona}-375")
    assert_fits_320(page, f"home of {persona}")
    page.get_by_role("link", name="Open the").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quarterly dashboard")

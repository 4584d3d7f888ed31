"""A person of two boards in Chromium (issue 15, item 4): after signing in they choose the partnership, the header
names it, and "Switch partnership" in the menu takes them to the other; the chooser passes axe at 1280 and 320px and
is used with the keyboard alone."""

import os

import pytest
from playwright.sync_api import expect

from accounts.models import Membership
from accounts.roles import Role
from tests import factories as f
from tests.browser.conftest import assert_fits_320
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_a_person_of_two_boards_chooses_and_switches(page, live_server, browser_world, assert_accessible):
    user = f.UserFactory(
        username="di.cannon", email="john.cannon@police.example", first_name="John", last_name="Cannon"
    )
    Membership.objects.create(user=user, board=browser_world.board).roles.set([f.group(Role.BMG_MEMBER)])
    Membership.objects.create(user=user, board=browser_world.other_board).roles.set([f.group(Role.BOARD_ADMIN)])

    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Email address").fill("john.cannon@police.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which partnership are you working on?")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page, label="choose a partnership")
    assert_fits_320(page, label="choose a partnership")
    assert_accessible(page, label="choose a partnership at 320px")
    page.set_viewport_size({"width": 1280, "height": 900})
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=f"{shots}/choose-a-partnership-1280.png", full_page=True)

    # With the keyboard: Tab into the radios, the arrow to the second, Tab to Continue, Enter.
    page.get_by_label("Home Safeguarding Children Board").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Other Safeguarding Children Board")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You are working on Other Safeguarding Children Board"
    )
    expect(page.locator(".govuk-header")).to_contain_text("Other Safeguarding Children Board")
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="People")).to_be_visible()

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Switch partnership").click()
    expect(page.get_by_label("Other Safeguarding Children Board")).to_be_checked()
    page.get_by_label("Home Safeguarding Children Board").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-header")).to_contain_text("Home Safeguarding Children Board")
    # A BMG member here: the dashboard, not the people pages.
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(menu.get_by_role("link", name="People")).to_have_count(0)

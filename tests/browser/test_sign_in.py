"""Sign-in journeys in a real browser: success, wrong password, lockout, sign out, keyboard use."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, username, password):
    page.goto(live_server.url + "/home/")
    page.get_by_label("Email address").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_lead_signs_in_and_reaches_their_home_page(page, live_server, browser_world, assert_accessible):
    _sign_in(page, live_server, "lead", PASSWORD)
    # A lead's home is the list of actions they lead.
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    assert AuditEvent.objects.filter(kind="sign_in", user=browser_world.users["lead"]).count() == 1
    assert_accessible(page)


def test_wrong_password_shows_an_error_summary(page, live_server, browser_world, assert_accessible):
    _sign_in(page, live_server, "lead", "not-the-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title("Sign in (error) – Safeguarding partnership plan tracker")
    assert_accessible(page)


def test_empty_form_links_each_error_to_its_field(page, live_server, browser_world):
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password")).to_be_focused()


def test_repeated_failures_lock_the_account_but_not_other_users(page, live_server, browser_world, assert_accessible):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(page, live_server, "lead", "wrong-password")
    _sign_in(page, live_server, "lead", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    assert_accessible(page)
    # Another user from the same address still signs in.
    _sign_in(page, live_server, "bmg", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home Safeguarding Children Board")


def test_sign_out_ends_the_session(page, live_server, browser_world):
    _sign_in(page, live_server, "bmg", PASSWORD)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto(live_server.url + "/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_keyboard_user_can_skip_to_content_and_sign_in(page, live_server, browser_world):
    page.goto(live_server.url + "/accounts/sign-in/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_label("Email address").focus()
    page.keyboard.type("lead")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")

"""Leads' status updates in a real browser: the everyday journey, refusal, the concurrent-edit conflict, and the
whole journey with the keyboard alone on a 320px screen."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from priorities.models import Rag, StatusUpdate
from tests.browser.conftest import assert_fits_320
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _page_signed_in_as(browser, live_server, user):
    """A second, separate browser session (its own cookies) for another person."""
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def test_lead_updates_an_action_to_amber_and_sees_it_in_the_history(
    page, live_server, browser_world, assert_accessible
):
    page.goto(live_server.url + "/home/")
    page.get_by_label("Email address").fill("lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    expect(page.locator("#my-actions")).to_contain_text("CSE-01")
    assert_accessible(page, label="my actions")
    page.get_by_role("link", name="Update status of CSE-01").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Update the status of CSE-01")
    page.get_by_label("Amber").check()
    page.get_by_role("button", name="Save update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a commentary explaining why the action is amber")
    assert_accessible(page, label="update form with errors")
    summary.get_by_role("link", name="Enter a commentary explaining why the action is amber").click()
    expect(page.get_by_label("Progress commentary")).to_be_focused()
    page.get_by_label("Progress commentary").fill("Training venue not yet booked; <b>risk</b> managed by the TFG")
    page.get_by_role("button", name="Save update").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("CSE-01 updated: status is now Amber")
    expect(page.locator(f"#action-{browser_world.action.pk}")).to_contain_text("Amber")
    page.get_by_role("link", name="CSE-01", exact=True).click()
    history = page.locator("#history + ol")
    expect(history).to_contain_text("Not started to Amber")
    expect(history).to_contain_text("Training venue not yet booked; <b>risk</b> managed by the TFG")
    expect(history).to_contain_text("by Jo Moses")
    assert StatusUpdate.objects.filter(action=browser_world.action).count() == 1


def test_a_second_lead_cannot_update_the_action(page, live_server, browser_world, sign_in_as):
    sign_in_as("other_lead")
    page.goto(live_server.url + "/priorities/my-actions/")
    expect(page.get_by_role("link", name="CSE-02", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="CSE-01", exact=True)).to_have_count(0)
    response = page.goto(live_server.url + f"/priorities/actions/{browser_world.action.pk}/update/")
    assert response.status == 403
    assert not StatusUpdate.objects.exists()


def test_concurrent_edits_do_not_overwrite_each_other(page, browser, live_server, browser_world, sign_in_as):
    sign_in_as("lead")
    url = live_server.url + f"/priorities/actions/{browser_world.action.pk}/update/"
    page.goto(url)
    admin_page = _page_signed_in_as(browser, live_server, browser_world.users["admin"])
    admin_page.goto(url)

    admin_page.get_by_label("Red").check()
    admin_page.get_by_label("Progress commentary").fill("Police lead has left; no cover until January")
    admin_page.get_by_role("button", name="Save update").click()
    expect(admin_page.locator(".govuk-notification-banner--success")).to_be_visible()

    page.get_by_label("Green").check()
    page.get_by_label("Progress commentary").fill("All partners trained")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Someone else updated this action while you were editing"
    )
    expect(page.locator("#stale-updates")).to_contain_text("Police lead has left; no cover until January")
    expect(page.get_by_label("Progress commentary")).to_have_value("All partners trained")
    expect(page.get_by_label("Green")).to_be_checked()
    assert list(StatusUpdate.objects.values_list("rag", flat=True)) == [Rag.RED]

    # Having seen the other update, saving again is a deliberate choice and goes through.
    page.get_by_role("button", name="Save update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("status is now Green")
    assert list(StatusUpdate.objects.values_list("rag", flat=True)) == [Rag.GREEN, Rag.RED]
    admin_page.context.close()


def _tab_until(page, predicate_js, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate_js}; }})()"):
            return
    raise AssertionError(f"Never reached an element where {predicate_js}")


def test_the_whole_journey_with_the_keyboard_alone_at_320px(page, live_server, browser_world, sign_in_as):
    page.set_viewport_size({"width": 320, "height": 700})
    sign_in_as("lead")
    page.goto(live_server.url + "/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    assert_fits_320(page, "my actions")

    _tab_until(page, "el.textContent.trim() === 'Update status of CSE-01'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Update the status of CSE-01")
    assert_fits_320(page, "update form")

    _tab_until(page, "el.name === 'rag'")
    expect(page.get_by_label("Not started")).to_be_focused()
    page.keyboard.press("ArrowDown")  # Red
    page.keyboard.press("ArrowDown")  # Amber
    expect(page.get_by_label("Amber")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Progress commentary")).to_be_focused()
    page.keyboard.type("Slipping: awaiting the new police lead")
    _tab_until(page, "el.name === 'needs_escalation'")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Reason for escalation or support")).to_be_focused()
    page.keyboard.type("Needs the board to ask the police for cover")
    _tab_until(page, "el.textContent.trim() === 'Save update'")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("status is now Amber")
    assert_fits_320(page, "my actions after saving")
    update = StatusUpdate.objects.get()
    assert (update.rag, update.needs_escalation) == (Rag.AMBER, True)
    assert update.escalation_reason == "Needs the board to ask the police for cover"

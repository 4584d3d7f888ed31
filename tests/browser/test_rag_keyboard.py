"""The RAG radios with the keyboard alone (issue 16, item 2; the decision is in the README): Tab enters the native
radio group at the chosen status, an arrow key selects the next one, Tab moves on, and the update saves."""

import pytest
from playwright.sync_api import expect

from priorities.models import Action, Rag

pytestmark = pytest.mark.browser


def test_a_lead_changes_the_status_with_the_keyboard_only(page, live_server, browser_world, sign_in_as):
    world = browser_world
    sign_in_as("lead")
    page.goto(f"{live_server.url}/priorities/actions/{world.action.pk}/update/")
    page.locator("input[name=rag]:checked").focus()  # where Tab lands in the group: the chosen status
    expect(page.get_by_label("Not started")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Red")).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Amber")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Progress commentary")).to_be_focused()
    page.keyboard.type("Slipping: the trainer left in March.")
    page.get_by_role("button", name="Save update").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("status is now Amber")
    assert Action.objects.get(pk=world.action.pk).rag == Rag.AMBER

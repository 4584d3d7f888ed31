"""A board member reads the plan in a real browser: overview, a priority, the action list filtered and searched."""

import pytest
from playwright.sync_api import expect

from priorities.models import Action, Rag

pytestmark = pytest.mark.browser


def test_board_member_reads_the_plan_and_finds_an_action(
    page, live_server, browser_world, sign_in_as, assert_accessible
):
    Action.objects.filter(pk=browser_world.action.pk).update(rag=Rag.RED, how="Train taxi drivers to spot CSE")
    sign_in_as("board_member")
    page.goto(live_server.url + "/home/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Business Plan 2014-2016")

    page.get_by_role("link", name="Child Sexual Exploitation", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child Sexual Exploitation")
    table = page.get_by_role("region", name="Action plan")
    expect(table).to_contain_text("Train taxi drivers to spot CSE")
    expect(table).to_contain_text("Red")
    assert_accessible(page)

    page.get_by_role("link", name="Filter and search this priority's actions").click()
    page.get_by_label("Status (RAG)").select_option(label="Red")
    page.get_by_role("button", name="Apply filters").click()
    results = page.get_by_role("region", name="Actions")
    expect(results).to_contain_text("CSE-01")
    expect(results).not_to_contain_text("CSE-02")

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Search").fill("taxi drivers")
    page.get_by_role("button", name="Apply filters").click()
    expect(results).to_contain_text("1 in all")
    assert_accessible(page)
    results.get_by_role("link", name="CSE-01").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action CSE-01")
    expect(page.get_by_text("Train taxi drivers to spot CSE")).to_be_visible()

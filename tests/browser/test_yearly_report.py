"""The yearly report in a real browser, as a new board administrator would draft it: start the 2014/15 report, edit
two sections, sign it off, in a handful of steps; the pages pass axe and fit a 320px screen."""

import time

import pytest
from playwright.sync_api import expect

from tests.annualreport.data import build_year
from tests.browser.conftest import assert_fits_320

pytestmark = pytest.mark.browser


def test_a_new_administrator_drafts_and_signs_off_the_year(
    page, live_server, browser_world, sign_in_as, assert_accessible
):
    build_year(browser_world)
    sign_in_as("admin")
    steps = 0

    def step(action):
        nonlocal steps
        steps += 1
        action()

    began = time.monotonic()
    page.goto(f"{live_server.url}/yearly-report/")
    step(lambda: page.get_by_role("button", name="Start a yearly report").click())
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a yearly report")
    assert_accessible(page, label="start form")
    # The children's template and April are chosen already for a children's board: only the year is typed.
    step(lambda: page.get_by_label("Year of that month").fill("2014"))
    step(lambda: page.get_by_role("button", name="Start the report").click())
    expect(page.get_by_role("heading", level=1)).to_have_text("Home Safeguarding Children Board: yearly report 2014/15")
    expect(page.locator("#section-glance")).to_contain_text("the board tracked 2 actions across 1 priority")
    expect(page.locator("#figures-note")).to_contain_text("Figures as at")

    for key, heading, text in [
        ("glance", "The year at a glance", "A year in which the partnership took on CSE together."),
        ("next-year", "Next year", "Next year we will hear more from children and families."),
    ]:
        edit_link = page.locator(f"#section-{key}").get_by_role("link", name="Edit the narrative")
        step(edit_link.click)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        step(lambda text=text: page.get_by_label("Narrative").fill(text))
        step(lambda: page.get_by_role("button", name="Save the narrative").click())
        expect(page.locator(f"#section-{key}")).to_contain_text(text)

    step(lambda: page.get_by_role("link", name="Sign off the report").click())
    assert_accessible(page, label="sign-off confirmation")
    step(lambda: page.get_by_role("button", name="Sign off the report").click())
    expect(page.locator("#figures-note")).to_contain_text("Figures frozen at sign-off")
    elapsed = time.monotonic() - began

    # start (3: open the form, type the year, start), two sections (3 each: open, type, save), sign off (2)
    assert steps == 11, f"{steps} steps to draft and sign off a yearly report"
    assert elapsed < 60, f"{elapsed:.0f}s to draft and sign off a yearly report"
    expect(page.get_by_role("link", name="Edit the narrative")).to_have_count(0)
    assert_accessible(page, label="signed-off report")
    assert_fits_320(page, label="signed-off report")

    sign_in_as("bmg")
    page.goto(f"{live_server.url}/yearly-report/")
    page.get_by_role("link", name="Home Safeguarding Children Board: yearly report 2014/15").click()
    expect(page.locator("#section-glance")).to_contain_text("A year in which the partnership took on CSE together.")
    expect(page.get_by_role("link", name="Undo the sign-off")).to_have_count(0)
    page.locator("#section-glance").get_by_role("link", name="History").click()
    expect(page.locator("main")).to_contain_text("the board tracked 2 actions")  # the prefilled version is kept
    assert_accessible(page, label="section history")
    assert_fits_320(page, label="section history")

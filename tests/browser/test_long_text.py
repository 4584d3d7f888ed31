"""Long text people type (issue 16, item 6) in a real browser: a 330-character address and a 240-letter word in a
commentary and a challenge neither widen the action page nor the dashboard's table, at 1280px and at 320px, and the
address is a working link."""

import os

import pytest
from playwright.sync_api import expect

from priorities.models import Rag
from reporting.services import challenge_record
from tests.browser.conftest import assert_fits_320
from tests.reporting.helpers import update
from tests.reporting.test_typed_text import LONG_LINK

pytestmark = pytest.mark.browser

LONG_WORD = "Supercalifragilistic" * 12


def _fits(page, width, label):
    page.set_viewport_size({"width": width, "height": 900})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    widest = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
             .filter(e => e.getBoundingClientRect().width > document.documentElement.clientWidth)
             .slice(-3).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))"""
    )
    assert overflow <= 1, f"{label} is {overflow}px wider than a {width}px window: {widest}"
    if shots := os.environ.get("SCREENSHOT_DIR"):  # to look at
        page.screenshot(path=f"{shots}/long-text-{label.replace(' ', '-')}-{width}.png", full_page=True)


def test_long_links_and_words_wrap_and_links_work(page, live_server, browser_world, sign_in_as):
    world = browser_world
    quarter = world.open_quarter
    update(world.action, world.users["lead"], Rag.RED, quarter, commentary=f"Minutes {LONG_LINK}\n{LONG_WORD}")
    challenge_record(action=world.action, quarter=quarter, user=world.users["bmg"], text=f"Why? {LONG_WORD}")
    sign_in_as("bmg")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/priorities/actions/{world.action.pk}/")
    link = page.locator(f'a[href="{LONG_LINK}"]').first
    expect(link).to_be_visible()
    assert link.get_attribute("rel") == "nofollow noopener noreferrer"
    assert len(link.inner_text()) <= 60
    _fits(page, 1280, "the action page")
    assert_fits_320(page, "the action page")
    _fits(page, 320, "the action page")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/reporting/")
    _fits(page, 1280, "the dashboard")
    assert_fits_320(page, "the dashboard")
    _fits(page, 320, "the dashboard")

"""Browser tests: Debian's Chromium driven by Playwright against Django's live server, with axe for accessibility.

Never downloads a browser: the executable is /usr/bin/chromium (apt). If it is missing the tests fail, not skip.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from tests.world import build_world

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it with apt-get install -y chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def browser_world(transactional_db):
    return build_world()


@pytest.fixture
def sign_in_as(page, live_server, browser_world):
    """Put a persona's session cookie in the browser (for tests that are not about the sign-in form)."""

    def sign_in(persona):
        client = Client()
        client.force_login(browser_world.users[persona])
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return browser_world.users[persona]

    return sign_in


AXE = Axe()


@pytest.fixture
def assert_accessible():
    """Run axe on the page: zero serious or critical violations, and nothing wider than the viewport at 320px."""

    def check(page, *, label=""):
        results = AXE.run(page)
        serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not serious, f"{label or page.url}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in serious
        )

    return check


def assert_fits_320(page, label=""):
    """At 320px wide the page itself never scrolls sideways (wide tables scroll inside their own region)."""
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{label or page.url} is {overflow}px wider than a 320px screen"

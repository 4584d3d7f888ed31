"""The browser journey of these pages reuses the browser harness fixtures (Chromium, sign-in, axe)."""

from tests.browser.conftest import (  # noqa: F401
    assert_accessible,
    browser_type_launch_args,
    browser_world,
    sign_in_as,
)

"""Every GET page of the permission matrix, opened in Chromium as a persona allowed to see it, checked with axe
and at 320px wide."""

import pytest
from django.urls import reverse

from tests.browser.conftest import assert_fits_320
from tests.permissions.registry import all_cases

PAGES = [case for case in all_cases() if case.method == "get" and case.a11y]
PREFERENCE = ["admin", "bmg", "lead", "audit_coordinator", "agency_contact", "board_member", "other_lead"]


def _persona_for(case):
    if case.public and not case.allowed:
        return None
    for persona in PREFERENCE:
        if persona in case.allowed:
            return persona
    return sorted(case.allowed)[0]


@pytest.mark.browser
@pytest.mark.parametrize("case", PAGES, ids=lambda c: c.id)
def test_page_is_accessible(case, page, live_server, browser_world, sign_in_as, assert_accessible):
    persona = None if case.url_name == "accounts:sign_in" else _persona_for(case)
    if persona:
        sign_in_as(persona)
    url = reverse(case.url_name, kwargs=case.kwargs(browser_world) if case.kwargs else None)
    if case.query:
        url = f"{url}?{case.query}"
    response = page.goto(live_server.url + url)
    assert response.status == 200, f"{case.id} as {persona}: {response.status}"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page, label=case.id)
    assert_fits_320(page, label=case.id)
    assert_accessible(page, label=f"{case.id} at 320px")

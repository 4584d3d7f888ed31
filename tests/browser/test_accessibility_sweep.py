"""Every GET page of the permission matrix, opened in Chromium as a persona allowed to see it, checked with axe
and at 320px wide."""

import pytest
from django.contrib import admin

from tests.browser.conftest import assert_fits_320
from tests.permissions.registry import all_cases

SWEPT = [case for case in all_cases() if case.method == "get" and case.a11y]
PAGES = [case for case in SWEPT if not case.url_name.startswith("admin:")]


def _admin_groups():
    """The Django admin's pages, one group per model (its list, add, change, delete and history pages) and one for
    the site's own pages: a test per group, so that the browser world is built 30 times rather than 150."""
    groups = {}
    for case in SWEPT:
        if case.url_name.startswith("admin:"):
            registered = [m for m in admin.site._registry if case.url_name.startswith(_prefix(m))]
            key = _prefix(registered[0]) if registered else "admin:site"
            groups.setdefault(key, []).append(case)
    return groups


def _prefix(model):
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_"


ADMIN_GROUPS = _admin_groups()
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
    # Public pages (sign-in, invitation, password reset) are swept as the person without a session sees them.
    persona = None if case.public else _persona_for(case)
    if persona:
        sign_in_as(persona)
    url = case.url(browser_world)
    response = page.goto(live_server.url + url)
    # A redirect is followed to its page; a page that answers with another status on purpose (410 for a used
    # invitation) is still swept.
    assert response.status == 200 or response.status in case.ok_statuses, f"{case.id} as {persona}: {response.status}"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page, label=case.id)
    assert_fits_320(page, label=case.id)
    assert_accessible(page, label=f"{case.id} at 320px")


@pytest.mark.browser
@pytest.mark.parametrize("group", sorted(ADMIN_GROUPS), ids=str)
def test_admin_pages_are_accessible(group, page, live_server, browser_world, sign_in_as, assert_accessible):
    signed_in = None
    for case in ADMIN_GROUPS[group]:
        if _persona_for(case) != signed_in:
            signed_in = _persona_for(case)
            sign_in_as(signed_in)
        response = page.goto(live_server.url + case.url(browser_world))
        assert response.status == 200, f"{case.id}: {response.status}"
        page.set_viewport_size({"width": 1280, "height": 900})
        assert_accessible(page, label=case.id)
        assert_fits_320(page, label=case.id)
        assert_accessible(page, label=f"{case.id} at 320px")

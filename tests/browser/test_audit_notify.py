"""The cycle page tells the coordinator and the administrator which agencies nobody will be emailed about
(audits/notify.py), accessibly and at 320px."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.audits.helpers import audits_of
from tests.browser.conftest import assert_fits_320

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("persona", "invite"), [("audit_coordinator", False), ("admin", True)])
def test_agencies_without_an_audit_contact_are_listed(
    page, live_server, browser_world, sign_in_as, assert_accessible, persona, invite
):
    a = audits_of(browser_world)
    sign_in_as(persona)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("audits:cycle_detail", args=[a.cycle.pk]))
    warning = page.locator("#no-contact")
    expect(warning).to_contain_text("1 agency has no audit contact: nobody will be emailed")
    expect(page.get_by_role("list", name="Agencies with no audit contact")).to_have_text("Home Health Trust")
    expect(page.get_by_role("link", name="Invite an agency audit contact")).to_have_count(1 if invite else 0)
    assert_accessible(page)
    assert_fits_320(page)
    if invite:
        page.get_by_role("link", name="Invite an agency audit contact").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Invite")

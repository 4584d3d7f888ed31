"""Core business in a real browser: the lead updates a measure from My actions, the BMG sees it on the dashboard."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from corebusiness.models import CoreMeasureUpdate
from priorities.models import Rag
from tests.browser.conftest import assert_fits_320
from tests.corebusiness.helpers import home_measure

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


def test_lead_updates_a_core_measure_to_amber_and_the_bmg_sees_it_on_the_dashboard(
    page, browser, live_server, browser_world, sign_in_as, assert_accessible
):
    measure = home_measure(browser_world)
    sign_in_as("lead")
    page.goto(live_server.url + "/priorities/my-actions/")
    section = page.locator("#my-work-core_business")
    expect(section).to_contain_text("Core business 1.1")
    expect(section).to_contain_text("Update due")
    assert_accessible(page, label="my actions with core business")
    section.get_by_role("link", name="Update Core business 1.1").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Update the status of measure 1.1")
    page.get_by_label("Amber").check()
    page.get_by_role("button", name="Save update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a commentary explaining why the measure is amber")
    assert_accessible(page, label="measure update form with errors")
    page.get_by_label("Progress commentary").fill("The multi-agency audit moved to January: two agencies' returns late")
    page.get_by_role("button", name="Save update").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Core business measure 1.1 updated: status is now Amber"
    )
    expect(page.locator("#my-work-core_business")).to_contain_text("Amber")
    update = CoreMeasureUpdate.objects.get(measure=measure)
    assert (update.rag, update.author) == (Rag.AMBER, browser_world.users["lead"])

    bmg = _page_signed_in_as(browser, live_server, browser_world.users["bmg"])
    bmg.goto(live_server.url + "/reporting/")
    panel = bmg.locator("#core-business")
    expect(panel).to_contain_text("Core business measures 2014/15")
    # The dashboard counts the measures by status (it names only the red ones); the list a link away has the row.
    expect(panel.locator("li", has_text="Amber")).to_contain_text("1 of 2 measures")
    assert_accessible(bmg, label="dashboard with the core business panel")
    assert_fits_320(bmg, label="dashboard with the core business panel")
    panel.get_by_role("link", name="All 2 core business measures").click()
    expect(bmg.get_by_role("heading", level=1)).to_contain_text("Core business measures")
    row = bmg.locator(f"#measure-{measure.pk}")
    expect(row).to_contain_text("Amber")
    expect(row).to_contain_text("Jo Moses")
    expect(row).to_contain_text("The multi-agency audit moved to January")
    bmg.context.close()

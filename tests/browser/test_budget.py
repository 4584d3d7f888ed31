"""The budget in a real browser: the administrator records a quarter's figures, the BMG member sees the projection."""

import pytest
from playwright.sync_api import expect

from tests.budget.builders import budget_of

pytestmark = pytest.mark.browser


def test_admin_records_quarterly_actuals_and_bmg_sees_the_projected_position(
    page, live_server, browser_world, sign_in_as, assert_accessible
):
    budget = budget_of(browser_world)
    chair = budget.commitment_lines.get(description="Independent Chair")
    barnet = budget.income_lines.get(description="London Borough of Barnet")

    sign_in_as("admin")
    page.goto(f"{live_server.url}/budget/{budget.pk}/")
    expect(page.locator("#variance")).to_contain_text("-£2,100")
    page.get_by_role("link", name="record figures for 2014/15 Q3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record 2014/15 Q3 budget figures")

    # A typing slip is caught, linked from the error summary, and nothing is saved.
    page.locator(f"#id_spent_{chair.pk}").fill("15,000.999")
    page.get_by_role("button", name="Save figures").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the spend to date on Independent Chair in pounds and pence")
    assert_accessible(page, label="monitoring form with an error")
    summary.get_by_role("link").first.click()
    expect(page.locator(f"#id_spent_{chair.pk}")).to_be_focused()

    page.locator(f"#id_spent_{chair.pk}").fill("15,000")
    page.locator(f"#id_forecast_{chair.pk}").fill("26,100")
    page.locator(f"#id_received_{barnet.pk}").fill("-98,000")
    page.get_by_role("button", name="Save figures").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "2014/15 Q3 figures saved: projected overspend of £4,000"
    )

    sign_in_as("bmg")
    page.goto(f"{live_server.url}/budget/{budget.pk}/")
    panel = page.locator("#budget-position")
    expect(panel).to_contain_text("Projected overspend of £4,000 for 2014/15")
    expect(panel).to_contain_text("£231,220")  # forecast outturn: 225,120 + 6,100
    expect(page.locator("#statement").get_by_role("link")).to_have_count(0)  # readers cannot edit
    panel.get_by_role("link", name="2014/15 Q3 budget monitoring").click()
    expect(page.locator("#commitments")).to_contain_text("£6,100 over")
    expect(page.locator("#contributions")).to_contain_text("-£98,000")
    assert_accessible(page, label="monitoring page")

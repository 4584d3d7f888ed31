"""A board's first budget, started in the application (issue 15, item 7): a year of its plan, a line per partner
agency at £0 to fill in; refused for a year that has its budget; bad input changes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import Budget, IncomeLine

pytestmark = pytest.mark.django_db
URL = reverse("budget:budget_create")


def test_the_first_budget_starts_with_a_line_per_partner_agency(world, client_for):
    admin = client_for("admin")
    page = admin.get(reverse("budget:budget_list")).content.decode()
    assert "No budget has been set" in page and URL in page
    form = admin.get(URL).content.decode()
    assert "HSCB Budget 2014-2015" in form and "2015/16" in form
    response = admin.post(
        URL,
        {
            "financial_year": "2015",
            "title": "HSCB Budget 2015-2016",
            "balance_description": "Balance B/Fwd 2014/15",
            "balance_brought_forward": "-12,500.50",
            "lines_for_agencies": "on",
        },
    )
    budget = Budget.objects.get(plan=world.plan)
    assert response.status_code == 302 and response["Location"] == reverse(
        "budget:budget_detail", kwargs={"pk": budget.pk}
    )
    assert (budget.financial_year, budget.balance_brought_forward) == (2015, Decimal("-12500.50"))
    lines = list(IncomeLine.objects.filter(budget=budget).order_by("order"))
    assert [(line.description, line.agency, line.amount) for line in lines] == [
        ("Home Borough Council", world.agency, Decimal("0")),
        ("Home Police", world.other_agency, Decimal("0")),
    ]
    # Only the year left is offered now; the list offers the next year from this one instead.
    again = admin.get(URL).content.decode()
    assert 'value="2014"' in again and 'value="2015"' not in again
    assert URL not in admin.get(reverse("budget:budget_list")).content.decode()


def test_bad_input_gets_errors_and_changes_nothing(world, client_for):
    response = client_for("admin").post(
        URL, {"financial_year": "2020", "title": "", "balance_description": "", "balance_brought_forward": "lots"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "Select a year of the plan" in html and "Enter a title for the budget" in html
    assert "Enter the balance brought forward as a number" in html
    assert not Budget.objects.exists()


def test_other_roles_are_refused(world, client_for):
    assert client_for("bmg").get(URL).status_code == 403
    assert client_for("bmg").post(URL, {"financial_year": "2014"}).status_code == 403
    assert not Budget.objects.exists()

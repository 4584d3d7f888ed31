"""Quarterly monitoring: spend to date and forecast outturn per commitment, contributions received, the projected
position, the dashboard panel and the demo command."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from budget.models import CommitmentMonitoring, ContributionMonitoring
from budget.selectors import budget_position, panel_context
from reporting.panels import panels


def _form_data(budget, figures=None, received=None):
    data = {}
    for line in budget.commitment_lines.all():
        spent, forecast = (figures or {}).get(line.description, ("", ""))
        data[f"spent_{line.pk}"], data[f"forecast_{line.pk}"] = spent, forecast
    for line in budget.income_lines.all():
        data[f"received_{line.pk}"] = (received or {}).get(line.description, "")
    return data


def _update_url(budget, quarter):
    return reverse("budget:monitoring_update", args=[budget.pk, quarter.pk])


def test_with_no_figures_the_forecast_is_the_budget(budget, world):
    position = budget_position(budget, world.open_quarter)
    assert not position.recorded
    assert position.forecast_outturn == Decimal("225120.00")
    assert position.projected_variance == Decimal("-2100.00") and position.outcome == "underspend"


def test_administrator_records_a_quarter_and_the_projected_position_follows(budget, world, client_for):
    quarter = world.open_quarter
    data = _form_data(
        budget,
        {
            "Independent Chair": ("15,000", "24,500.50"),  # 4,500.50 over
            "Youth Shield": ("0", "6,000"),  # 4,000 under
            "Catering": ("750.25", ""),  # blank forecast: the budget
        },
        {"London Borough of Barnet": "-98,000", "CAFCASS": "-275.50"},
    )
    response = client_for("admin").post(_update_url(budget, quarter), data)
    assert response.status_code == 302
    assert CommitmentMonitoring.objects.filter(quarter=quarter).count() == 3
    catering = CommitmentMonitoring.objects.get(line__description="Catering")
    assert catering.spent_to_date == Decimal("750.25") and catering.forecast_outturn == Decimal("1000.00")
    assert ContributionMonitoring.objects.get(line__description="CAFCASS").received_to_date == Decimal("-275.50")

    position = budget_position(budget, quarter)
    assert position.spent_to_date == Decimal("15750.25")
    assert position.forecast_outturn == Decimal("225620.50")
    assert position.received_to_date == Decimal("-98275.50")
    assert position.projected_variance == Decimal("-1599.50") and position.outcome == "underspend"

    page = client_for("bmg").get(response["Location"]).content.decode()
    for text in ["Projected", "underspend", "£1,599.50", "£225,620.50", "£4,500.50 over", "£4,000 under", "-£275.50"]:
        assert text in page, text


def test_a_projected_overspend_is_called_an_overspend(budget, world, client_for):
    client_for("admin").post(
        _update_url(budget, world.open_quarter),
        _form_data(budget, {"Development Officer / Safeguarding Manager": ("80,000", "105,000")}),
    )
    position = budget_position(budget, world.open_quarter)
    assert position.projected_variance == Decimal("6300.00") and position.outcome == "overspend"
    html = render_to_string("budget/_dashboard_panel.html", panel_context(world.open_quarter))
    assert "overspend" in html and "£6,300" in html


def test_blanking_a_line_clears_its_figures(budget, world, client_for):
    client = client_for("admin")
    client.post(_update_url(budget, world.open_quarter), _form_data(budget, {"Catering": ("100", "900")}))
    client.post(_update_url(budget, world.open_quarter), _form_data(budget))
    assert not CommitmentMonitoring.objects.exists()
    assert CommitmentMonitoring.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize(
    ("figures", "received", "message"),
    [
        ({"Catering": ("lots", "")}, {}, "Enter the spend to date on Catering as a number, like 98,000"),
        ({"Catering": ("10.123", "")}, {}, "no more than 2 decimal places"),
        ({"Catering": ("", "-5")}, {}, "Enter the forecast outturn for Catering as a positive amount"),
        ({"Catering": ("900", "800")}, {}, "Enter a forecast outturn for Catering of at least the £900 spent to date"),
        ({}, {"Probation": "2,000"}, "Enter the amount received from Probation as a negative amount"),
        ({}, {"Probation": "-1000000000000"}, "Enter the amount received from Probation of less than £10,000,000"),
    ],
)
def test_bad_monitoring_figures_are_refused_and_nothing_is_saved(budget, world, client_for, figures, received, message):
    data = _form_data(budget, {"Youth Shield": ("1,000", "10,000"), **figures}, received)
    response = client_for("admin").post(_update_url(budget, world.open_quarter), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode() and message in response.content.decode()
    assert not CommitmentMonitoring.objects.exists() and not ContributionMonitoring.objects.exists()


def test_a_closed_quarter_is_read_only(budget, world, client_for):
    closed = world.closed_quarter
    assert client_for("admin").get(_update_url(budget, closed)).status_code == 403
    page = client_for("admin").get(reverse("budget:monitoring_detail", args=[budget.pk, closed.pk])).content.decode()
    assert "Its figures are frozen" in page and _update_url(budget, closed) not in page


def test_a_quarter_of_another_year_or_plan_is_not_found(budget, world, client_for):
    next_year = next(q for q in world.quarters if q.financial_year == 2015)
    other_board = world.other_plan.quarters.first()
    for quarter in (next_year, other_board):
        url = reverse("budget:monitoring_detail", args=[budget.pk, quarter.pk])
        assert client_for("admin").get(url).status_code == 404


def test_the_budget_panel_is_registered_for_the_dashboard(budget, world):
    panel = next(panel for panel in panels() if panel.key == "budget")
    assert panel.title == "Budget" and panel.template == "budget/_dashboard_panel.html"
    context = panel.context(world.open_quarter)
    assert context["budget"] == budget and context["position"].outcome == "underspend"
    html = render_to_string(panel.template, context)
    assert "Budget: projected position at 2014/15 Q3" in html
    assert "Projected variance" in html and "-£2,100 (underspend)" in html
    assert "No figures have been recorded for 2014/15 Q3 yet" in html


def test_the_panel_says_when_a_year_has_no_budget(world):
    html = render_to_string("budget/_dashboard_panel.html", panel_context(world.open_quarter))
    assert "No budget has been recorded for the financial year of 2014/15 Q3." in html


def test_budget_page_shows_the_open_quarters_position(budget, world, client_for):
    page = client_for("board_member").get(reverse("budget:budget_detail", args=[budget.pk])).content.decode()
    assert "Budget: projected position at 2014/15 Q3" in page
    assert reverse("budget:monitoring_detail", args=[budget.pk, world.open_quarter.pk]) in page


def test_budget_appears_in_the_navigation_of_reviewers_only(budget, client_for):
    for persona, shown in [("admin", True), ("bmg", True), ("board_member", True), ("lead", False)]:
        page = client_for(persona).get(reverse("home")).content.decode()
        assert (f'href="{reverse("budget:budget_list")}"' in page) is shown, persona


def test_budget_list_shows_the_boards_budgets(budget, client_for):
    page = client_for("bmg").get(reverse("budget:budget_list")).content.decode()
    assert "BSCB Budget 2014-2015" in page and "2014/15" in page
    assert "BSCB Budget" not in client_for("other_board_admin").get(reverse("budget:budget_list")).content.decode()


def test_monitoring_page_queries_do_not_grow_with_lines(budget, world, client_for, django_assert_num_queries):
    from tests import factories as f

    client = client_for("bmg")
    url = reverse("budget:monitoring_detail", args=[budget.pk, world.open_quarter.pk])
    with django_assert_num_queries(16):
        client.get(url)
    for _ in range(10):
        f.CommitmentLineFactory(budget=budget)
        f.IncomeLineFactory(budget=budget)
    with django_assert_num_queries(16):
        client.get(url)


def test_demo_command_refuses_without_debug(budget):
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("load_budget_demo")


@override_settings(DEBUG=True)
def test_demo_command_writes_plausible_monitoring_idempotently(world):
    from budget.services import budget_load
    from tests import factories as f
    from tests.budget.test_appendix_2 import PRINTED

    world.board.slug = "barnet"
    world.board.save()
    for item in PRINTED["income"]:
        f.AgencyFactory(board=world.board, name=item["agency"])
    budget = budget_load(data={**PRINTED, "board": "barnet", "plan": world.plan.slug}).budget
    out = StringIO()
    call_command("load_budget_demo", stdout=out)
    call_command("load_budget_demo", stdout=out)
    assert "DEMO budget monitoring for 3 quarters of 2014/15" in out.getvalue()
    assert CommitmentMonitoring.objects.count() == 30 and ContributionMonitoring.objects.count() == 24
    q3 = budget_position(budget, world.open_quarter)
    assert q3.forecast_outturn == Decimal("225120") + Decimal("1500") - Decimal("1200") - Decimal("4000")
    assert q3.outcome == "underspend"
    assert all(row.spent_to_date <= row.forecast_outturn for row in q3.commitment_rows)

"""The yearly report's figures against a hand-built year, in the two-board world."""

import datetime
from decimal import Decimal

import pytest

from annualreport import figures
from annualreport.figures import Period
from audits.models import AgencyReturn, AuditCycle, Recommendation, ThemedAudit
from reporting.models import Indicator, IndicatorValue
from tests.annualreport.data import build_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(world):
    build_year(world)
    return Period(board=world.board, start=datetime.date(2014, 4, 1), end=datetime.date(2015, 3, 31))


def values(figs):
    return {fig.label: fig.value for fig in figs}


def test_year_at_a_glance_counts_only_the_home_board_in_the_period(period):
    figs, _tables = figures.year_at_a_glance(period)
    assert values(figs) == {
        "Actions tracked": "2",
        "Priorities": "1",
        "Actions completed in the year": "1",  # CSE-02's completion in 2016 is after the year
        "Actions reported red during the year": "2",  # the other board's red is not counted
        "Status updates made in the year": "3",
    }
    assert all(fig.url == "/priorities/actions/" for fig in figs)


def test_priorities_movement_compares_the_first_and_last_closed_quarters(period, world):
    figs, tables = figures.priorities_movement(period)
    assert values(figs)["First closed quarter"] == "2014/15 Q1"
    assert values(figs)["Last closed quarter"] == "2014/15 Q2"
    (table,) = tables
    assert table.headers == ("Priority", "Quarter", "Complete", "Green", "Amber", "Red", "Not started")
    assert table.rows == (
        ("Child Sexual Exploitation", "2014/15 Q1", "0", "0", "0", "2", "0"),
        ("Child Sexual Exploitation", "2014/15 Q2", "1", "0", "1", "0", "0"),
    )


def test_reds_and_how_each_was_resolved(period):
    figs, (table,) = figures.reds_resolved(period)
    assert values(figs) == {"Actions reported red in the year": "2", "Of those, now green or complete": "1"}
    assert table.rows == (("CSE-01", "Complete"), ("CSE-02", "Amber"))
    assert "NEG-01" not in str(table.rows)


def test_budget_reads_the_home_boards_year(period):
    figs, (table,) = figures.budget(period)
    assert values(figs)["Partner contributions"] == "£55,000.00"
    assert values(figs)["Commitments"] == "£40,000.00"
    assert table.rows == (("Home Borough Council", "£50,000.00"), ("Home Police", "£5,000.00"))
    assert figs[0].url.startswith("/budget/")


def test_partners_count_actions_led_and_updates_by_their_members(period):
    _figs, (table,) = figures.partners(period)
    assert table.rows == (
        ("Home Borough Council", "1", "3", "Not received"),
        ("Home Police", "1", "0", "Not received"),
    )


def test_figures_without_a_record_say_so(world):
    period = Period(board=world.other_board, start=datetime.date(2020, 4, 1), end=datetime.date(2021, 3, 31))
    assert values(figures.priorities_movement(period)[0]) == {"Closed quarters in the year": "0"}
    assert values(figures.budget(period)[0]) == {"Budget for the year": "None recorded"}
    assert figures.reds_resolved(period)[1] == ()


def _indicator(plan, order, name, target, direction):
    return Indicator.objects.create(
        plan=plan, order=order, name=name, target=target, good_direction=direction, frequency="quarterly"
    )


def test_indicators_against_their_targets_by_polarity(period, world):
    admin = world.users["admin"]
    q1, q2 = world.quarters[0], world.quarters[1]
    seen = _indicator(world.plan, 1, "Children seen within 10 days (%)", Decimal("90"), "higher")
    missing = _indicator(world.plan, 2, "Missing episodes", Decimal("20"), "lower")
    _indicator(world.plan, 3, "Referrals", None, "higher")
    IndicatorValue.objects.create(indicator=seen, quarter=q1, value=Decimal("80"), entered_by=admin)
    IndicatorValue.objects.create(indicator=seen, quarter=q2, value=Decimal("92.5"), entered_by=admin)
    IndicatorValue.objects.create(indicator=missing, quarter=q2, value=Decimal("25"), entered_by=admin)
    other = _indicator(world.other_plan, 1, "Other board indicator", Decimal("1"), "higher")
    IndicatorValue.objects.create(
        indicator=other, quarter=world.other_plan.quarters.first(), value=Decimal("5"), entered_by=admin
    )
    figs, (table,) = figures.indicators(period)
    assert values(figs) == {"Indicators in the dataset": "3", "On target at their latest value": "1"}
    assert table.rows == (
        ("Children seen within 10 days (%)", "90", "92.5 (2014/15 Q2)", "On target"),  # the latest value of the year
        ("Missing episodes", "20", "25 (2014/15 Q2)", "Off target"),  # lower is better
        ("Referrals", "", "No value recorded", "Not entered"),
    )


def test_audits_count_the_years_returns_and_themed_audits_reported(period, world):
    cycle = AuditCycle.objects.create(
        board=world.board, title="Section 11 2014", financial_year=2014, deadline=datetime.date(2014, 12, 1)
    )
    AgencyReturn.objects.create(cycle=cycle, agency=world.agency, status="accepted")
    AgencyReturn.objects.create(cycle=cycle, agency=world.other_agency, status="draft")
    themed = ThemedAudit.objects.create(
        board=world.board,
        theme="Neglect",
        scope="Cases open to social care",
        commissioned_on=datetime.date(2014, 5, 1),
        reported_on=datetime.date(2014, 11, 1),
    )
    Recommendation.objects.create(themed_audit=themed, text="A", due_date=datetime.date(2015, 1, 1), rag="complete")
    Recommendation.objects.create(themed_audit=themed, text="B", due_date=datetime.date(2015, 1, 1), rag="red")
    ThemedAudit.objects.create(  # reported after the year
        board=world.board,
        theme="Later",
        scope="x",
        commissioned_on=datetime.date(2015, 5, 1),
        reported_on=datetime.date(2015, 6, 1),
    )
    ThemedAudit.objects.create(  # the other board's
        board=world.other_board,
        theme="Other",
        scope="x",
        commissioned_on=datetime.date(2014, 5, 1),
        reported_on=datetime.date(2014, 6, 1),
    )
    figs, (table,) = figures.audits(period)
    assert values(figs) == {
        "Section 11 returns expected": "2",
        "Section 11 returns received": "1",
        "Themed audits reported": "1",
    }
    assert table.rows == (("Neglect", "1 November 2014", "2", "1"),)
    _figs, (partners,) = figures.partners(period)
    assert partners.rows[0][-1] == "Received" and partners.rows[1][-1] == "Not received"

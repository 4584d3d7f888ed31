"""The yearly report's figures against a hand-built year, in the two-board world."""

import datetime

import pytest

from annualreport import figures
from annualreport.figures import Period
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

"""parse_timescale: every form the plan writes, and the texts it must refuse to guess."""

import datetime

import pytest

from plans.timescales import Timescale, parse_timescale

D = datetime.date
PERIOD = (2014, 2016)


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("July 2014 to July 2015", D(2014, 7, 1), D(2015, 7, 31)),
        ("Sep to Dec 2014", D(2014, 9, 1), D(2014, 12, 31)),
        ("Oct 2014", D(2014, 10, 1), D(2014, 10, 31)),
        ("July-Dec 2014", D(2014, 7, 1), D(2014, 12, 31)),
        ("Jul 14 to July 2015", D(2014, 7, 1), D(2015, 7, 31)),
        ("Sep – Dec 2014", D(2014, 9, 1), D(2014, 12, 31)),
        ("July – Aug 2014", D(2014, 7, 1), D(2014, 8, 31)),
        ("July to Aug2014", D(2014, 7, 1), D(2014, 8, 31)),
        ("Jul-Dec 2014", D(2014, 7, 1), D(2014, 12, 31)),
        ("Jan-Dec 2015", D(2015, 1, 1), D(2015, 12, 31)),
        ("Sep 2014 to April 2015", D(2014, 9, 1), D(2015, 4, 30)),
        ("April to July 2014", D(2014, 4, 1), D(2014, 7, 31)),
        ("Feb 2015", D(2015, 2, 1), D(2015, 2, 28)),
        ("Feb 2016", D(2016, 2, 1), D(2016, 2, 29)),  # leap year: the last day of the month, not the 28th
        ("Jul 2014 to Jul 2015", D(2014, 7, 1), D(2015, 7, 31)),
        ("September 2014", D(2014, 9, 1), D(2014, 9, 30)),
        ("Sept 2014", D(2014, 9, 1), D(2014, 9, 30)),
        ("Nov to Feb 2015", D(2014, 11, 1), D(2015, 2, 28)),  # a range across the new year starts the year before
        ("1 st report to BSCB Oct 2014; 2 nd report to BSCB Dec 2014", D(2014, 10, 1), D(2014, 12, 31)),
    ],
)
def test_reads_the_plans_forms(text, start, due):
    assert parse_timescale(text, period=PERIOD) == Timescale(start, due, False, "")


def test_year_outside_the_plan_period_is_flagged_not_guessed():
    result = parse_timescale("Jul 2014 to Jul 2105", period=PERIOD)
    assert result == Timescale(None, None, True, "Year 2105 is outside the plan period 2014-2016.")


def test_without_a_period_an_implausible_year_is_still_flagged():
    result = parse_timescale("Jul 2014 to Jul 2105")
    assert (result.start, result.due, result.needs_review) == (None, None, True)
    assert "2105" in result.note and "2000-2099" in result.note
    assert parse_timescale("Oct 2014").start == D(2014, 10, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Oct 2014 Oct 2014",
        "April to July 2014 July to Sep 2014 July to Sep 2014 July to Sep 2014",
        "July 2014 July-Dec 2014",
    ],
)
def test_several_timescales_in_one_cell_need_a_person(text):
    result = parse_timescale(text, period=PERIOD)
    assert (result.start, result.due, result.needs_review) == (None, None, True)
    assert result.note.startswith("Several timescales are written in one cell")


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("", "No timescale is written."),
        ("   ", "No timescale is written."),
        ("ongoing", "No month and year could be read from 'ongoing'."),
        ("2015", "No month and year could be read from '2015'."),
        ("Sep to Dec", "No year is written for the end of 'Sep to Dec'."),
        ("Dec 2015 to Jan 2015", "The end of 'Dec 2015 to Jan 2015' comes before its start."),
        ("Oct 2013", "Year 2013 is outside the plan period 2014-2016."),
        ("Jan 2017", "Year 2017 is outside the plan period 2014-2016."),
    ],
)
def test_unreadable_or_implausible_text_is_flagged_with_a_reason(text, note):
    assert parse_timescale(text, period=PERIOD) == Timescale(None, None, True, note)


def test_none_is_treated_as_no_timescale():
    assert parse_timescale(None).needs_review is True


def test_words_that_contain_month_names_are_not_months():
    # "Mayor", "Decide", "Marching" must not read as May, Dec, Mar.
    assert parse_timescale("Decide with the Mayor", period=PERIOD).needs_review is True

"""The learning reviews' clocks against counts made by hand on a calendar: weekends, England's bank holidays (from the
`holidays` library) and a board's closure days do not count; the start day never counts."""

from datetime import date

import pytest

from learning.models import ClosureDay, LearningReview, calendar_for
from learning.working_days import Calendar, bank_holiday, clock

ENGLAND = Calendar({})
CHRISTMAS_CLOSURE = Calendar({date(2014, 12, d): "Office closed" for d in (29, 30, 31)})


def test_bank_holidays_come_from_the_library_with_their_names():
    assert bank_holiday(date(2015, 4, 3)) == "Good Friday"
    assert bank_holiday(date(2015, 4, 6)) == "Easter Monday"
    assert bank_holiday(date(2014, 12, 26)) == "Boxing Day"
    assert bank_holiday(date(2015, 4, 7)) == ""


def test_five_working_days_over_easter_2015_by_hand():
    # Wednesday 1 April 2015: Thu 2 (1), Fri 3 Good Friday, Sat, Sun, Mon 6 Easter Monday, Tue 7 (2), Wed 8 (3),
    # Thu 9 (4), Fri 10 (5).
    assert ENGLAND.add(date(2015, 4, 1), 5) == date(2015, 4, 10)
    assert ENGLAND.skipped(date(2015, 4, 1), date(2015, 4, 10)) == [
        (date(2015, 4, 3), "Good Friday"),
        (date(2015, 4, 6), "Easter Monday"),
    ]
    assert ENGLAND.between(date(2015, 4, 1), date(2015, 4, 10)) == 5


def test_fifteen_working_days_over_christmas_2014_with_closure_days_by_hand():
    # Friday 19 December 2014: Mon 22 (1), Tue 23 (2), Wed 24 (3), Thu 25 Christmas, Fri 26 Boxing Day, Mon 29 to
    # Wed 31 closed, Thu 1 Jan New Year's Day, Fri 2 (4), 5-9 Jan (5-9), 12-16 Jan (10-14), Mon 19 Jan (15).
    assert CHRISTMAS_CLOSURE.add(date(2014, 12, 19), 15) == date(2015, 1, 19)
    # Without the closure days the same clock ends three working days earlier: Wednesday 14 January.
    assert ENGLAND.add(date(2014, 12, 19), 15) == date(2015, 1, 14)
    assert [why for _, why in CHRISTMAS_CLOSURE.skipped(date(2014, 12, 19), date(2015, 1, 19))] == [
        "Christmas Day",
        "Boxing Day",
        "Office closed",
        "Office closed",
        "Office closed",
        "New Year's Day",
    ]


def test_a_start_on_a_weekend_or_holiday_counts_from_the_next_working_day():
    assert ENGLAND.add(date(2015, 4, 4), 1) == date(2015, 4, 7)  # Saturday of Easter: Tuesday is the first day
    assert ENGLAND.add(date(2014, 12, 25), 1) == date(2014, 12, 29)


def test_clock_states_and_how_many_working_days():
    start = date(2015, 4, 1)  # due Friday 10 April
    met = clock(ENGLAND, label="N", days=5, started_on=start, done_on=date(2015, 4, 10), today=date(2015, 6, 1))
    assert (met.state, met.summary, met.due_on) == ("met", "Met", date(2015, 4, 10))
    missed = clock(ENGLAND, label="N", days=5, started_on=start, done_on=date(2015, 4, 14), today=date(2015, 6, 1))
    assert (missed.state, missed.summary) == ("missed", "Missed by 2 working days")  # Mon 13, Tue 14
    due = clock(ENGLAND, label="N", days=5, started_on=start, done_on=None, today=date(2015, 4, 2))
    assert (due.state, due.summary) == ("due", "Due in 4 working days")  # 7, 8, 9, 10
    today = clock(ENGLAND, label="N", days=5, started_on=start, done_on=None, today=date(2015, 4, 10))
    assert today.summary == "Due today"
    overdue = clock(ENGLAND, label="N", days=5, started_on=start, done_on=None, today=date(2015, 4, 13))
    assert (overdue.state, overdue.summary) == ("overdue", "Overdue by 1 working day")


@pytest.mark.django_db
def test_a_rapid_review_reads_its_boards_closure_days_and_no_other_boards(world):
    ClosureDay.objects.create(board=world.board, date=date(2014, 12, 29), description="Closed")
    ClosureDay.objects.create(board=world.other_board, date=date(2014, 12, 30), description="Other board closed")
    review = LearningReview.objects.create(
        board=world.board,
        kind=LearningReview.Kind.RAPID_REVIEW,
        reference="RR-1",
        title="A review",
        aware_on=date(2014, 12, 15),
        notified_on=date(2014, 12, 19),
        decision_on=date(2015, 1, 16),
    )
    notify, decide = review.clocks(calendar_for(world.board), today=date(2015, 3, 1))
    assert (notify.due_on, notify.summary) == (date(2014, 12, 22), "Met")
    # 15 working days from 19 December with only the 29th closed: Thursday 15 January; decided the 16th.
    assert (decide.due_on, decide.summary) == (date(2015, 1, 15), "Missed by 1 working day")
    assert (date(2014, 12, 30), "Other board closed") not in decide.skipped
    review.kind = LearningReview.Kind.THEMED_AUDIT
    assert review.clocks(calendar_for(world.board)) == []

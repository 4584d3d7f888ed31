"""Working days for the learning reviews' clocks: Monday to Friday, less England's bank holidays (from the maintained
`holidays` library, not a list typed here) and the board's own closure days (ClosureDay).

A clock of N working days from a start date ends on the Nth working day after it: the start day itself never counts,
whatever day it is. So a serious incident the board learns of on Monday 15 December 2014 is due to be notified by
Monday 22 December (16, 17, 18, 19, 22).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> dict:
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=[year]).items())


def bank_holiday(day: date) -> str:
    """The name of the bank holiday in England on `day`, or ""."""
    return _bank_holidays(day.year).get(day, "")


@dataclass(frozen=True)
class Calendar:
    """England's working days with a board's closure days ({date: description}) taken out."""

    closures: dict

    def day_off(self, day: date) -> str:
        """Why `day` is not a working day ("Saturday", "Christmas Day", a closure's description), or "" if it is."""
        if day.weekday() >= 5:
            return day.strftime("%A")
        return bank_holiday(day) or self.closures.get(day, "")

    def is_working_day(self, day: date) -> bool:
        return not self.day_off(day)

    def add(self, start: date, days: int) -> date:
        """The `days`th working day after `start`."""
        day = start
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
        if end < start:
            return -self.between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=n)))

    def skipped(self, start: date, end: date) -> list[tuple[date, str]]:
        """The weekdays after `start` up to `end` that did not count, with the reason: bank holidays and closures."""
        days = []
        for n in range(1, (end - start).days + 1):
            day = start + timedelta(days=n)
            if day.weekday() < 5 and not self.is_working_day(day):
                days.append((day, self.day_off(day)))
        return days


@dataclass(frozen=True)
class Clock:
    """A statutory clock: `days` working days from `started_on`, due on `due_on`, met or not on `done_on`."""

    label: str
    days: int
    started_on: date
    due_on: date
    done_on: date | None
    state: str  # "met", "missed", "due", "overdue"
    working_days: int  # how late (missed, overdue) or how many are left (due); 0 when met
    skipped: tuple

    @property
    def summary(self) -> str:
        if self.state == "met":
            return "Met"
        if self.state == "missed":
            return f"Missed by {_days(self.working_days)}"
        if self.state == "overdue":
            return f"Overdue by {_days(self.working_days)}"
        if self.working_days == 0:
            return "Due today"
        return f"Due in {_days(self.working_days)}"

    @property
    def tag_class(self) -> str:
        return {"met": "govuk-tag--green", "missed": "govuk-tag--red", "overdue": "govuk-tag--red"}.get(
            self.state, "govuk-tag--yellow"
        )


def _days(n: int) -> str:
    return f"{n} working day" if n == 1 else f"{n} working days"


def clock(calendar: Calendar, *, label: str, days: int, started_on: date, done_on: date | None, today: date) -> Clock:
    due_on = calendar.add(started_on, days)
    if done_on is not None:
        late = calendar.between(due_on, done_on)
        state, count = ("met", 0) if done_on <= due_on else ("missed", late)
        end = max(due_on, done_on)
    elif today > due_on:
        state, count, end = "overdue", calendar.between(due_on, today), today
    else:
        state, count, end = "due", calendar.between(today, due_on), due_on
    return Clock(label, days, started_on, due_on, done_on, state, count, tuple(calendar.skipped(started_on, end)))

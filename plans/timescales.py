"""Reading the plan's free-text timescales ("July 2014 to July 2015", "Sep – Dec 2014", "Oct 2014") as dates.

The text is always kept as written; the dates are a derived convenience. Where the text cannot be read with
certainty (no month and year, a year outside the plan period, several timescales run together in one cell, an end
before the start) the dates are left empty and the result says why, so that a person decides: never a silent guess.
"""

import calendar
import datetime
import re
from typing import NamedTuple

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# A month name (short or long, "Sept" too) optionally followed by a year written with four or two digits. The year may
# touch the month ("Aug2014"): extraction from the published document sometimes lost the space.
_MONTH_RE = re.compile(
    r"(?<![a-z])(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
    r"(?:\s*(?P<year>\d{4}|\d{2})(?!\d))?",
    re.IGNORECASE,
)
# What may stand between the two ends of one range.
_RANGE_LINK_RE = re.compile(r"^(?:-|to|until|till)$", re.IGNORECASE)
# Years allowed when the caller does not give the plan period.
PLAUSIBLE_YEARS = (2000, 2099)


class Timescale(NamedTuple):
    """Derived dates of a timescale; both None and `needs_review` set when the text cannot be read with certainty."""

    start: datetime.date | None
    due: datetime.date | None
    needs_review: bool
    note: str


def _review(note):
    return Timescale(None, None, True, note)


def _year(text):
    if text is None:
        return None
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _ranges_in(part):
    """Split one ';'-separated part into ranges of one or two (month, year|None) points, or None if malformed."""
    normalised = re.sub(r"[\u2013\u2014\u2212]", "-", part)
    matches = list(_MONTH_RE.finditer(normalised))
    ranges = []
    for index, match in enumerate(matches):
        point = (MONTHS[match.group("month")[:3].lower()], _year(match.group("year")))
        between = normalised[matches[index - 1].end() : match.start()].strip() if index else ""
        if index and _RANGE_LINK_RE.match(between) and len(ranges[-1]) == 1:
            ranges[-1].append(point)
        else:
            ranges.append([point])
    return ranges


def parse_timescale(text: str, *, period: tuple[int, int] | None = None) -> Timescale:
    """Derive the start (first day of the first month) and due date (last day of the last month) of a timescale.

    `period` is the plan's (start_year, end_year), e.g. (2014, 2016); every year read must fall inside it. Without it
    a year must merely be plausible (2000-2099). Parts separated by ';' are milestones of one action ("1 st report to
    BSCB Oct 2014; 2 nd report to BSCB Dec 2014") and span from the first to the last. Several ranges run together
    without ';' ("Oct 2014 Oct 2014") are several actions' timescales in one cell and need a person to split them.
    """
    text = (text or "").strip()
    if not text:
        return _review("No timescale is written.")
    ranges = []
    for part in text.split(";"):
        part_ranges = _ranges_in(part)
        if len(part_ranges) > 1:
            return _review(
                f"Several timescales are written in one cell ({len(part_ranges)} found): split the action or "
                "choose one."
            )
        ranges.extend(part_ranges)
    if not ranges:
        return _review(f"No month and year could be read from {text!r}.")

    low, high = period if period else PLAUSIBLE_YEARS
    where = f"the plan period {low}-{high}" if period else f"the plausible range {low}-{high}"
    points = []
    for points_of_range in ranges:
        end_month, end_year = points_of_range[-1]
        if end_year is None:
            return _review(f"No year is written for the end of {text!r}.")
        start_month, start_year = points_of_range[0]
        if start_year is None:
            # "Sep to Dec 2014": the start shares the end's year; "Nov to Feb 2015" starts the year before.
            start_year = end_year if start_month <= end_month else end_year - 1
        for year in (start_year, end_year):
            if not low <= year <= high:
                return _review(f"Year {year} is outside {where}.")
        points.append(((start_year, start_month), (end_year, end_month)))

    first = min(start for start, _ in points)
    last = max(end for _, end in points)
    start = datetime.date(first[0], first[1], 1)
    due = datetime.date(last[0], last[1], calendar.monthrange(last[0], last[1])[1])
    if due < start:
        return _review(f"The end of {text!r} comes before its start.")
    if any(end < begin for begin, end in points):
        return _review(f"A range in {text!r} ends before it starts.")
    return Timescale(start, due, False, "")

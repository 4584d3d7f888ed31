"""Yearly reports on a test world's board, built through the real service."""

import datetime

from annualreport import services


def report_of(world, name="report:2014", template="children", year=2014):
    """The world's home board's yearly report for the financial year `year` (built once per world)."""
    return world.get(
        name,
        lambda w: services.start_report(
            board=w.board, template=template, period_start=datetime.date(year, 4, 1), user=w.users["admin"]
        ),
    )


def signed_off_report_of(world):
    """A separate, signed-off report (its own period), so that the shared draft is never mutated."""

    def build(w):
        report = services.start_report(
            board=w.board, template="children", period_start=datetime.date(2013, 4, 1), user=w.users["admin"]
        )
        return services.sign_off(report=report, user=w.users["admin"])

    return world.get("report:signed-off", build)


# One period each (adults' template, starting in January): never the periods of the reports above, of the start
# cases (children's 2016) or of the admin's row (adults' April 2010).
FRESH_YEARS = {"section-post": 2001, "easy-read-post": 2002, "sign-off-post": 2003, "undo-post": 2004}


def fresh_report_of(world, name):
    """A report of its own (a distinct period per name), for a case that changes it."""
    year = FRESH_YEARS[name]
    return world.get(
        f"report:fresh:{name}",
        lambda w: services.start_report(
            board=w.board, template="adults", period_start=datetime.date(year, 1, 1), user=w.users["admin"]
        ),
    )

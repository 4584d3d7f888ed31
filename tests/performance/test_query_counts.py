"""Query counts pinned absolutely (issue 19): every GET page of the permission matrix, for its first allowed
persona, costs exactly the number of queries in tests/performance/query_counts.json, at N rows and at 2N rows.

One world (the security tests' populated world: one of everything), built in the test's transaction, with time
frozen so that quarters, deadlines and "overdue" read the same every day. Every case's URL
is resolved first (the cases build their extra objects then), one batch of rows is added to both boards
(tests/performance/data.py) and every page is counted; then the data is doubled and every page counted again. Both
counts must equal the baseline: a page whose count grows with the data has a query per row (an N+1), which no
baseline can hide.

Regenerate the baseline after a deliberate change: QUERY_COUNTS_UPDATE=1 .venv/bin/pytest tests/performance
(deterministic: sorted keys, and the same counts on SQLite and PostgreSQL; see counting.py).
"""

import datetime
import re

import pytest
import time_machine

from tests.performance.counting import (
    BASELINE,
    REGENERATE,
    client_for,
    count_queries,
    load_baseline,
    pages,
    updating,
    write_baseline,
)
from tests.performance.data import add_batch, double_the_data
from tests.security.poison import populated_world

PAGES = pages()
# Pages whose count grows with the rows they list, reported to the lead (issue 19) rather than hidden: only their
# count at N is pinned, and the test fails once one stops growing (so that it is taken off this list).
_DELETE_PAGE = (
    "the admin's delete confirmation lists every object the delete would remove: Django's Collector queries each "
    "related set per object, and a row's __str__ may fetch its quarter or action"
)
GROWS_WITH_DATA = {
    "admin:budget_budget_delete as admin": _DELETE_PAGE,
    "admin:plans_board_delete as platform_admin": _DELETE_PAGE,
    "admin:plans_businessplan_delete as admin": _DELETE_PAGE,
    "admin:priorities_action_delete as admin": _DELETE_PAGE,
    "admin:priorities_objective_delete as admin": _DELETE_PAGE,
    "admin:priorities_priority_delete as admin": _DELETE_PAGE,
}
# Pages that list what data.py adds: their body must be longer at 2N than at N, or the doubling missed them (and the
# equal counts would prove nothing).
LISTS = [
    "priorities:action_list as admin",
    "priorities:priority_detail as admin",
    "priorities:my_actions as lead",
    "plans:lead_list as admin",
    "plans:core_business as admin",
    "reporting:dashboard as admin",
    "reporting:indicator_list as admin",
    "admin:notifications_notification_changelist as admin",
    "notifications:notification_list?kind=update_reminder&status=failed&q=jo as admin",
    "corebusiness:measure_detail as admin",
    "learning:review_list as admin",
    "learning:review_detail as admin",
    "learning:recommendation_detail as admin",
]
# In the open quarter of the populated world (it closes October-December 2014 and opens January-March 2015).
FROZEN_AT = datetime.datetime(2015, 2, 10, 10, 0, tzinfo=datetime.UTC)


def _measure_all(world, urls):
    counts = {}
    for page in PAGES:
        try:
            counts[page.key] = count_queries(client_for(world, page.persona), urls[page.key])
        except Exception as error:  # noqa: BLE001 (one broken page is reported by name, not as the whole run failing)
            counts[page.key] = error
    return counts


def _shape(sql):
    """A statement without its values (ids, dates, session keys), so that the same query with other rows matches."""
    sql = re.sub(r'^DECLARE "[^"]*" NO SCROLL CURSOR WITH(OUT)? HOLD FOR ', "", sql)  # PostgreSQL's .iterator()
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _diff(before, after):
    """The statements the 2N request ran more often than the N one (what the N+1 is)."""
    extra = [_shape(sql) for sql in after]
    for sql in map(_shape, before):
        if sql in extra:
            extra.remove(sql)
    return "\n      ".join(sql[:300] for sql in extra[:3])


def _problem(page, url, at_n, at_2n, baseline):
    """What is wrong with one page's counts, or None."""
    key = page.key
    where = f"{key} ({url})"
    for count in (at_n, at_2n):
        if isinstance(count, Exception):
            return f"{where}: the request raised {count!r}"
        if count.status not in page.case.ok_statuses:
            return f"{where}: status {count.status}, not a page to count"
    n, twice = at_n.queries, at_2n.queries
    if key in GROWS_WITH_DATA:
        if twice <= n:
            return f"{where}: no longer grows with the data ({n} at N, {twice} at 2N): take it off GROWS_WITH_DATA"
    elif n != twice:
        return (
            f"{where}: {n} queries at N rows but {twice} at 2N: a query per row (an N+1); fix it "
            f"(select_related/prefetch_related) rather than baseline it. Queries added:\n"
            f"      {_diff(at_n.sql, at_2n.sql)}"
        )
    if key not in baseline:
        return f"{where}: not in {BASELINE.name} ({n} queries now): add it"
    if n != baseline[key]:
        return f"{where}: {n} queries, baseline {baseline[key]}"
    return None


@pytest.mark.django_db
def test_every_get_page_costs_its_baseline_at_n_and_2n_rows():
    """One test, not one per page: the world and the two rounds of counting are the expensive part, and under
    `pytest -n` a module's parametrized tests would be spread over the workers, each building it again. The failure
    lists every page that is off, by name."""
    with time_machine.travel(FROZEN_AT):
        world = populated_world()
        urls = {page.key: page.case.url(world) for page in PAGES}
        add_batch(world)
        at_n = _measure_all(world, urls)
        double_the_data(world)
        at_2n = _measure_all(world, urls)
    if updating():
        write_baseline({key: count.queries for key, count in at_n.items() if not isinstance(count, Exception)})
    baseline = load_baseline()
    problems = [_problem(page, urls[page.key], at_n[page.key], at_2n[page.key], baseline) for page in PAGES]
    problems = [problem for problem in problems if problem]
    assert not problems, (
        f"{len(problems)} of {len(PAGES)} GET pages are off their query count; fix the page, or if the change is "
        f"deliberate regenerate the baseline with {REGENERATE} and commit it:\n  " + "\n  ".join(problems)
    )
    # The doubling reached the pages that list what it adds (otherwise equal counts would prove nothing).
    missed = {key: (at_n[key].size, at_2n[key].size) for key in LISTS if at_2n[key].size <= at_n[key].size}
    assert not missed, f"pages whose body did not grow when the data doubled (bytes at N, 2N): {missed}"


def test_the_lists_name_get_pages():
    keys = {page.key for page in PAGES}
    assert set(GROWS_WITH_DATA) <= keys and set(LISTS) <= keys


def test_no_stale_baseline_entries():
    stale = sorted(set(load_baseline()) - {page.key for page in PAGES})
    assert not stale, f"{BASELINE.name} has entries with no GET case: {stale}; remove them with {REGENERATE}"

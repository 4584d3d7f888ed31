"""GET never changes data: every GET case of the permission matrix, as a persona allowed to use it, leaves every
table (rows and their contents) exactly as it was; only the session store and the audit log may be written.

One exception, by design: the board pack's GETs (PDF and XLSX) queue the pack's build on the task queue when it is not
built yet (reporting/tasks.py). That writes the queue's table and nothing else."""

from django.core.cache import cache

from tests.permissions.registry import all_cases
from tests.security.helpers import allowed_persona, changed_tables, client_as, database_fingerprint

GET_CASES = [case for case in all_cases() if case.method == "get" and case.allowed]
# URL name -> the tables its GET may write.
MAY_WRITE = {
    "reporting:board_pack_pdf": ["django_tasks_database_dbtaskresult"],
    "reporting:board_pack_xlsx": ["django_tasks_database_dbtaskresult"],
    # The yearly report's files likewise (annualreport/tasks.py).
    "annualreport:report_pdf": ["django_tasks_database_dbtaskresult"],
    "annualreport:report_docx": ["django_tasks_database_dbtaskresult"],
}


def _url(world, case):
    return case.url(world)


def test_no_get_request_changes_any_table(sworld):
    assert len(GET_CASES) > 60
    changes = []
    # Signing in writes last_login: sign everyone in before the first snapshot. Some case URLs build extra objects
    # on first use, so URLs are resolved before it too.
    clients = {persona: client_as(sworld, persona) for persona in {allowed_persona(case) for case in GET_CASES}}
    urls = [_url(sworld, case) for case in GET_CASES]
    cache.clear()  # no board pack marker of an earlier test: the PDF's GET queues its build here, as in production
    before = database_fingerprint()
    queued_builds = 0
    for case, url in zip(GET_CASES, urls, strict=True):
        response = clients[allowed_persona(case)].get(url)
        assert response.status_code in case.ok_statuses, f"{case.id}: {response.status_code}"
        after = database_fingerprint()
        changed = changed_tables(before, after)
        if case.url_name in MAY_WRITE and changed == MAY_WRITE[case.url_name]:
            queued_builds += 1
        elif changed:
            changes.append(f"{case.id}: {changed}")
        before = after
    assert not changes, changes
    assert queued_builds >= 1  # the exception above is real, and the only one


def test_the_fingerprint_sees_an_edit_that_keeps_the_row_count(sworld):
    """The check above would catch an UPDATE, not only an INSERT or DELETE."""
    before = database_fingerprint()
    type(sworld.action).objects.filter(pk=sworld.action.pk).update(timescale="Changed quietly")
    assert changed_tables(before, database_fingerprint()) == ["priorities_action"]

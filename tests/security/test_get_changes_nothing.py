"""GET never changes data: every GET case of the permission matrix, as a persona allowed to use it, leaves every
table (rows and their contents) exactly as it was; only the session store and the audit log may be written."""


from tests.permissions.registry import all_cases
from tests.security.helpers import allowed_persona, changed_tables, client_as, database_fingerprint

GET_CASES = [case for case in all_cases() if case.method == "get" and case.allowed]


def _url(world, case):
    return case.url(world)


def test_no_get_request_changes_any_table(sworld):
    assert len(GET_CASES) > 60
    changes = []
    # Signing in writes last_login: sign everyone in before the first snapshot. Some case URLs build extra objects
    # on first use, so URLs are resolved before it too.
    clients = {persona: client_as(sworld, persona) for persona in {allowed_persona(case) for case in GET_CASES}}
    urls = [_url(sworld, case) for case in GET_CASES]
    before = database_fingerprint()
    for case, url in zip(GET_CASES, urls, strict=True):
        response = clients[allowed_persona(case)].get(url)
        assert response.status_code in case.ok_statuses, f"{case.id}: {response.status_code}"
        after = database_fingerprint()
        if changed := changed_tables(before, after):
            changes.append(f"{case.id}: {changed}")
        before = after
    assert not changes, changes


def test_the_fingerprint_sees_an_edit_that_keeps_the_row_count(sworld):
    """The check above would catch an UPDATE, not only an INSERT or DELETE."""
    before = database_fingerprint()
    type(sworld.action).objects.filter(pk=sworld.action.pk).update(timescale="Changed quietly")
    assert changed_tables(before, database_fingerprint()) == ["priorities_action"]

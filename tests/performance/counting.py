"""Counting the queries of every GET page of the permission matrix, and the baseline file they are checked against.

One entry per GET case of tests/permissions (registry.all_cases()), keyed "<url name>[?query] as <persona>" (with
" #2", " #3" for a second case of the same URL and persona, e.g. one agency's return and another's), where the
persona is the case's first allowed persona in tests/world.PERSONAS order. The count is that of a warm request: the
cache is emptied, the page is requested once (which fills the cache and does any other one-off work, such as a
session's first save), and the queries of the second, identical request are counted. So a count is what a page
costs a returning user, and it does not depend on which pages were requested before it.

One file for both databases. SAVEPOINT/RELEASE statements are not counted: they come from the test's transaction
nesting each request's atomic block (in production the request's transaction is a BEGIN/COMMIT, not counted either)
and are not the page's work. Otherwise the counts were the same on SQLite and PostgreSQL for every page when the file
was made (PostgreSQL's server-side cursor for .iterator() is one DECLARE, as SQLite's is one SELECT), so the suite
checks the one file on either. A page that someday costs differently per database should be made to cost the same
(a vendor branch in a view is the thing to question), not given two numbers.
"""

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.permissions.registry import all_cases
from tests.world import PERSONAS

BASELINE = Path(__file__).with_name("query_counts.json")
UPDATE_VARIABLE = "QUERY_COUNTS_UPDATE"
REGENERATE = f"{UPDATE_VARIABLE}=1 .venv/bin/pytest tests/performance"

# GET cases that no persona can render are not counted: their `allowed` is empty and they are not public (the
# admin's add and delete pages of append-only records, `view_on_site` with no model page, the budget monitoring form
# of a closed quarter): the permission matrix checks that everyone is refused, and a refusal is not a page.
NOBODY_MAY_OPEN = "refused to every persona (empty `allowed`, not public): the matrix checks the refusals"


@dataclass(frozen=True)
class Page:
    key: str
    case: object
    persona: str


def pages():
    """Every GET case of the permission matrix with the persona that counts it, in a stable order."""
    seen = {}
    result = []
    for case in all_cases():
        if case.method != "get":
            continue
        allowed = [p for p in PERSONAS if p in case.allowed] or (["anonymous"] if case.public else [])
        if not allowed:
            continue  # NOBODY_MAY_OPEN
        persona = allowed[0]
        base = f"{case.url_name}{'?' + case.query if case.query else ''} as {persona}"
        seen[base] = seen.get(base, 0) + 1
        key = base if seen[base] == 1 else f"{base} #{seen[base]}"
        result.append(Page(key=key, case=case, persona=persona))
    return result


def _is_savepoint(sql):
    return sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))


@dataclass
class Count:
    queries: int
    status: int
    size: int  # of the response's body: the data checks that doubling the rows reached the page
    sql: list = field(repr=False)


def _body(response):
    """The whole body, read now: a streamed response (an export) runs its queries while it is read."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def count_queries(client, url):
    """The queries of a warm request for `url` (see the module's docstring)."""
    cache.clear()
    _body(client.get(url))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        size = len(_body(response))
    sql = [q["sql"] for q in captured.captured_queries if not _is_savepoint(q["sql"])]
    return Count(queries=len(sql), status=response.status_code, size=size, sql=sql)


def client_for(world, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def updating():
    return os.environ.get(UPDATE_VARIABLE, "") not in ("", "0")


def load_baseline():
    if not BASELINE.exists():
        return {}
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def write_baseline(counts):
    """Sorted keys, one entry a line, a final newline: the same counts always make the same file."""
    BASELINE.write_text(json.dumps(dict(sorted(counts.items())), indent=2) + "\n", encoding="utf-8")

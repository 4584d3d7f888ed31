"""Shared pieces of the hostile-input tests: a fingerprint of the whole database, and a client per persona.

`database_fingerprint` reads every table (except the session store and the audit log, which a request is allowed
to write) and returns a hash of its rows per table, so a test can prove that a request changed nothing at all: no
row added, removed or edited.
"""

import hashlib

from django.db import connection
from django.test import Client

# A request may sign someone in (sessions) and must log refusals and sign-ins (audit log): nothing else.
IGNORED_TABLES = {"django_session", "accounts_auditevent"}


def database_fingerprint() -> dict[str, tuple[int, str]]:
    """Table -> (row count, hash of its rows). Cheap on a test world (a few hundred rows in all)."""
    tables = sorted(set(connection.introspection.table_names()) - IGNORED_TABLES)
    fingerprint = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            # PostgreSQL returns binary columns as memoryviews, whose repr is their address: compare their bytes.
            rows = sorted(
                repr(tuple(bytes(value) if isinstance(value, memoryview) else value for value in row))
                for row in cursor.fetchall()
            )
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
            fingerprint[table] = (len(rows), digest)
    return fingerprint


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))


def client_as(world, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def allowed_persona(case) -> str:
    """The persona a GET case is run as: the administrator when allowed (they see most), else the first allowed."""
    if "admin" in case.allowed:
        return "admin"
    return sorted(case.allowed)[0] if case.allowed else "anonymous"

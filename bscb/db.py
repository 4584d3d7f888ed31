"""Database helpers shared by migrations.

`AppendOnly(table)` is a migration operation that makes a table append-only in the database itself: UPDATE and
DELETE raise. PostgreSQL only: it is the production database, and its TRUNCATE (used by test teardown and restores)
does not fire row triggers, whereas SQLite empties tables with DELETE. Models also refuse save-after-create and
delete on every database (and the workflow logs' querysets refuse bulk `update()` and `delete()`); the trigger
protects the history against raw SQL and bugs alike.

Append-only tables (every model whose docstring calls it so): `accounts_auditevent`, `audits_returnevent`,
`priorities_statusupdate`, `reporting_quarterevent`, `reporting_challenge`, `scrutiny_scrutinyresponse` and
`learning_recommendationupdate`. The foreign keys from the last six to what they record (a return, an action, a
quarter, an entry, a recommendation, their authors) are PROTECT, so that deleting a parent with history raises
`ProtectedError` (the admin's "protected related objects" page) before any DELETE reaches the trigger.
A test that must rewrite such rows (e.g. to poison every stored text) can `ALTER TABLE <table> DISABLE TRIGGER
<table>_no_update` inside a transaction that it rolls back.
"""

from django.db import migrations


def _create(table):
    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(
                f"""
                CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql;
                CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
                """
            )

    return forwards


def _drop(table):
    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")

    return backwards


def AppendOnly(table: str) -> migrations.RunPython:  # noqa: N802 (reads like an operation class)
    return migrations.RunPython(_create(table), _drop(table))

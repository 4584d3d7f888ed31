"""Quarters moved from reporting to plans (issue 13) with state-only migrations: a populated database crosses them,
backwards and forwards, with every table's rows identical (counts and checksums), on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from plans.models import Quarter, QuarterEvent
from priorities.models import StatusUpdate
from reporting.models import ActionSnapshot, Challenge
from tests.admin_world import every_admin_object
from tests.security.helpers import changed_tables, database_fingerprint
from tests.world import build_world

# The schema before the move, and the migrations that carry the quarters across.
BEFORE = [
    ("plans", "0002_plan_continuing_priorities_note"),
    ("priorities", "0003_history_append_only_in_database"),
    ("budget", "0001_initial"),
    ("reporting", "0003_history_append_only_in_database"),
]
MOVE = [
    ("plans", "0003_quarters_move_here"),
    ("priorities", "0004_quarter_is_the_plans"),
    ("budget", "0002_quarter_is_the_plans"),
    ("reporting", "0004_quarters_moved_to_plans"),
]
# Content types follow the models by design; the migration log records the migrations themselves.
EXPECTED_TO_CHANGE = {"django_migrations", "django_content_type"}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _content_type_app(model):
    with connection.cursor() as cursor:
        cursor.execute("SELECT app_label FROM django_content_type WHERE model = %s", [model])
        return sorted(row[0] for row in cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_a_populated_database_crosses_the_move_with_identical_rows():
    world = build_world()
    every_admin_object(world, "home")
    every_admin_object(world, "other")
    latest = [(app, name) for app, name in MigrationExecutor(connection).loader.graph.leaf_nodes()]
    counts = {
        "quarters": Quarter.objects.count(),
        "events": QuarterEvent.objects.count(),
        "updates": StatusUpdate.objects.count(),
        "snapshots": ActionSnapshot.objects.count(),
        "challenges": Challenge.objects.count(),
    }
    assert counts["quarters"] >= 16 and all(counts.values()), counts
    assert _content_type_app("quarter") == ["plans"]
    at_latest = database_fingerprint()
    try:
        old_apps = _migrate(BEFORE)
        assert _content_type_app("quarter") == ["reporting"]
        # The previous schema reads the same rows through the old models, and takes a new row.
        OldQuarter = old_apps.get_model("reporting", "Quarter")
        OldEvent = old_apps.get_model("reporting", "QuarterEvent")
        assert OldQuarter.objects.count() == counts["quarters"]
        assert OldEvent.objects.count() == counts["events"]
        quarter = OldQuarter.objects.order_by("pk").first()
        OldEvent.objects.create(quarter=quarter, kind="opened", by_id=world.users["admin"].pk, detail="Before the move")
        before = database_fingerprint()
        # Migrations written after the move are unapplied with it (their tables dropped, the board's reminder
        # schedule and kind columns removed, the membership's per-board columns too, and issue 17 and 18's columns:
        # indicators' tolerance and frequency, returns and assessments carried forward, findings' owners) and applied
        # again: those tables are not the move's business.
        later = {table for table in at_latest if table not in before} | {
            "plans_board",
            "plans_historicalboard",
            "accounts_membership",
            "reporting_indicator",
            "audits_agencyreturn",
            "audits_standardassessment",
            "audits_improvementaction",
            "audits_recommendation",
        }
        assert set(changed_tables(at_latest, before)) - later == EXPECTED_TO_CHANGE | {"reporting_quarterevent"}

        _migrate(latest)
        after = database_fingerprint()
        assert set(changed_tables(before, after)) - later <= EXPECTED_TO_CHANGE
        for table in (
            "reporting_quarter",
            "reporting_quarterevent",
            "priorities_statusupdate",
            "budget_commitmentmonitoring",
        ):
            assert before[table] == after[table], table
    finally:
        _migrate(latest)
    # The new models read every row, the one written before the move included, and the foreign keys resolve.
    assert _content_type_app("quarter") == ["plans"]
    assert Quarter.objects.count() == counts["quarters"]
    assert QuarterEvent.objects.filter(detail="Before the move").get().quarter.pk == quarter.pk
    update = StatusUpdate.objects.select_related("quarter__plan").first()
    assert isinstance(update.quarter, Quarter) and update.quarter.plan_id

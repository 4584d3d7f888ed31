"""History is append-only in the database (penetration test finding 3: "the Section 11 workflow log can be deleted").

Every model the code calls append-only (the return workflow log, status updates, quarter events, BMG challenges):
- the model and its queryset refuse to change or delete a row, on every database;
- on PostgreSQL (production) a trigger refuses UPDATE and DELETE of any row, whatever the SQL; on SQLite there is no
  trigger, on purpose (test flushes empty tables with DELETE), as for the audit log;
- a parent with history (a return, a cycle with returns, an action, a quarter, a plan) cannot be deleted: the foreign
  keys are PROTECT, so the deletion raises ProtectedError (the admin shows its "protected related objects" page)
  and every row stays.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from audits.findings import finding_update_record
from audits.models import (
    AgencyReturn,
    AuditCycle,
    ImprovementAction,
    ReturnEvent,
    Standard,
    StandardAssessment,
)
from corebusiness.services import measure_update_record
from plans.models import BusinessPlan, Quarter, QuarterEvent
from priorities.models import Action, Rag, StatusUpdate
from reporting.models import ActionSnapshot, Challenge
from reporting.services import challenge_record, quarter_close
from tests.audits.helpers import audits_of
from tests.corebusiness.helpers import home_measure
from tests.reporting.helpers import at, update

pytestmark = pytest.mark.django_db

# One row of each append-only model, and a text column to try to rewrite.
HISTORY = {
    "return_event": "note",
    "status_update": "commentary",
    "quarter_event": "detail",
    "challenge": "text",
    "core_update": "commentary",
    "finding_update": "note",
}
COUNTED = [
    AuditCycle,
    Standard,
    AgencyReturn,
    ReturnEvent,
    StandardAssessment,
    ImprovementAction,
    BusinessPlan,
    Action,
    StatusUpdate,
    Quarter,
    QuarterEvent,
    Challenge,
    ActionSnapshot,
]


def _counts():
    return {model.__name__: model._base_manager.count() for model in COUNTED}


@pytest.fixture
def history(world):
    """The audits world (returns with workflow events), a status update and a challenge in the open quarter, which
    is then closed (a "closed" event, snapshots, and an "opened" event on the next quarter); and the other board's
    open quarter closed too (its plan has quarter events but no status updates)."""
    audits = audits_of(world)
    quarter, admin = world.open_quarter, world.users["admin"]
    status_update = update(world.action, world.users["lead"], Rag.AMBER, quarter)
    challenge = challenge_record(quarter=quarter, action=world.other_action, user=world.users["bmg"], text="When?")
    core_update = measure_update_record(
        measure=home_measure(world), user=world.users["lead"], rag=Rag.AMBER, commentary="Slipping"
    )
    finding_update = finding_update_record(
        finding=audits.action, user=world.users["audit_coordinator"], rag=Rag.AMBER, note="Policy drafted"
    )
    quarter_close(quarter=quarter, user=admin, at=at(quarter.end_date))
    other_quarter = Quarter.objects.get(plan=world.other_plan, state=Quarter.State.OPEN)
    quarter_close(quarter=other_quarter, user=world.users["other_board_admin"], at=at(other_quarter.end_date))
    return SimpleNamespace(
        world=world,
        audits=audits,
        return_event=ReturnEvent.objects.filter(agency_return=audits.submitted).last(),
        status_update=status_update,
        challenge=challenge,
        core_update=core_update,
        finding_update=finding_update,
        quarter_event=QuarterEvent.objects.get(quarter=quarter, kind=QuarterEvent.Kind.CLOSED),
        closed_quarter=quarter,
        next_quarter=Quarter.objects.get(plan=world.plan, state=Quarter.State.OPEN),
    )


def _stored(row):
    return type(row)._base_manager.filter(pk=row.pk).values().get()


@pytest.mark.parametrize("name", HISTORY)
def test_history_models_and_querysets_refuse_to_change_or_delete_a_row(history, name):
    row = getattr(history, name)
    model, column = type(row), HISTORY[name]
    before = _stored(row)
    with pytest.raises(ValidationError):
        model.objects.filter(pk=row.pk).update(**{column: "tampered"})
    with pytest.raises(ValidationError):
        model.objects.filter(pk=row.pk).delete()
    with pytest.raises(ValidationError):
        model.objects.all().delete()
    setattr(row, column, "tampered")
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    assert _stored(row) == before


@pytest.mark.parametrize("name", HISTORY)
def test_the_database_refuses_to_update_or_delete_history_rows(history, name):
    """PostgreSQL (production): a trigger refuses raw SQL and plain querysets alike. SQLite: no trigger, so that
    test flushes work, exactly as for the audit log; the model-level refusal above is the guarantee there."""
    row = getattr(history, name)
    model, column = type(row), HISTORY[name]
    table = model._meta.db_table
    before = _stored(row)
    if connection.vendor == "postgresql":
        # Table and column names come from the model, not from input.
        update_sql = f"UPDATE {table} SET {column} = 'tampered' WHERE id = %s"  # noqa: S608
        delete_sql = f"DELETE FROM {table} WHERE id = %s"  # noqa: S608
        for sql in (update_sql, delete_sql):
            with (
                pytest.raises(DatabaseError, match=f"{table} is append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [row.pk])
        # _base_manager is a plain queryset, past the model's guards: the trigger still refuses.
        with pytest.raises(DatabaseError, match=f"{table} is append-only"), transaction.atomic():
            model._base_manager.filter(pk=row.pk).update(**{column: "tampered"})
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = %s::regclass", [table])
            assert (f"{table}_no_update", "O") in cursor.fetchall()  # "O": enabled
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            assert cursor.fetchone()[0] == 0
    assert _stored(row) == before


@pytest.mark.django_db(transaction=True)
def test_flushing_the_database_still_empties_the_history_tables(history):
    """What transactional tests (and `manage.py flush`) rely on: PostgreSQL's TRUNCATE fires no row trigger, and
    SQLite, which empties tables with DELETE, has no trigger."""
    history_models = [ReturnEvent, StatusUpdate, QuarterEvent, Challenge]
    assert all(model._base_manager.exists() for model in history_models)
    call_command("flush", interactive=False, verbosity=0)
    assert not any(model._base_manager.exists() for model in history_models)


def test_a_return_with_workflow_history_cannot_be_deleted(history):
    before = _counts()
    for agency_return in (history.audits.own, history.audits.submitted, history.audits.other):
        assert agency_return.events.exists()
        with pytest.raises(ProtectedError):
            agency_return.delete()
        with pytest.raises(ProtectedError):
            AgencyReturn.objects.filter(pk=agency_return.pk).delete()
    assert _counts() == before


def test_a_cycle_whose_returns_have_history_cannot_be_deleted(history):
    before = _counts()
    with pytest.raises(ProtectedError):
        history.audits.cycle.delete()
    with pytest.raises(ProtectedError):
        AuditCycle.objects.filter(pk=history.audits.cycle.pk).delete()
    assert _counts() == before
    assert history.audits.own.events.count() == 1 and history.audits.submitted.events.count() == 2


def test_an_action_with_status_updates_or_challenges_cannot_be_deleted(history):
    world = history.world
    before = _counts()
    with pytest.raises(ProtectedError):
        world.action.delete()  # a status update
    with pytest.raises(ProtectedError):
        world.other_action.delete()  # a challenge, no status update
    assert _counts() == before


def test_a_quarter_with_events_cannot_be_deleted(history):
    before = _counts()
    with pytest.raises(ProtectedError):
        history.closed_quarter.delete()
    # Only an "opened" event: no status update, challenge or snapshot protects it.
    assert not history.next_quarter.status_updates.exists() and not history.next_quarter.challenges.exists()
    with pytest.raises(ProtectedError):
        history.next_quarter.delete()
    assert _counts() == before


def test_a_plan_whose_quarters_have_events_cannot_be_deleted(history):
    other_plan = history.world.other_plan
    assert not StatusUpdate.objects.filter(quarter__plan=other_plan).exists()
    before = _counts()
    with pytest.raises(ProtectedError):
        other_plan.delete()
    assert _counts() == before


def test_a_return_without_history_and_a_cycle_without_returns_can_still_be_deleted(world):
    cycle = AuditCycle.objects.create(
        board=world.board, title="Opened by mistake", financial_year=2015, deadline=datetime.date(2015, 12, 18)
    )
    standard = Standard.objects.create(cycle=cycle, order=1, title="Training")
    agency_return = AgencyReturn.objects.create(cycle=cycle, agency=world.agency)
    StandardAssessment.objects.create(agency_return=agency_return, standard=standard)
    with pytest.raises(ProtectedError):
        cycle.delete()  # it still has a return
    agency_return.delete()
    assert not StandardAssessment.objects.filter(standard=standard).exists()
    cycle.delete()
    assert not AuditCycle.objects.filter(pk=cycle.pk).exists() and not Standard.objects.filter(pk=standard.pk).exists()


def test_the_admin_refuses_to_delete_a_cycle_with_history_without_an_error(history, client_for):
    """Django's "Cannot delete" page listing the protected returns (or a 403 if the admin does not offer deletion),
    never a 500, and nothing deleted."""
    admin = history.world.users["admin"]
    admin.is_staff = True
    admin.save()
    before = _counts()
    client = client_for("admin")
    url = f"/admin/audits/auditcycle/{history.audits.cycle.pk}/delete/"
    for response in (client.get(url), client.post(url, {"post": "yes"})):
        assert response.status_code in (200, 403)
        if response.status_code == 200:
            assert "Cannot delete audit cycle" in response.content.decode()
            # The three returns, each with its workflow log, and the finding update recorded on the improvement action.
            assert len(response.context["protected"]) == 4
    assert _counts() == before

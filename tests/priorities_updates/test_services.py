"""The status update service: validation, the append-only log, the cached status, conflicts and alert emails."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Notification
from plans.models import Quarter
from priorities.models import Action, Rag, StatusUpdate
from priorities.services import (
    COMMENTARY_MAX_LENGTH,
    ESCALATION_REASON_MAX_LENGTH,
    EVIDENCE_MAX_LENGTH,
    StaleActionError,
    status_update_record,
)
from tests import factories as f
from tests.tasks import run_queued_tasks


def record(world, **kwargs):
    values = {"action": world.action, "user": world.users["lead"], "rag": Rag.GREEN, "commentary": "On track"}
    return status_update_record(**{**values, **kwargs})


def test_an_update_is_logged_in_the_open_quarter_and_refreshes_the_action(world):
    update = record(world, rag=Rag.AMBER, commentary="Venue not booked", evidence_of_impact="12 staff trained")
    action = Action.objects.get(pk=world.action.pk)
    assert update.rag_before == Rag.NOT_STARTED and update.rag == Rag.AMBER
    assert update.quarter == world.open_quarter
    assert update.author == world.users["lead"]
    assert update.evidence_of_impact == "12 staff trained"
    assert (action.rag, action.latest_update, action.version) == (Rag.AMBER, update, 1)
    # The caller's object is refreshed too, so a view can carry on with it.
    assert (world.action.rag, world.action.version) == (Rag.AMBER, 1)


@pytest.mark.parametrize(("rag", "message"), [(Rag.RED, "red"), (Rag.AMBER, "amber")])
def test_red_and_amber_need_a_commentary(world, rag, message):
    with pytest.raises(ValidationError) as error:
        record(world, rag=rag, commentary="   ")
    assert error.value.message_dict["commentary"] == [f"Enter a commentary explaining why the action is {message}"]
    assert not StatusUpdate.objects.exists()


def test_any_change_of_status_needs_a_commentary_but_confirming_one_does_not(world):
    with pytest.raises(ValidationError) as error:
        record(world, rag=Rag.GREEN, commentary="")
    assert error.value.message_dict["commentary"] == [
        "Enter a commentary explaining why the status has changed to green"
    ]
    record(world, rag=Rag.GREEN, commentary="Started and on track")
    confirmed = record(world, rag=Rag.GREEN, commentary="")
    assert confirmed.rag_before == Rag.GREEN and confirmed.commentary == ""


def test_escalation_needs_a_reason(world):
    with pytest.raises(ValidationError) as error:
        record(world, needs_escalation=True, escalation_reason=" ")
    assert error.value.message_dict["escalation_reason"] == ["Enter the reason the action needs escalation or support"]


def test_a_reason_without_the_escalation_flag_is_not_kept(world):
    update = record(world, needs_escalation=False, escalation_reason="Typed, then unticked")
    assert update.escalation_reason == ""


def test_an_unknown_status_is_refused(world):
    with pytest.raises(ValidationError) as error:
        record(world, rag="purple")
    assert "rag" in error.value.message_dict
    assert Action.objects.get(pk=world.action.pk).version == 0


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("commentary", COMMENTARY_MAX_LENGTH),
        ("evidence_of_impact", EVIDENCE_MAX_LENGTH),
        ("escalation_reason", ESCALATION_REASON_MAX_LENGTH),
    ],
)
def test_oversized_text_is_refused(world, field, limit):
    at_limit = {"escalation_reason": "ok", field: "x" * limit}
    record(world, needs_escalation=True, **at_limit)
    with pytest.raises(ValidationError) as error:
        record(world, needs_escalation=True, **{**at_limit, field: "x" * (limit + 1)})
    assert f"{limit} characters or fewer" in error.value.message_dict[field][0]
    assert StatusUpdate.objects.count() == 1


def test_no_open_quarter_is_a_clear_error_and_writes_nothing(world):
    Quarter.objects.filter(plan=world.plan, state=Quarter.State.OPEN).update(state=Quarter.State.CLOSED)
    with pytest.raises(ValidationError, match="No reporting quarter is open"):
        record(world)
    assert not StatusUpdate.objects.exists()


def test_a_given_quarter_and_time_are_used_for_demo_history(world):
    closed = world.closed_quarter
    at = timezone.make_aware(datetime.datetime(2014, 9, 20, 10, 0))
    update = record(world, rag=Rag.RED, commentary="Demo", quarter=closed, created_at=at, is_demo=True)
    assert (update.quarter, update.created_at, update.is_demo) == (closed, at, True)


def test_a_quarter_of_another_plan_is_refused(world):
    with pytest.raises(ValidationError, match="another plan"):
        record(world, quarter=Quarter.objects.filter(plan=world.other_plan).first())


def test_an_update_older_than_the_latest_is_refused(world):
    record(world)
    with pytest.raises(ValidationError, match="date order"):
        record(world, created_at=timezone.now() - datetime.timedelta(days=1))


def test_a_stale_version_is_refused_with_the_newer_updates(world):
    opened_at_version = world.action.version
    theirs = status_update_record(
        action=Action.objects.get(pk=world.action.pk),
        user=world.users["admin"],
        rag=Rag.RED,
        commentary="Police lead has left",
    )
    with pytest.raises(StaleActionError) as stale:
        record(world, rag=Rag.GREEN, commentary="Mine", expected_version=opened_at_version)
    assert stale.value.updates == [theirs]
    assert stale.value.action.version == 1
    assert list(StatusUpdate.objects.values_list("commentary", flat=True)) == ["Police lead has left"]
    # With the version they have now seen, the save goes through.
    record(world, rag=Rag.GREEN, commentary="Mine", expected_version=1)
    assert Action.objects.get(pk=world.action.pk).rag == Rag.GREEN


def test_status_updates_cannot_be_edited_or_deleted(world):
    update = record(world)
    update.commentary = "Rewritten history"
    with pytest.raises(ValidationError):
        update.save()
    with pytest.raises(ValidationError):
        update.delete()
    with pytest.raises(ValidationError):
        StatusUpdate.objects.filter(pk=update.pk).update(commentary="Rewritten")
    with pytest.raises(ValidationError):
        StatusUpdate.objects.all().delete()
    assert StatusUpdate.objects.get(pk=update.pk).commentary == "On track"


def test_the_cached_status_always_matches_the_log(world):
    for rag, text in [(Rag.GREEN, "a"), (Rag.GREEN, ""), (Rag.AMBER, "b"), (Rag.RED, "c"), (Rag.COMPLETE, "d")]:
        record(world, rag=rag, commentary=text)
    action = Action.objects.get(pk=world.action.pk)
    log = list(action.updates.all())
    assert action.latest_update == log[0]
    assert action.rag == log[0].rag == Rag.COMPLETE
    assert action.version == len(log) == 5
    # Each update starts where the previous one ended.
    chronological = list(reversed(log))
    assert [u.rag_before for u in chronological[1:]] == [u.rag for u in chronological[:-1]]


class TestAlerts:
    """Alerts are recorded and queued with the update, and sent by the task queue's worker (tests.tasks)."""

    def test_turning_red_emails_each_board_administrator(self, world):
        second_admin = f.UserFactory(username="admin2", roles=["Board administrator"])
        f.MembershipFactory(user=second_admin, board=world.board)
        record(world, rag=Rag.RED, commentary="Police lead has left <b>suddenly</b>")
        assert mail.outbox == []  # nothing is sent inside the lead's request
        run_queued_tasks()
        assert sorted(m.to[0] for m in mail.outbox) == ["admin2@example.org", "admin@example.org"]
        message = mail.outbox[0]
        assert len(message.to) == 1
        assert message.subject == "CSE-01 is now Red"
        assert "Not started to Red" in message.body
        assert "Police lead has left <b>suddenly</b>" in message.body  # plain text: shown as typed
        assert "Jo Moses" in message.body
        assert f"/priorities/actions/{world.action.pk}/" in message.body
        assert "otheradmin@example.org" not in [m.to[0] for m in mail.outbox]
        recorded = Notification.objects.filter(kind=Notification.Kind.ACTION_ALERT)
        assert sorted(recorded.values_list("email", "status", "board")) == [
            ("admin2@example.org", "sent", world.board.pk),
            ("admin@example.org", "sent", world.board.pk),
        ]

    def test_escalation_emails_the_administrators(self, world):
        record(world, rag=Rag.AMBER, commentary="Slipping", needs_escalation=True, escalation_reason="No budget")
        run_queued_tasks()
        assert [m.subject for m in mail.outbox] == ["CSE-01 needs escalation or support"]
        assert "No budget" in mail.outbox[0].body

    def test_no_email_for_amber_or_for_staying_red(self, world):
        record(world, rag=Rag.AMBER, commentary="Slipping")
        run_queued_tasks()
        assert mail.outbox == []
        record(world, rag=Rag.RED, commentary="Worse")
        record(world, rag=Rag.RED, commentary="Still red")
        run_queued_tasks()
        assert len(mail.outbox) == 1

    def test_no_email_when_the_update_is_refused(self, world):
        with pytest.raises(ValidationError):
            record(world, rag=Rag.RED, commentary="")
        run_queued_tasks()
        assert mail.outbox == [] and Notification.objects.count() == 0

    def test_demo_history_sends_no_email(self, world):
        record(world, rag=Rag.RED, commentary="Demo", is_demo=True)
        run_queued_tasks()
        assert mail.outbox == [] and Notification.objects.count() == 0

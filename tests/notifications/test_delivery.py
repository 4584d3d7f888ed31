"""Every email is recorded, sent by the task queue, retried with backoff when the mail server fails, never twice."""

import datetime
import re
import socket
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from notifications.models import Notification
from notifications.services import queue_email
from notifications.tasks import deliver_notification, retry_delay
from priorities.models import Rag, StatusUpdate
from tests.tasks import run_queued_tasks

NOW = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)


def _dead_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SMTP_DOWN = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_TIMEOUT": 2,
}


def _queue(world, key="k1"):
    return queue_email(
        kind=Notification.Kind.ACTION_ALERT,
        board=world.board,
        recipient=world.users["admin"],
        email="admin@example.org",
        subject="CSE-01 is now Red",
        body="Body",
        dedupe_key=key,
    )


def test_a_recorded_email_is_sent_once_by_the_worker(world):
    notification = _queue(world)
    assert notification.status == Notification.Status.QUEUED and mail.outbox == []
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_notification").count() == 1
    run_queued_tasks()
    run_queued_tasks()
    deliver_notification.call(notification.pk)  # a duplicate task finds it sent and does nothing
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["X-Tracker-Notification"] == str(notification.pk)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == ("sent", 1, "")
    assert notification.sent_at is not None


def test_the_same_occasion_is_recorded_and_queued_once(world):
    assert _queue(world, "same") is not None
    assert _queue(world, "same") is None
    assert Notification.objects.filter(dedupe_key="same").count() == 1
    assert DBTaskResult.objects.count() == 1


def test_backoff_doubles_and_is_capped():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(30).total_seconds() == 6 * 60 * 60


def test_a_mail_server_that_is_down_is_retried_with_backoff_until_it_answers(world):
    with override_settings(**SMTP_DOWN, EMAIL_PORT=_dead_port()), time_machine.travel(NOW, tick=False):
        notification = _queue(world)
        run_queued_tasks()
        notification.refresh_from_db()
        assert notification.status == Notification.Status.RETRYING and notification.attempts == 1
        assert "ConnectionRefusedError" in notification.last_error
        assert notification.next_attempt_at == NOW + datetime.timedelta(minutes=1)
        run_queued_tasks()  # the retry is not due yet
        notification.refresh_from_db()
        assert notification.attempts == 1
    with override_settings(**SMTP_DOWN, EMAIL_PORT=_dead_port()):
        with time_machine.travel(NOW + datetime.timedelta(minutes=1, seconds=1), tick=False):
            run_queued_tasks()
        notification.refresh_from_db()
        assert notification.attempts == 2
        assert notification.next_attempt_at == NOW + datetime.timedelta(minutes=1, seconds=1 + 120)
    # The mail server is back (the locmem backend of the test settings).
    with time_machine.travel(NOW + datetime.timedelta(minutes=5), tick=False):
        run_queued_tasks()
        run_queued_tasks()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == ("sent", 3, "")
    assert len(mail.outbox) == 1


@override_settings(NOTIFICATION_MAX_ATTEMPTS=2)
def test_after_the_last_attempt_the_email_is_marked_failed_and_left(world):
    with override_settings(**SMTP_DOWN, EMAIL_PORT=_dead_port()):
        notification = _queue(world)
        for minutes in (0, 2, 10, 60):
            with time_machine.travel(NOW + datetime.timedelta(minutes=minutes), tick=False):
                run_queued_tasks()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 2)
    assert notification.next_attempt_at is None
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_an_escalation_while_the_mail_server_is_down_saves_and_answers_normally(world, client_for):
    client = client_for("lead")
    url = reverse("priorities:action_update", args=[world.action.pk])
    form = client.get(url).context["form"]
    with override_settings(**SMTP_DOWN, EMAIL_PORT=_dead_port()):
        response = client.post(
            url,
            {
                "rag": Rag.RED,
                "commentary": "The police lead has left",
                "evidence_of_impact": "",
                "needs_escalation": "on",
                "escalation_reason": "No lead",
                "version": form.initial.get("version", 0),
            },
        )
        assert response.status_code == 302, response.content[:500]
        assert StatusUpdate.objects.filter(action=world.action, rag=Rag.RED).exists()
        run_queued_tasks()
    alert = Notification.objects.get(kind=Notification.Kind.ACTION_ALERT)
    assert alert.status == Notification.Status.RETRYING and alert.email == "admin@example.org"


@pytest.mark.parametrize("persona, expected", [("admin", 1), ("other_board_admin", 0), ("platform_admin", 1)])
def test_the_record_in_the_admin_is_the_boards_own(world, client_for, persona, expected):
    _queue(world)
    response = client_for(persona).get(reverse("admin:notifications_notification_changelist"))
    assert response.status_code == 200
    assert response.content.decode().count("CSE-01 is now Red") == expected


def test_no_code_sends_email_except_the_delivery_task():
    """Every email goes through the record and the queue: nothing else may talk to the mail server."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "node_modules/", "tests/")) or relative == "notifications/tasks.py":
            continue
        # Overriding Django's PasswordResetForm.send_mail to queue the email (accounts/forms.py) is not sending one.
        text = re.sub(r"def send_mail\(", "def _overridden(", path.read_text())
        if re.search(r"\b(send_mail|send_mass_mail|mail_admins|mail_managers|EmailMessage|get_connection)\b", text):
            offenders.append(relative)
    assert offenders == []

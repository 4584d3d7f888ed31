"""The scheduler runs each job once per slot, however many schedulers run at once on however many servers."""

import datetime
import threading
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import override_settings

from notifications import scheduling
from notifications.management.commands import scheduler
from notifications.models import Notification, ScheduledRun
from notifications.scheduling import run_due_jobs, slot_start
from tests.tasks import run_queued_tasks

# 11 days before the world's update deadline (21 December 2014): the 14-day reminder is due.
REMINDER_DAY = datetime.datetime(2014, 12, 10, 9, 17, tzinfo=datetime.UTC)


def test_slots_are_fixed_windows_of_the_jobs_length():
    assert slot_start(REMINDER_DAY, 60) == datetime.datetime(2014, 12, 10, 9, 0, tzinfo=datetime.UTC)
    assert slot_start(REMINDER_DAY, 24 * 60) == datetime.datetime(2014, 12, 10, 0, 0, tzinfo=datetime.UTC)


def test_each_job_runs_once_per_slot_and_again_in_the_next(world):
    with time_machine.travel(REMINDER_DAY, tick=False):
        assert run_due_jobs() == ["update_reminders", "audit_reminders", "clearsessions", "prune_task_results"]
        assert run_due_jobs() == []
    with time_machine.travel(REMINDER_DAY + datetime.timedelta(hours=1), tick=False):
        assert run_due_jobs() == ["update_reminders", "audit_reminders"]
    runs = ScheduledRun.objects.filter(job="update_reminders").order_by("slot")
    assert [run.succeeded for run in runs] == [True, True]
    assert "Queued 2 reminders" in runs[0].output and "Queued 0 reminders" in runs[1].output


@override_settings(SCHEDULED_JOBS=[{"name": "broken", "command": "no_such_command", "every_minutes": 60}])
def test_a_failing_job_is_recorded_as_failed(world):
    assert run_due_jobs() == ["broken"]
    assert ScheduledRun.objects.get(job="broken").succeeded is False


def test_the_command_runs_one_pass_with_once(world):
    out = StringIO()
    # close_old_connections() between passes would close the test's transaction on PostgreSQL.
    with time_machine.travel(REMINDER_DAY, tick=False), mock.patch(f"{scheduler.__name__}.close_old_connections"):
        call_command("scheduler", "--once", stdout=out)
    assert out.getvalue().strip() == "Ran update_reminders, audit_reminders, clearsessions, prune_task_results"


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_send_each_reminder_exactly_once(world):
    """Two schedulers (threads with their own database connections) start the same slot at the same moment."""
    start = threading.Barrier(2)
    ran, errors = [], []

    def scheduler():
        try:
            start.wait()
            with time_machine.travel(REMINDER_DAY, tick=False):
                ran.append(run_due_jobs())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(len(jobs) for jobs in ran) in ([0, 4], [1, 3], [2, 2])  # every job ran, each in one scheduler only
    assert sorted(sum(ran, [])) == ["audit_reminders", "clearsessions", "prune_task_results", "update_reminders"]
    with time_machine.travel(REMINDER_DAY, tick=False):
        run_queued_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["lead@example.org", "otherlead@example.org"]
    assert Notification.objects.filter(status="sent").count() == 2


def test_the_schedulers_writes_wait_for_a_locked_sqlite_database_and_give_up_on_anything_else(monkeypatch):
    monkeypatch.setattr(scheduling, "LOCKED_FIRST_WAIT", 0)
    attempts = []

    def locked_twice():
        attempts.append(1)
        if len(attempts) <= 2:
            raise OperationalError("database table is locked")
        return "written"

    assert scheduling._when_unlocked(locked_twice) == "written" and len(attempts) == 3

    def always_locked():
        raise OperationalError("database is locked")

    with pytest.raises(OperationalError, match="locked"):
        scheduling._when_unlocked(always_locked)

    other = []

    def broken():
        other.append(1)
        raise OperationalError("no such table: notifications_scheduledrun")

    with pytest.raises(OperationalError, match="no such table"):
        scheduling._when_unlocked(broken)
    assert len(other) == 1  # not retried

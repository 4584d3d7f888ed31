"""Server errors reach ADMINS through the record and the queue, once per distinct error per hour, never in-request."""

import logging

from django.core import mail
from django.test import override_settings

from notifications.models import Notification
from tests.tasks import run_queued_tasks

ADMINS = [("Service desk", "servicedesk@example.org"), ("Duty officer", "duty@example.org")]


def _fail(message="Something broke"):
    try:
        raise ValueError(message)
    except ValueError:
        logging.getLogger("django.request").error("Internal Server Error: /plan/", exc_info=True)


@override_settings(ADMINS=ADMINS)
def test_an_error_is_recorded_and_queued_for_each_admin_not_sent_at_once(db):
    _fail()
    assert mail.outbox == []  # nothing talks to the mail server while the request is failing
    reports = Notification.objects.filter(kind=Notification.Kind.ERROR_REPORT)
    assert sorted(reports.values_list("email", flat=True)) == ["duty@example.org", "servicedesk@example.org"]
    run_queued_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["duty@example.org", "servicedesk@example.org"]
    message = mail.outbox[0]
    assert message.subject.endswith("ERROR: Internal Server Error: /plan/")
    assert "ValueError: Something broke" in message.body and "Logger: django.request" in message.body


@override_settings(ADMINS=ADMINS)
def test_the_same_error_a_thousand_times_is_one_email_per_admin_per_hour(db):
    for _ in range(1000):
        _fail()
    assert Notification.objects.filter(kind=Notification.Kind.ERROR_REPORT).count() == 2


def test_without_admins_nothing_is_recorded(db):
    _fail()
    assert not Notification.objects.exists()

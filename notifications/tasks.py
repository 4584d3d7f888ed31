"""Background tasks of the notifications app, run by `manage.py db_worker` (django-tasks with the django-tasks-db
backend; `django.tasks` from Django 6)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Notification

logger = logging.getLogger(__name__)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: the base (NOTIFICATION_RETRY_BASE_SECONDS, one minute by default) doubled after every
    failure, at most six hours: 1, 2, 4, 8 ... minutes."""
    seconds = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, 6 * 60 * 60))


@task()
def deliver_notification(notification_id: int) -> str:
    """Send one recorded email. The row is locked while sending, so two workers never send it twice; a sent or failed
    notification is left alone. A failure is recorded and the task queues itself again after the backoff; the task
    itself never fails, so its result says what happened to the email."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status in (Notification.Status.SENT, Notification.Status.FAILED):
            return notification.status if notification else "missing"
        notification.attempts += 1
        message = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            to=[notification.email],
            # The drill and the mail server's logs match a message to its record with this header.
            headers={"X-Tracker-Notification": str(notification.pk)},
        )
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - any failure of the mail server is recorded and retried
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
                notification.next_attempt_at = None
                logger.error(
                    "Email %s failed for good after %s attempts: %s",
                    notification.pk,
                    notification.attempts,
                    notification.last_error,
                )
            else:
                notification.status = Notification.Status.RETRYING
                notification.next_attempt_at = timezone.now() + retry_delay(notification.attempts)
                deliver_notification.using(run_after=notification.next_attempt_at).enqueue(notification.pk)
                logger.warning(
                    "Email %s failed (attempt %s), retrying at %s: %s",
                    notification.pk,
                    notification.attempts,
                    notification.next_attempt_at,
                    notification.last_error,
                )
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.next_attempt_at = None
            notification.last_error = ""
        notification.save()
        return notification.status

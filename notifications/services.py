"""Recording and queueing emails. Callers build the message; this module makes sure it is sent once, later, by the
task queue, and that the record says what happened."""

import logging

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from .models import Notification
from .tasks import deliver_notification

logger = logging.getLogger(__name__)


def queue_email(*, kind, email, subject, body, dedupe_key, board=None, recipient=None) -> Notification | None:
    """Record an email and queue its delivery, in the caller's transaction (the queue is in the same database, so a
    rolled-back request queues nothing). Returns None when `dedupe_key` was recorded before: nothing is queued twice,
    even when two schedulers on two servers race (the unique key decides)."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                board=board,
                recipient=recipient,
                email=email,
                subject=subject[:300],
                body=body,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if Notification.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    deliver_notification.enqueue(notification.pk)
    return notification


def queue_emails(*, kind, board, users, subject_template, body_template, context, dedupe_prefix, per_user=None) -> int:
    """The same email to each of `users`: one recorded Notification per person, rendered with `context` plus `user`
    (and `per_user(user)`, a dict, when the wording depends on the person), deduplicated by
    `<dedupe_prefix>:<user id>`. Returns how many were queued now (not those queued before)."""
    queued = 0
    for user in users:
        user_context = {**context, "user": user, **(per_user(user) if per_user else {})}
        queued += bool(
            queue_email(
                kind=kind,
                board=board,
                recipient=user,
                email=user.email,
                subject=render_to_string(subject_template, user_context).strip(),
                body=render_to_string(body_template, user_context),
                dedupe_key=f"{dedupe_prefix}:{user.pk}",
            )
        )
    return queued

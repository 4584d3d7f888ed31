"""Writes of the scrutiny log: raise an entry, respond to it, record its outcome. Each email goes through the
notification record and the task queue (notifications.services), in the same transaction as the write."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from bscb.links import absolute_url
from notifications.models import Notification
from notifications.services import queue_emails

from .models import ScrutinyEntry, ScrutinyResponse


class NotAllowed(Exception):
    """The entry is closed: nothing more is added to it."""


def _administrators(board):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__board=board,
            memberships__is_active=True,
            memberships__roles__name=Role.BOARD_ADMIN.value,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def addressees(entry: ScrutinyEntry):
    """Who is told of a new entry: the lead's own account when it is addressed to a lead who has one, else the board's
    administrators (who answer for the board and its partners)."""
    if entry.addressed_to == ScrutinyEntry.AddressedTo.LEAD and entry.lead.user_id and entry.lead.user.email:
        return [entry.lead.user]
    return list(_administrators(entry.board))


@transaction.atomic
def raise_entry(
    *, board, user, kind, addressed_to, subject, detail, agency=None, lead=None, action=None, response_due_on=None
) -> ScrutinyEntry:
    entry = ScrutinyEntry.objects.create(
        board=board,
        kind=kind,
        addressed_to=addressed_to,
        agency=agency if addressed_to == ScrutinyEntry.AddressedTo.PARTNER else None,
        lead=lead if addressed_to == ScrutinyEntry.AddressedTo.LEAD else None,
        action=action,
        subject=subject,
        detail=detail,
        raised_by=user,
        response_due_on=response_due_on,
    )
    # The email names the subject only: the detail stays behind the sign-in.
    queue_emails(
        kind=Notification.Kind.SCRUTINY_RAISED,
        board=board,
        users=addressees(entry),
        subject_template="emails/scrutiny_raised_subject.txt",
        body_template="emails/scrutiny_raised.txt",
        context={"entry": entry, "url": absolute_url(reverse("scrutiny:entry_detail", args=[entry.pk]))},
        dedupe_prefix=f"scrutiny-raised:{entry.pk}",
    )
    return entry


@transaction.atomic
def respond(*, entry: ScrutinyEntry, user, text: str) -> ScrutinyResponse:
    entry = ScrutinyEntry.objects.select_for_update(of=("self",)).select_related("agency", "lead").get(pk=entry.pk)
    if entry.status == ScrutinyEntry.Status.CLOSED:
        raise NotAllowed("This entry is closed.")
    response = ScrutinyResponse.objects.create(entry=entry, by=user, responding_for=entry.addressee_label, text=text)
    entry.status = ScrutinyEntry.Status.RESPONDED
    entry.save(update_fields=["status"])
    scrutineer = entry.raised_by
    if scrutineer.is_active and scrutineer.email:
        queue_emails(
            kind=Notification.Kind.SCRUTINY_RESPONSE,
            board=entry.board,
            users=[scrutineer],
            subject_template="emails/scrutiny_response_subject.txt",
            body_template="emails/scrutiny_response.txt",
            context={"entry": entry, "url": absolute_url(reverse("scrutiny:entry_detail", args=[entry.pk]))},
            dedupe_prefix=f"scrutiny-response:{response.pk}",
        )
    return response


@transaction.atomic
def close(*, entry: ScrutinyEntry, outcome: str) -> ScrutinyEntry:
    entry = ScrutinyEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
    if entry.status == ScrutinyEntry.Status.CLOSED:
        raise NotAllowed("This entry is closed already.")
    entry.status = ScrutinyEntry.Status.CLOSED
    entry.outcome = outcome
    entry.closed_on = timezone.localdate()
    entry.save(update_fields=["status", "outcome", "closed_on"])
    return entry

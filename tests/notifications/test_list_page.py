"""The board administrator's page of emails sent: their board's only, filterable, status in words."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification

URL = reverse("notifications:notification_list")


def _email(board, user, key, status=Notification.Status.SENT, kind=Notification.Kind.ACTION_ALERT, **extra):
    return Notification.objects.create(
        board=board,
        recipient=user,
        email=user.email,
        kind=kind,
        subject=f"Subject {key}",
        body="Body",
        dedupe_key=key,
        status=status,
        attempts=extra.pop("attempts", 1),
        sent_at=timezone.now() if status == Notification.Status.SENT else None,
        **extra,
    )


@pytest.fixture
def emails(world):
    lead = world.users["lead"]
    return [
        _email(world.board, lead, "ours-sent"),
        _email(
            world.board,
            lead,
            "ours-failed",
            status=Notification.Status.FAILED,
            kind=Notification.Kind.UPDATE_REMINDER,
            attempts=8,
            last_error="SMTPRecipientsRefused: unknown user",
        ),
        _email(
            world.board,
            world.users["bmg"],
            "ours-retrying",
            status=Notification.Status.RETRYING,
            next_attempt_at=timezone.now() + datetime.timedelta(minutes=4),
        ),
        _email(world.other_board, world.users["other_board_admin"], "theirs"),
    ]


def test_the_administrator_sees_their_boards_emails_with_status_in_words(world, client_for, emails):
    page = client_for("admin").get(URL).content.decode()
    assert "Subject ours-sent" in page and "Subject ours-failed" in page and "Subject ours-retrying" in page
    assert "Subject theirs" not in page
    assert ">Sent</strong>" in page and ">Failed</strong>" in page and ">Waiting to retry</strong>" in page
    assert "Gave up after 8 attempts: SMTPRecipientsRefused: unknown user" in page
    assert "Attempt 1 failed; next try" in page
    assert "Jo Moses" in page and "lead@example.org" in page
    assert "(check the address, or ask IT whether the mail server refused it)" in page


def test_the_other_board_sees_only_its_own(world, client_for, emails):
    page = client_for("other_board_admin").get(URL).content.decode()
    assert "Subject theirs" in page and "Subject ours" not in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=failed", ["ours-failed"]),
        ("kind=action_alert", ["ours-retrying", "ours-sent"]),
        ("q=bmg%40example", ["ours-retrying"]),
        ("q=Moses", ["ours-failed", "ours-sent"]),
        ("status=nonsense", ["ours-failed", "ours-retrying", "ours-sent"]),  # an invalid filter is ignored
    ],
)
def test_filters(world, client_for, emails, query, expected):
    page = client_for("admin").get(f"{URL}?{query}").content.decode()
    shown = sorted(key for key in ("ours-sent", "ours-failed", "ours-retrying") if f"Subject {key}<" in page)
    assert shown == expected


def test_the_query_count_does_not_grow_with_the_emails(world, client_for, emails, django_assert_num_queries):
    client = client_for("admin")
    client.get(URL)
    with django_assert_num_queries(14) as captured:
        client.get(URL)
    for n in range(40):
        _email(world.board, world.users["bmg"], f"more-{n}")
    with django_assert_num_queries(len(captured.captured_queries)):
        client.get(URL)

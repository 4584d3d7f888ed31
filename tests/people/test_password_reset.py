"""Password reset by email: the link is recorded and sent by the task queue, works once, and the page never says
whether an address has an account."""

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a brand new passphrase"


def test_a_reset_link_is_emailed_and_sets_a_new_password_once(world, settings):
    settings.SITE_URL = "https://tracker.example.org"
    response = Client().post(reverse("accounts:password_reset"), {"email": "LEAD@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_sent")
    notification = Notification.objects.get(kind=Notification.Kind.PASSWORD_RESET)
    # Recorded with no board: its working link is not for any board administrator to read.
    assert (notification.recipient, notification.board) == (world.users["lead"], None)
    run_queued_tasks()
    [message] = mail.outbox
    link = re.search(r"https://tracker\.example\.org(/accounts/password-reset/\S+/)", message.body).group(1)
    visitor = Client()
    form_page = visitor.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    mismatch = visitor.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": "something else"})
    assert "govuk-error-summary" in mismatch.content.decode()
    done = visitor.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    signed_in = Client().post(reverse("accounts:sign_in"), {"username": "lead@example.org", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    used = Client().get(link, follow=True)
    assert "This reset link cannot be used" in used.content.decode()


def test_an_unknown_address_gets_the_same_page_and_no_email(world):
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_sent")
    assert not Notification.objects.exists()


def test_at_most_one_reset_email_per_account_in_ten_minutes(world):
    with time_machine.travel("2026-12-04 10:00:00", tick=False):
        for _ in range(3):
            Client().post(reverse("accounts:password_reset"), {"email": "lead@example.org"})
        assert Notification.objects.filter(kind=Notification.Kind.PASSWORD_RESET).count() == 1
    with time_machine.travel("2026-12-04 10:10:01", tick=False):
        Client().post(reverse("accounts:password_reset"), {"email": "lead@example.org"})
    assert Notification.objects.filter(kind=Notification.Kind.PASSWORD_RESET).count() == 2


def test_bad_input_gets_an_error(world):
    response = Client().post(reverse("accounts:password_reset"), {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter an email address like name@example.org" in response.content.decode()


def test_no_board_administrator_can_read_a_reset_link_in_the_email_record(world, client_for):
    Client().post(reverse("accounts:password_reset"), {"email": "lead@example.org"})
    notification = Notification.objects.get(kind=Notification.Kind.PASSWORD_RESET)
    admin = client_for("admin")
    assert admin.get(f"/admin/notifications/notification/{notification.pk}/change/").status_code == 404
    assert "Reset your password" not in admin.get("/admin/notifications/notification/").content.decode()
    assert "Reset your password" not in admin.get(reverse("notifications:notification_list")).content.decode()

"""Invitations (accounts/invitations.py, the people pages): an administrator invites a person by email; the single-use
link expires; following it makes the account with the invited roles, agency, job title and lead, and signs them in.
Emails go through the notification record and the task queue."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Invitation
from accounts.roles import Role, roles_of
from notifications.models import Notification
from plans.models import Lead
from tests.tasks import run_queued_tasks

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.django_db


def _invite(client, world, **overrides):
    data = {
        "email": "priya.shah@home.example",
        "first_name": "Priya",
        "last_name": "Shah",
        "job_title": "Head of Early Help",
        "agency": world.agency.pk,
        "roles": [Role.LEAD.value, Role.AGENCY_AUDIT_CONTACT.value],
        "lead": "",
        **overrides,
    }
    return client.post(reverse("people:person_invite"), data)


def _link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://tracker.example.org"


def test_an_invited_person_chooses_a_password_and_gets_what_they_were_invited_as(world, client_for, site_url):
    lead = Lead.objects.create(board=world.board, name="Priya Shah", kind=Lead.Kind.PERSON)
    response = _invite(client_for("admin"), world, lead=lead.pk)
    assert response.status_code == 302 and response["Location"] == reverse("people:people_list")
    invitation = Invitation.objects.get(email="priya.shah@home.example")
    assert invitation.board == world.board and invitation.status == "Waiting"
    notification = Notification.objects.get(kind=Notification.Kind.INVITATION)
    assert notification.board == world.board and notification.email == "priya.shah@home.example"
    assert mail.outbox == []  # nothing is sent inside the request
    run_queued_tasks()
    [message] = mail.outbox
    assert message.to == ["priya.shah@home.example"]
    assert message.subject == "You are invited to Home Safeguarding Children Board's plan tracker"
    link = _link_in(message)
    assert link.startswith("https://tracker.example.org/accounts/invitation/")
    assert "Agency audit contact, Lead" in message.body and "Home Borough Council" in message.body

    path = link.removeprefix("https://tracker.example.org")
    visitor = Client()
    page = visitor.get(path)
    assert page.status_code == 200
    assert "Create your account" in page.content.decode() and "priya.shah@home.example" in page.content.decode()

    # Too short a password: a GOV.UK error, no account.
    refused = visitor.post(path, {"new_password1": "short", "new_password2": "short"})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    assert not Invitation.objects.get(pk=invitation.pk).accepted_at

    done = visitor.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("home")
    invitation.refresh_from_db()
    user = invitation.accepted_user
    assert user.email == "priya.shah@home.example" and user.get_full_name() == "Priya Shah"
    assert roles_of(user) == {Role.LEAD, Role.AGENCY_AUDIT_CONTACT} and not user.is_staff
    assert (user.membership.board, user.membership.agency) == (world.board, world.agency)
    assert user.membership.job_title == "Head of Early Help"
    lead.refresh_from_db()
    assert lead.user == user
    # Signed in already: their home (a lead's is My actions) shows their board.
    assert visitor.get(reverse("home")).status_code in (200, 302)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.INVITATION, detail__contains="accepted").exists()

    # Single use: the link now says it was used, and makes nothing more.
    again = Client().get(path)
    assert again.status_code == 410 and "already been used" in again.content.decode()

    # They sign in with their email address, in any case.
    fresh = Client()
    signed_in = fresh.post(reverse("accounts:sign_in"), {"username": "Priya.Shah@HOME.example", "password": PASSWORD})
    assert signed_in.status_code == 302


def test_an_expired_resent_or_withdrawn_link_no_longer_works(world, client_for):
    admin = client_for("admin")
    _invite(admin, world)
    run_queued_tasks()
    first = re.search(r"/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    invitation = Invitation.objects.get()

    admin.post(reverse("people:invitation_send_again", kwargs={"pk": invitation.pk}))
    run_queued_tasks()
    assert len(mail.outbox) == 2
    second = re.search(r"/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    assert first != second
    assert Client().get(first).status_code == 410
    assert Client().get(second).status_code == 200

    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = Client().get(second)
    assert expired.status_code == 410 and "has expired" in expired.content.decode()
    assert Client().post(second, {"new_password1": PASSWORD, "new_password2": PASSWORD}).status_code == 410

    admin.post(reverse("people:invitation_send_again", kwargs={"pk": invitation.pk}))
    admin.post(reverse("people:invitation_withdraw", kwargs={"pk": invitation.pk}))
    run_queued_tasks()
    third = re.search(r"/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    withdrawn = Client().get(third)
    assert withdrawn.status_code == 410 and "withdrawn" in withdrawn.content.decode()
    assert not Invitation.objects.filter(accepted_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": ""}, "email", "Enter an email address"),
        ({"email": "lead@example.org"}, "email", "This person is already on your board"),
        ({"roles": []}, "roles", "Select at least one role"),
        ({"roles": [Role.AGENCY_AUDIT_CONTACT.value], "agency": ""}, "agency", "Select the agency of this agency"),
        ({"first_name": ""}, "first_name", "Enter a first name"),
    ],
)
def test_bad_input_on_the_invitation_form_gets_an_error_and_sends_nothing(world, client_for, overrides, field, message):
    response = _invite(client_for("admin"), world, **overrides)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html and f'href="#id_{field}' in html
    assert not Invitation.objects.exists() and not Notification.objects.exists()


def test_inviting_an_address_already_invited_is_refused(world, client_for):
    admin = client_for("admin")
    _invite(admin, world)
    response = _invite(admin, world)
    assert "has been invited already" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_the_other_boards_administrator_sees_none_of_the_home_boards_people_or_invitations(world, client_for):
    _invite(client_for("admin"), world)
    page = client_for("other_board_admin").get(reverse("people:people_list")).content.decode()
    assert "priya.shah@home.example" not in page and "Jo Moses" not in page and "otheradmin" in page
    home = client_for("admin").get(reverse("people:people_list")).content.decode()
    assert "priya.shah@home.example" in home and "Jo Moses" in home and "otheradmin" not in home


def test_an_email_or_password_field_in_error_has_the_red_border(world, client_for):
    """GOV.UK's error state on email and password inputs too (bscb/govuk_widgets.py)."""
    html = _invite(client_for("admin"), world, email="not an address").content.decode()
    assert re.search(r'<input type="email" name="email"[^>]*class="[^"]*govuk-input--error', html)
    page = Client().post(reverse("accounts:sign_in"), {"username": "", "password": ""}).content.decode()
    assert re.search(r'<input type="password" name="password"[^>]*govuk-input--error', page)

"""One person, several boards (issue 15, item 4): one account, a membership per board with its own roles, agency and
job title; the person chooses the board after sign-in and can switch; every page is scoped to the chosen board; one
board's administrator changes only that board's membership, never the shared account."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from tests import factories as f
from tests.factories import PASSWORD
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def di(world):
    """DI Cannon: a lead on the home board, the administrator of the other board."""
    user = f.UserFactory(
        username="di.cannon", email="john.cannon@police.example", first_name="John", last_name="Cannon"
    )
    home = Membership.objects.create(user=user, board=world.board, agency=world.other_agency, job_title="DI")
    home.roles.set([f.group(Role.LEAD)])
    other = Membership.objects.create(user=user, board=world.other_board, job_title="Detective Inspector")
    other.roles.set([f.group(Role.BOARD_ADMIN)])
    world.lead_person.user = None
    world.lead_person.save()
    cannon = world.get("cannon", lambda w: f.LeadFactory(board=w.board, name="DI John Cannon", user=user))
    world.action.leads.add(cannon)
    return user


def _signed_in(email="john.cannon@police.example"):
    client = Client()
    response = client.post(reverse("accounts:sign_in"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _choose(client, board):
    return client.post(reverse("accounts:choose_board"), {"board": str(board.pk), "next": reverse("home")})


def test_the_person_chooses_a_board_and_sees_only_it_with_its_roles(world, di):
    client = _signed_in()
    # Any page first asks which partnership.
    response = client.get(reverse("priorities:my_actions"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:choose_board"))
    page = client.get(response["Location"]).content.decode()
    assert "Which partnership are you working on?" in page
    assert "Home Safeguarding Children Board" in page and "Other Safeguarding Children Board" in page
    assert "Lead; Home Police" in page and "Board administrator" in page

    assert _choose(client, world.board)["Location"] == reverse("home")
    mine = client.get(reverse("priorities:my_actions")).content.decode()
    assert "CSE-01" in mine and "Home Safeguarding Children Board" in mine
    assert client.get(reverse("people:people_list")).status_code == 403  # a lead here
    assert "Switch partnership" in mine

    _choose(client, world.other_board)
    people = client.get(reverse("people:people_list"))
    assert people.status_code == 200  # their administrator there
    assert "otheradmin" in people.content.decode() and "Jo Moses" not in people.content.decode()
    # The home board's objects are not found from the other board, whatever the person is on the home board.
    assert client.get(reverse("priorities:action_detail", kwargs={"pk": world.action.pk})).status_code == 404
    assert client.get(reverse("priorities:my_actions")).status_code == 403


def test_a_board_that_is_not_theirs_cannot_be_chosen(world, di):
    stranger = Client()
    stranger.force_login(world.users["lead"])
    response = _choose(stranger, world.other_board)
    assert response.status_code == 200 and "Select the partnership you want to work on" in response.content.decode()
    assert "accounts.board_id" not in stranger.session
    # A session that names another board (forged, or a membership taken away since) is not believed.
    session = stranger.session
    session["accounts.board_id"] = world.other_board.pk
    session.save()
    page = stranger.get(reverse("priorities:my_actions")).content.decode()
    assert "Home Safeguarding Children Board" in page and "Other Safeguarding" not in page


def test_one_boards_administrator_changes_only_their_boards_membership(world, di, client_for):
    admin = client_for("admin")
    url = reverse("people:person_edit", kwargs={"pk": di.pk})
    page = admin.get(url).content.decode()
    assert "They also work with another partnership" in page
    response = admin.post(
        url,
        {
            "first_name": "Changed",
            "last_name": "Name",
            "email": "taken.over@example.org",
            "job_title": "DCI",
            "agency": world.other_agency.pk,
            "roles": [Role.LEAD.value, Role.BMG_MEMBER.value],
            "lead": "",
        },
    )
    assert response.status_code == 302
    di = get_user_model().objects.get(pk=di.pk)
    assert (di.first_name, di.email) == ("John", "john.cannon@police.example")  # the account is not theirs
    home = Membership.objects.get(user=di, board=world.board)
    other = Membership.objects.get(user=di, board=world.other_board)
    assert home.job_title == "DCI" and {g.name for g in home.roles.all()} == {Role.LEAD, Role.BMG_MEMBER}
    assert other.job_title == "Detective Inspector" and [g.name for g in other.roles.all()] == [Role.BOARD_ADMIN]
    # The Django admin does not offer the shared account to one board's administrator.
    assert admin.get(f"/admin/auth/user/{di.pk}/change/").status_code == 404

    # Deactivated on the home board: they keep the other one, and go straight to it.
    admin.post(reverse("people:person_deactivate", kwargs={"pk": di.pk}))
    assert get_user_model().objects.get(pk=di.pk).is_active
    client = _signed_in()
    assert client.get(reverse("people:people_list")).status_code == 200  # no choice to make: the other board
    assert client.get(reverse("priorities:action_detail", kwargs={"pk": world.action.pk})).status_code == 404


def test_an_existing_account_is_invited_to_a_second_board_and_joins_with_it(world, client_for):
    other_admin = client_for("other_board_admin")
    response = other_admin.post(
        reverse("people:person_invite"),
        {
            "email": "Lead@Example.org",
            "first_name": "Jo",
            "last_name": "Moses",
            "job_title": "",
            "agency": "",
            "roles": [Role.BMG_MEMBER.value],
            "lead": "",
        },
    )
    assert response.status_code == 302
    run_queued_tasks()
    [message] = mail.outbox
    assert "You already have an account with this email address" in message.body
    path = re.search(r"(/accounts/invitation/\S+/)", message.body).group(1)

    visitor = Client()
    assert "Sign in to accept the invitation" in visitor.get(path).content.decode()
    visitor.post(reverse("accounts:sign_in"), {"username": "lead@example.org", "password": PASSWORD})
    join = visitor.get(path).content.decode()
    assert "Join Other Safeguarding Children Board" in join
    assert visitor.post(path)["Location"] == reverse("home")
    lead = world.users["lead"]
    membership = Membership.objects.get(user=lead, board=world.other_board)
    assert [g.name for g in membership.roles.all()] == [Role.BMG_MEMBER]
    assert [g.name for g in Membership.objects.get(user=lead, board=world.board).roles.all()] == [Role.LEAD]
    # Working on the board they just joined.
    assert visitor.get(reverse("reporting:dashboard")).status_code in (200, 302)
    assert "Other Safeguarding Children Board" in visitor.get(reverse("home")).content.decode()
    # The link is used up.
    assert visitor.get(path).status_code == 410


def test_the_other_boards_administrator_never_unlinks_this_boards_lead(world, di, client_for):
    """DI Cannon leads actions on the home board; the other board's administrator edits his place there."""
    cannon = world.extras["cannon"]
    other_admin = client_for("other_board_admin")
    url = reverse("people:person_edit", kwargs={"pk": di.pk})
    data = {
        "first_name": "John",
        "last_name": "Cannon",
        "email": "john.cannon@police.example",
        "job_title": "DI",
        "agency": "",
        "roles": [Role.BOARD_ADMIN.value],
        "lead": "",
    }
    assert other_admin.post(url, data).status_code == 302
    cannon.refresh_from_db()
    assert cannon.user == di  # the home board's link is untouched
    # Linking him to one of the other board's leads is refused: an account leads one plan at a time.
    theirs = f.LeadFactory(board=world.other_board, name="J Cannon")
    refused = other_admin.post(url, {**data, "lead": theirs.pk})
    assert "This person is already a lead of another partnership" in refused.content.decode()
    theirs.refresh_from_db()
    cannon.refresh_from_db()
    assert theirs.user is None and cannon.user == di

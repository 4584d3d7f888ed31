"""The board administrator's people pages: roles, agency, job title and lead changed in the application (staff status
follows the administrator role); accounts deactivated, never deleted; one's own administrator role and account kept."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.roles import Role, roles_of
from plans.models import Lead
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _edit(client, world, user, **overrides):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "job_title": "",
        "agency": "",
        "roles": [group.name for group in user.groups.all()],
        "lead": Lead.objects.filter(user=user).values_list("pk", flat=True).first() or "",
        **overrides,
    }
    return client.post(reverse("people:person_edit", kwargs={"pk": user.pk}), data)


def test_roles_agency_job_title_and_lead_are_set_on_the_page(world, client_for):
    bmg = world.users["bmg"]
    new_lead = Lead.objects.create(board=world.board, name="Test Bmg", kind=Lead.Kind.PERSON)
    response = _edit(
        client_for("admin"),
        world,
        bmg,
        roles=[Role.BMG_MEMBER.value, Role.BOARD_ADMIN.value, Role.LEAD.value],
        agency=world.other_agency.pk,
        job_title="Detective Inspector",
        lead=new_lead.pk,
    )
    assert response.status_code == 302
    bmg = get_user_model().objects.get(pk=bmg.pk)
    assert roles_of(bmg) == {Role.BMG_MEMBER, Role.BOARD_ADMIN, Role.LEAD}
    assert bmg.is_staff  # the administrator role opens the Django admin without a separate tick
    assert (bmg.membership.agency, bmg.membership.job_title) == (world.other_agency, "Detective Inspector")
    new_lead.refresh_from_db()
    assert new_lead.user == bmg
    page = client_for("admin").get(reverse("people:people_list")).content.decode()
    assert "Detective Inspector" in page and "Home Police" in page

    # Taking the role away takes staff status with it.
    _edit(client_for("admin"), world, bmg, roles=[Role.BMG_MEMBER.value], lead=new_lead.pk)
    bmg = get_user_model().objects.get(pk=bmg.pk)
    assert not bmg.is_staff and roles_of(bmg) == {Role.BMG_MEMBER}


def test_bad_input_changes_nothing(world, client_for):
    contact = world.users["agency_contact"]
    response = _edit(client_for("admin"), world, contact, agency="", email="lead@example.org")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select the agency of this agency audit contact" in html
    assert "Another account already has this email address" in html
    contact.refresh_from_db()
    assert contact.email == "contact@example.org" and contact.membership.agency == world.agency


def test_an_administrator_keeps_their_own_role_and_account(world, client_for):
    admin = world.users["admin"]
    response = _edit(client_for("admin"), world, admin, roles=[Role.LEAD.value])
    assert "You cannot remove your own board administrator role" in response.content.decode()
    assert Role.BOARD_ADMIN in roles_of(get_user_model().objects.get(pk=admin.pk))
    refused = client_for("admin").post(reverse("people:person_deactivate", kwargs={"pk": admin.pk}))
    assert refused.status_code == 403
    assert get_user_model().objects.get(pk=admin.pk).is_active


def test_a_deactivated_person_cannot_sign_in_and_is_signed_out_and_can_come_back(world, client_for):
    lead = world.users["lead"]
    session = client_for("lead")
    assert session.get(reverse("priorities:my_actions")).status_code == 200
    client_for("admin").post(reverse("people:person_deactivate", kwargs={"pk": lead.pk}))
    assert get_user_model().objects.filter(pk=lead.pk).exists()  # never deleted
    assert session.get(reverse("priorities:my_actions")).status_code == 302  # signed out
    page = Client().post(reverse("accounts:sign_in"), {"username": "lead@example.org", "password": PASSWORD})
    assert page.status_code == 200 and "Enter a correct email address and password" in page.content.decode()
    listed = client_for("admin").get(reverse("people:people_list")).content.decode()
    assert "Deactivated" in listed
    client_for("admin").post(reverse("people:person_reactivate", kwargs={"pk": lead.pk}))
    again = Client().post(reverse("accounts:sign_in"), {"username": "lead@example.org", "password": PASSWORD})
    assert again.status_code == 302


def test_the_other_boards_person_is_not_found(world, client_for):
    other = world.users["other_board_admin"]
    assert client_for("admin").get(reverse("people:person_edit", kwargs={"pk": other.pk})).status_code == 404
    assert client_for("admin").post(reverse("people:person_deactivate", kwargs={"pk": other.pk})).status_code == 404
    assert get_user_model().objects.get(pk=other.pk).is_active


def test_a_groups_members_are_set_on_its_page(world, client_for):
    url = reverse("plans:lead_edit", kwargs={"pk": world.group.pk})
    page = client_for("admin").get(url).content.decode()
    assert "Members of this group" in page
    response = client_for("admin").post(
        url,
        {
            "name": "MASE",
            "kind": "group",
            "description": "Multi-agency sexual exploitation panel",
            "agency": "",
            "email": "",
            "members": [world.other_lead_person.pk],
        },
    )
    assert response.status_code == 302
    assert list(world.group.members.all()) == [world.other_lead_person]
    world.group.refresh_from_db()
    assert world.group.description == "Multi-agency sexual exploitation panel"
    # A person's page has no members question.
    assert (
        "Members of this group"
        not in client_for("admin").get(reverse("plans:lead_edit", kwargs={"pk": world.lead_person.pk})).content.decode()
    )

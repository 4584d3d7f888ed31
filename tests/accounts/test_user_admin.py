"""Board administrators manage their own board's accounts in the Django admin, and no other board's."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(world, client_for):
    admin = world.users["admin"]
    admin.is_staff = True
    admin.save()
    return client_for("admin")


def test_board_administrator_lists_only_their_own_boards_accounts(world, admin_client):
    page = admin_client.get("/admin/auth/user/").content.decode()
    assert "boardmember" in page and "otheradmin" not in page and "platform" not in page


def test_board_administrator_resets_a_leads_password(world, admin_client):
    lead = world.users["lead"]
    response = admin_client.post(
        f"/admin/auth/user/{lead.pk}/password/",
        {
            "password1": "a-new-long-passphrase-2026",
            "password2": "a-new-long-passphrase-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.check_password("a-new-long-passphrase-2026")


def test_another_boards_account_is_out_of_reach(world, admin_client):
    other = world.users["other_board_admin"]
    assert admin_client.get(f"/admin/auth/user/{other.pk}/change/").status_code in (302, 404)
    response = admin_client.post(
        f"/admin/auth/user/{other.pk}/password/",
        {"password1": "a-new-long-passphrase-2026", "password2": "a-new-long-passphrase-2026"},
    )
    assert response.status_code in (302, 404)
    other.refresh_from_db()
    assert not other.check_password("a-new-long-passphrase-2026")


def test_board_administrator_cannot_grant_superuser_rights(world, admin_client):
    page = admin_client.get(f"/admin/auth/user/{world.users['lead'].pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page


def test_an_account_added_by_a_board_administrator_joins_their_board(world, admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "new.person",
            "password1": "another-long-passphrase-1",
            "password2": "another-long-passphrase-1",
            "usable_password": "true",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(username="new.person")
    assert Membership.objects.get(user=user).board == world.board

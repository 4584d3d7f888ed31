"""`manage.py create_board`: a new installation's board and first board administrator, with no demo data
(docs/deploy.md, "Bootstrap of a new installation")."""

import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, Membership
from accounts.roles import Role, roles_of
from plans.models import Board, BusinessPlan
from priorities.models import Action
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
BARNET = settings.BASE_DIR / "fixtures" / "barnet-2014-2016"
OPTIONS = {
    "name": "Barnet Safeguarding Children Board",
    "short_name": "BSCB",
    "slug": "barnet",
    "admin_username": "jo.smith",
    "admin_email": "jo.smith@example.org",
    "admin_first_name": "Jo",
    "admin_last_name": "Smith",
}


def create_board(**overrides) -> str:
    out = io.StringIO()
    call_command("create_board", stdout=out, **{**OPTIONS, **overrides})
    return out.getvalue()


def printed_password(output: str) -> str:
    match = re.search(r"^One-time password \(shown only this once\): (\S+)$", output, re.MULTILINE)
    assert match, output
    return match.group(1)


def counts():
    return {
        "boards": Board.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def sign_in(username, password) -> Client:
    client = Client()
    response = client.post(reverse("accounts:sign_in"), {"username": username, "password": password})
    assert response.status_code == 302 and response["Location"] == reverse("home"), response.content[:500]
    return client


def test_creates_the_board_and_an_administrator_who_signs_in_with_the_printed_password():
    output = create_board()

    board = Board.objects.get(slug="barnet")
    assert (board.name, board.short_name) == ("Barnet Safeguarding Children Board", "BSCB")
    user = User.objects.get(username="jo.smith")
    assert (user.email, user.first_name, user.last_name) == ("jo.smith@example.org", "Jo", "Smith")
    assert roles_of(user) == {Role.BOARD_ADMIN}
    assert user.membership.board == board and user.membership.agency is None
    assert user.is_staff and not user.is_superuser and user.is_active
    password = printed_password(output)
    assert len(password) == 20  # secrets.token_urlsafe(15)
    assert output.count(password) == 1
    assert f"change this password at once at {reverse('accounts:password_change')}" in output

    # Through the real sign-in form (django-axes, the audit log), then the home page and the Django admin.
    client = sign_in("jo.smith", password)
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Board administrator" in home.content.decode()
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 200
    assert client.get(reverse("accounts:password_change")).status_code == 200

    # No demo data: one board, one account, no plan, no actions.
    assert counts()["boards"] == 1 and counts()["users"] == 1
    assert not BusinessPlan.objects.exists() and not Action.objects.exists()

    # The audit log: the command's own event, the membership and the role, all by the system, on the board.
    events = list(AuditEvent.objects.filter(board=board).order_by("id").values_list("kind", "detail"))
    assert (
        AuditEvent.Kind.ROLE_CHANGE,
        "First board administrator jo.smith created by manage.py create_board for the new board BSCB (barnet) "
        "(by the system)",
    ) in events
    assert (AuditEvent.Kind.MEMBERSHIP_CHANGE, "Membership of jo.smith created: board BSCB (by the system)") in events
    assert (AuditEvent.Kind.ROLE_CHANGE, "Roles of jo.smith: added Board administrator (by the system)") in events


def test_a_board_loaded_by_load_plan_is_used_unchanged():
    call_command("load_plan", str(BARNET), stdout=io.StringIO())
    board = Board.objects.get(slug="barnet")
    before = (board.name, board.short_name, board.history.count())

    output = create_board(name="Another name", short_name="XSCB")

    board.refresh_from_db()
    assert (board.name, board.short_name, board.history.count()) == before
    assert Board.objects.count() == 1
    assert "Board barnet already exists: Barnet Safeguarding Children Board (BSCB)" in output
    assert "nothing about it was changed" in output
    assert "--name and --short-name given differ from the existing board's and were not applied" in output
    user = User.objects.get(username="jo.smith")
    assert user.membership.board == board
    # The administrator reaches the loaded plan.
    client = sign_in("jo.smith", printed_password(output))
    assert client.get(reverse("plans:overview")).status_code == 200


def test_a_board_created_first_is_the_one_load_plan_fills():
    create_board()
    board = Board.objects.get(slug="barnet")
    call_command("load_plan", str(BARNET), stdout=io.StringIO())
    assert Board.objects.count() == 1
    assert BusinessPlan.objects.get().board == board


def test_an_existing_username_is_refused_and_nothing_is_written():
    UserFactory(username="jo.smith")
    before = counts()
    with pytest.raises(CommandError, match="A user named jo.smith already exists"):
        create_board()
    assert counts() == before
    assert not Board.objects.filter(slug="barnet").exists()


def test_a_username_differing_only_in_case_is_refused():
    UserFactory(username="Jo.Smith")
    before = counts()
    with pytest.raises(CommandError, match="already exists"):
        create_board()
    assert counts() == before


def test_an_invalid_email_is_refused_and_nothing_is_written():
    before = counts()
    with pytest.raises(CommandError, match="'jo.smith@' is not a valid email address"):
        create_board(admin_email="jo.smith@")
    assert counts() == before


def test_a_missing_required_option_is_refused_and_nothing_is_written():
    before = counts()
    options = {key: value for key, value in OPTIONS.items() if key != "admin_email"}
    with pytest.raises(CommandError, match="--admin-email"):
        call_command("create_board", stdout=io.StringIO(), **options)
    assert counts() == before


def test_a_board_name_taken_by_another_slug_is_refused_and_nothing_is_written():
    BoardFactory(name="Barnet Safeguarding Children Board", slug="barnet-old")
    before = counts()
    with pytest.raises(CommandError, match="The board is not valid"):
        create_board()
    assert counts() == before


def test_the_password_can_come_from_an_environment_variable_and_is_never_printed(monkeypatch):
    monkeypatch.setenv("FIRST_ADMIN_PASSWORD", "a long passphrase for Jo")
    output = create_board(password_env="FIRST_ADMIN_PASSWORD")
    assert "a long passphrase for Jo" not in output
    assert "One-time password" not in output
    assert "Password: the value of FIRST_ADMIN_PASSWORD." in output
    sign_in("jo.smith", "a long passphrase for Jo")


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "FIRST_ADMIN_PASSWORD is not set or is empty"), ("short", "This password is too short")],
)
def test_a_missing_or_weak_password_in_the_environment_is_refused(monkeypatch, value, message):
    monkeypatch.setenv("FIRST_ADMIN_PASSWORD", value)
    before = counts()
    with pytest.raises(CommandError, match=message):
        create_board(password_env="FIRST_ADMIN_PASSWORD")
    assert counts() == before

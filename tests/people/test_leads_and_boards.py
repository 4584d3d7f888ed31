"""The leads an import added, corrected by the board administrator (merge, remove); and the platform operator's new
board with its first administrator's invitation, and the command that makes the first operator."""

import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Invitation
from accounts.roles import Role
from plans.models import Board, Lead
from priorities.models import Action
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def test_merging_a_lead_moves_its_actions_groups_and_account(world, client_for):
    duplicate = Lead.objects.create(board=world.board, name="DI J Cannon", kind=Lead.Kind.PERSON)
    world.other_action.leads.add(duplicate)
    duplicate.groups.add(world.group)
    target = Lead.objects.create(board=world.board, name="DI John Cannon", kind=Lead.Kind.PERSON)
    response = client_for("admin").post(reverse("plans:lead_merge", kwargs={"pk": duplicate.pk}), {"target": target.pk})
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:lead_detail", kwargs={"pk": target.pk}
    )
    assert not Lead.objects.filter(pk=duplicate.pk).exists()
    assert list(Action.objects.filter(leads=target)) == [world.other_action]
    assert world.group in target.groups.all()
    world.other_action.refresh_from_db()
    assert world.other_action.responsible_leads == "Kaye Wise"  # as the plan wrote it


def test_two_leads_with_accounts_are_not_merged(world, client_for):
    response = client_for("admin").post(
        reverse("plans:lead_merge", kwargs={"pk": world.lead_person.pk}), {"target": world.other_lead_person.pk}
    )
    assert "Both leads are linked to a person" in response.content.decode()
    assert Lead.objects.filter(pk=world.lead_person.pk).exists()


def test_only_an_unused_lead_can_be_removed(world, client_for):
    unused = Lead.objects.create(board=world.board, name="All", kind=Lead.Kind.PLACEHOLDER)
    admin = client_for("admin")
    assert admin.post(reverse("plans:lead_remove", kwargs={"pk": world.lead_person.pk})).status_code == 302
    assert Lead.objects.filter(pk=world.lead_person.pk).exists()
    admin.post(reverse("plans:lead_remove", kwargs={"pk": unused.pk}))
    assert not Lead.objects.filter(pk=unused.pk).exists()


def test_a_lead_renamed_to_an_existing_name_is_refused(world, client_for):
    response = client_for("admin").post(
        reverse("plans:lead_edit", kwargs={"pk": world.lead_person.pk}),
        {"name": "kaye wise", "kind": "person", "description": "", "agency": "", "email": ""},
    )
    assert "Another lead has this name" in response.content.decode()
    world.lead_person.refresh_from_db()
    assert world.lead_person.name == "Jo Moses"


def test_the_operator_creates_a_board_and_its_administrator_is_invited(world, client_for, settings):
    settings.SITE_URL = "https://tracker.example.org"
    operator = client_for("platform_admin")
    data = {
        "name": "Harrow Safeguarding Adults Board",
        "short_name": "HSAB",
        "kind": "adults",
        "admin_first_name": "Sam",
        "admin_last_name": "Patel",
        "admin_email": "sam.patel@harrow.example",
    }
    response = operator.post(reverse("onboarding:board_create"), data)
    assert response.status_code == 302
    board = Board.objects.get(name="Harrow Safeguarding Adults Board")
    assert (board.kind, board.short_name, board.slug) == ("adults", "HSAB", "harrow-safeguarding-adults-board")
    invitation = Invitation.objects.get(board=board)
    assert invitation.roles == [Role.BOARD_ADMIN.value]
    overview = operator.get(reverse("reporting:boards_overview")).content.decode()
    assert "Harrow Safeguarding Adults Board" in overview and "Not loaded" in overview and "1 invited" in overview
    run_queued_tasks()
    assert mail.outbox[-1].to == ["sam.patel@harrow.example"]
    # The same name again: refused, nothing made.
    again = operator.post(reverse("onboarding:board_create"), data)
    assert "A board with this name exists already" in again.content.decode()
    assert Board.objects.filter(name__iexact=data["name"]).count() == 1


def test_the_operators_home_is_the_list_of_boards(world, client_for):
    response = client_for("platform_admin").get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("reporting:boards_overview")


def test_create_operator_prints_a_single_use_link_to_choose_a_password(db, settings):
    settings.SITE_URL = "https://tracker.example.org"
    out = io.StringIO()
    call_command("create_operator", email="ops@council.example", first_name="Sam", last_name="Okoro", stdout=out)
    link = re.search(r"https://tracker\.example\.org(/accounts/password-reset/\S+/)", out.getvalue()).group(1)
    visitor = Client()
    page = visitor.get(link, follow=True)
    set_url = page.redirect_chain[-1][0]
    visitor.post(set_url, {"new_password1": "operator passphrase 1", "new_password2": "operator passphrase 1"})
    signed_in = Client()
    response = signed_in.post(
        reverse("accounts:sign_in"), {"username": "ops@council.example", "password": "operator passphrase 1"}
    )
    assert response.status_code == 302
    assert signed_in.get(reverse("reporting:boards_overview")).status_code == 200
    with pytest.raises(CommandError, match="already has an account"):
        call_command("create_operator", email="OPS@council.example", first_name="A", last_name="B", stdout=out)

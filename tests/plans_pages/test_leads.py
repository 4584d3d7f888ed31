"""The leads directory and a lead's page: who leads what, directly and through groups, by kind and agency."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import Lead
from priorities.models import Rag
from tests import factories as f

from .helpers import open_quarter_at, set_rag

pytestmark = pytest.mark.django_db


@pytest.fixture
def mase_action(world):
    """A third action led by the MASE group, of which Jo Moses (the `lead` persona) is a member."""
    action = f.ActionFactory(
        objective=world.objective,
        order=3,
        reference="CSE-03",
        leads=[world.group],
        responsible_leads="MASE",
        due_date=datetime.date(2015, 3, 31),
    )
    return set_rag(action, Rag.AMBER)


def test_directory_groups_leads_by_kind_with_their_action_counts(world, client_for, mase_action):
    f.LeadFactory(board=world.board, name="Task Group to be established", kind=Lead.Kind.PLACEHOLDER)
    response = client_for("board_member").get(reverse("plans:lead_list"))
    directory = response.context["directory"]
    people = {entry.lead.name: entry for entry in directory.people}
    assert (people["Jo Moses"].direct, people["Jo Moses"].including_groups) == (1, 2)
    assert (people["Kaye Wise"].direct, people["Kaye Wise"].including_groups) == (1, 1)
    assert people["Jo Moses"].group_names == ["MASE"]
    assert [entry.lead.name for entry in directory.groups] == ["MASE"]
    assert directory.groups[0].direct == 1
    assert [entry.lead.name for entry in directory.placeholders] == ["Task Group to be established"]
    html = response.content.decode()
    for heading in ("People", "Groups and bodies", "Placeholders", "By agency"):
        assert f">{heading}</h2>" in html
    assert "Home Borough Council" in html and "Home Police" in html
    assert reverse("plans:lead_detail", kwargs={"pk": world.lead_person.pk}) in html


def test_directory_counts_actions_per_agency(world, client_for):
    agencies = {
        e.agency.name: e for e in client_for("bmg").get(reverse("plans:lead_list")).context["directory"].agencies
    }
    assert agencies["Home Borough Council"].actions == 1
    assert [entry.lead.name for entry in agencies["Home Police"].leads] == ["Kaye Wise"]


def test_directory_never_lists_another_boards_leads(world, client_for):
    f.LeadFactory(board=world.other_board, name="Someone Elsewhere")
    html = client_for("admin").get(reverse("plans:lead_list")).content.decode()
    assert "Someone Elsewhere" not in html


@time_machine.travel(datetime.date(2015, 6, 15))
def test_a_persons_page_lists_actions_led_directly_and_through_groups(world, client_for, mase_action):
    open_quarter_at(world, 4)  # the quarter in progress on the travelled-to date: overdue is judged today
    html = client_for("board_member").get(reverse("plans:lead_detail", kwargs={"pk": world.lead_person.pk})).content
    html = html.decode()
    assert '<h1 class="govuk-heading-xl">Jo Moses</h1>' in html
    assert "Home Borough Council" in html
    assert reverse("plans:lead_detail", kwargs={"pk": world.group.pk}) in html
    assert "CSE-01" in html and "CSE-03" in html and "CSE-02" not in html
    assert "through MASE" in html and "Directly" in html
    assert "Amber" in html
    assert '<strong class="app-overdue">Overdue</strong>' in html  # CSE-03 was due 31 March 2015


def test_a_groups_page_lists_its_members(world, client_for, mase_action):
    html = client_for("lead").get(reverse("plans:lead_detail", kwargs={"pk": world.group.pk})).content.decode()
    assert "Members" in html and "Jo Moses" in html
    assert "CSE-03" in html and "CSE-01" not in html


def test_another_boards_lead_is_not_found(world, client_for):
    stranger = f.LeadFactory(board=world.other_board, name="Someone Elsewhere")
    assert client_for("admin").get(reverse("plans:lead_detail", kwargs={"pk": stranger.pk})).status_code == 404
    response = client_for("other_board_admin").get(reverse("plans:lead_detail", kwargs={"pk": world.lead_person.pk}))
    assert response.status_code == 404

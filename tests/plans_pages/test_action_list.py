"""The filtered, searchable, sortable and paginated list of the current plan's actions."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from priorities.models import Rag
from tests import factories as f

from .helpers import add_actions, open_quarter_at, set_rag

pytestmark = pytest.mark.django_db
URL = reverse("priorities:action_list")


def _refs(response):
    return [row.record.reference for row in response.context["table"].paginated_rows]


@pytest.fixture
def plan_actions(world):
    """CSE-01 red (Jo Moses), CSE-02 green (Kaye Wise), NEG-01..05 one per status under Enforce (Extra Person, MASE)."""
    set_rag(world.action, Rag.RED)
    set_rag(world.other_action, Rag.GREEN)
    neglect = f.PriorityFactory(plan=world.plan, title="Neglect", slug="neglect", code="NEG", order=2)
    return add_actions(world, 5, priority=neglect, heading="Enforce: Disrupt and Prosecute", stages=["enforce"])


def test_list_shows_the_boards_actions_with_rag_words(world, client_for, plan_actions):
    response = client_for("board_member").get(URL)
    assert sorted(_refs(response)) == ["CSE-01", "CSE-02", "NEG-X001", "NEG-X002", "NEG-X003", "NEG-X004", "NEG-X005"]
    html = response.content.decode()
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Actions' in html
    assert ">Red</strong>" in html and ">Green</strong>" in html
    assert "NEG-01" not in html  # the other board's action
    assert reverse("priorities:action_detail", kwargs={"pk": world.action.pk}) in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("priority=cse", ["CSE-01", "CSE-02"]),
        ("rag=red", ["CSE-01", "NEG-X002"]),
        ("priority=neglect&rag=complete", ["NEG-X005"]),
        ("stage=enforce", ["NEG-X001", "NEG-X002", "NEG-X003", "NEG-X004", "NEG-X005"]),
        ("q=kaye", ["CSE-02"]),
        ("q=Reduce the risks", ["CSE-01", "CSE-02"]),  # what we will do
        ("q=X003", ["NEG-X003"]),
        ("q=MASE", []),  # the group name is not in any row's text or leads
        ("q=extra group", ["NEG-X001", "NEG-X002", "NEG-X003", "NEG-X004", "NEG-X005"]),  # lead names
        ("due_from=1/2/2015&due_by=31/3/2015", ["NEG-X002", "NEG-X003"]),
        ("due_from=2015-05-01", ["CSE-01", "CSE-02", "NEG-X005"]),
    ],
)
def test_filters_narrow_the_list(world, client_for, plan_actions, query, expected):
    assert sorted(_refs(client_for("bmg").get(f"{URL}?{query}"))) == expected


def test_lead_filter_includes_actions_led_through_the_persons_groups(world, client_for, plan_actions):
    group = world.get("extra_group", lambda w: None)
    world.lead_person.groups.add(group)
    response = client_for("lead").get(f"{URL}?lead={world.lead_person.pk}")
    assert sorted(_refs(response)) == ["CSE-01", "NEG-X001", "NEG-X002", "NEG-X003", "NEG-X004", "NEG-X005"]
    assert sorted(_refs(client_for("lead").get(f"{URL}?lead={world.other_lead_person.pk}"))) == ["CSE-02"]


def test_agency_filter_finds_actions_of_the_agencys_leads(world, client_for, plan_actions):
    assert sorted(_refs(client_for("lead").get(f"{URL}?agency={world.other_agency.pk}"))) == ["CSE-02"]
    # Extra Person works for the council too.
    refs = sorted(_refs(client_for("lead").get(f"{URL}?agency={world.agency.pk}")))
    assert refs == ["CSE-01", "NEG-X001", "NEG-X002", "NEG-X003", "NEG-X004", "NEG-X005"]


@time_machine.travel(datetime.date(2015, 3, 15))
def test_overdue_filter_and_marker(world, client_for, plan_actions):
    open_quarter_at(world, 3)  # the quarter in progress on the travelled-to date: overdue is judged today
    # NEG-X001 due 1 Jan (not started), NEG-X002 due 1 Feb (red), NEG-X003 due 1 Mar (amber): overdue.
    response = client_for("lead").get(f"{URL}?overdue=yes")
    assert sorted(_refs(response)) == ["NEG-X001", "NEG-X002", "NEG-X003"]
    assert response.content.decode().count('<strong class="app-overdue">Overdue</strong>') == 3
    assert sorted(_refs(client_for("lead").get(f"{URL}?overdue=no"))) == ["CSE-01", "CSE-02", "NEG-X004", "NEG-X005"]


def test_another_boards_lead_in_the_url_is_an_invalid_choice_not_a_leak(world, client_for, plan_actions):
    stranger = f.LeadFactory(board=world.other_board, name="Someone Elsewhere")
    response = client_for("lead").get(f"{URL}?lead={stranger.pk}")
    assert "Someone Elsewhere" not in response.content.decode()
    assert "Select a valid choice" in response.content.decode()


def test_bad_dates_get_govuk_error_messages(world, client_for, plan_actions):
    response = client_for("lead").get(f"{URL}?due_from=31/2/2015&due_by=soon")
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the &#x27;due from&#x27; date as a real date, for example 31/3/2015" in html
    assert "Enter the &#x27;due by&#x27; date as a real date, for example 31/3/2015" in html
    assert 'href="#id_due_from"' in html
    assert "<title>Actions (filtered) (error)" in html
    assert len(_refs(response)) == 7  # the bad dates are ignored rather than hiding everything


def test_due_by_before_due_from_is_an_error(world, client_for, plan_actions):
    html = client_for("lead").get(f"{URL}?due_from=1/5/2015&due_by=1/4/2015").content.decode()
    assert "The &#x27;due by&#x27; date must be the same as or after the &#x27;due from&#x27; date" in html


def test_sorting_by_due_date_and_by_status(world, client_for, plan_actions):
    refs = _refs(client_for("bmg").get(f"{URL}?sort=due_date"))
    assert refs[:5] == ["NEG-X001", "NEG-X002", "NEG-X003", "NEG-X004", "NEG-X005"]
    assert _refs(client_for("bmg").get(f"{URL}?sort=-due_date"))[:2] == ["CSE-01", "CSE-02"]
    by_status = _refs(client_for("bmg").get(f"{URL}?sort=rag"))
    assert by_status[:2] == ["CSE-01", "NEG-X002"]  # red first
    assert by_status[-1] == "NEG-X005"  # complete last
    html = client_for("bmg").get(f"{URL}?sort=due_date").content.decode()
    assert 'aria-sort="ascending"' in html


def test_fifty_actions_to_a_page(world, client_for):
    add_actions(world, 60)
    first = client_for("bmg").get(URL)
    assert len(_refs(first)) == 50
    html = first.content.decode()
    assert "62 in all, page 1 of 2" in html
    assert 'rel="next"' in html
    second = client_for("bmg").get(f"{URL}?page=2")
    assert len(_refs(second)) == 12
    assert not set(_refs(first)) & set(_refs(second))

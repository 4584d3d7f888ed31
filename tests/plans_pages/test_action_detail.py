"""An action's page: every field, its leads, derived dates and review flag, status, history and record of edits."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from priorities.models import Rag
from tests import factories as f

from .helpers import open_quarter_at, set_rag

pytestmark = pytest.mark.django_db


def _url(action):
    return reverse("priorities:action_detail", kwargs={"pk": action.pk})


@time_machine.travel(datetime.date(2015, 9, 1))
def test_action_page_shows_every_field_and_links_its_leads(world, client_for):
    open_quarter_at(world, 5)  # the quarter in progress on the travelled-to date: overdue is judged today
    action = world.action
    action.how = "Deliver CSE awareness training to taxi drivers"
    action.outcomes = "Drivers report concerns"
    action.timescale = "Jul 2014 to Jul 2105"
    action.timescale_needs_review = True
    action.timescale_review_note = "The end year reads 2105; taken as 2015"
    action.leads.add(world.group)
    action.save()
    set_rag(action, Rag.AMBER)
    html = client_for("board_member").get(_url(action)).content.decode()
    assert "Action CSE-01" in html
    assert "Reduce the risks of CSE" in html
    assert "Deliver CSE awareness training to taxi drivers" in html
    assert "Drivers report concerns" in html
    assert "Jul 2014 to Jul 2105" in html
    assert "1 July 2014" in html and "31 July 2015" in html
    assert "The timescale needs review: The end year reads 2105; taken as 2015" in html
    assert '<strong class="govuk-tag app-rag govuk-tag--orange">Amber</strong>' in html
    assert '<strong class="app-overdue">Overdue</strong>' in html
    assert "Stage: Prevent" in html
    assert f'href="{reverse("plans:lead_detail", kwargs={"pk": world.lead_person.pk})}">Jo Moses</a>' in html
    assert f'href="{reverse("plans:lead_detail", kwargs={"pk": world.group.pk})}">MASE</a>' in html
    assert 'id="history"' in html  # the status history partial is included
    assert "Record of edits" not in html  # for administrators only


def test_administrators_see_who_changed_which_field(world, client_for):
    action = world.action
    action.timescale = "Sep to Dec 2014"
    action._history_user = world.users["admin"]
    action.save()
    html = client_for("admin").get(_url(action)).content.decode()
    assert "Record of edits to this action" in html
    assert "<strong>Timescale</strong>" in html
    assert "July 2014 to July 2015" in html and "Sep to Dec 2014" in html
    assert "Test Admin" in html
    assert "Created" in html


def test_changes_to_the_leads_are_recorded_by_name(world, client_for):
    world.action.leads.add(world.group)
    html = client_for("admin").get(_url(world.action)).content.decode()
    assert "<strong>Leads</strong>" in html
    assert 'Jo Moses</span> to <span class="app-pre-wrap">Jo Moses, MASE' in html


def test_stored_script_in_an_action_is_escaped(world, client_for):
    world.action.outcomes = '<script>document.title="owned"</script>'
    world.action.save()
    html = client_for("lead").get(_url(world.action)).content.decode()
    assert "<script>document.title" not in html
    assert "&lt;script&gt;document.title=&quot;owned&quot;&lt;/script&gt;" in html


def test_another_boards_action_is_not_found(world, client_for):
    assert client_for("admin").get(_url(world.other_board_action)).status_code == 404
    assert client_for("other_board_admin").get(_url(world.action)).status_code == 404


def test_an_action_of_an_old_plan_is_not_found(world, client_for):
    world.plan.is_current = False
    world.plan.save()
    f.PlanFactory(board=world.board, slug="2016-2018", start_year=2016, end_year=2018)
    assert client_for("admin").get(_url(world.action)).status_code == 404

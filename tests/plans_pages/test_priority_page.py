"""A priority's page: narrative, sources, and the action plan table grouped by strategic approach as written."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from priorities.models import Rag
from tests import factories as f

from .helpers import open_quarter_at, set_rag

pytestmark = pytest.mark.django_db

URL = reverse("priorities:priority_detail", kwargs={"slug": "cse"})


@pytest.fixture
def plan_table(world):
    priority = world.priority
    priority.narrative = "Child sexual exploitation is a form of abuse.\n\nIn 2013 there were 44 referrals."
    priority.sources = "1 Barnet CSE profile 2013\n2 Ofsted thematic inspection"
    priority.action_plan_title = "Child Sexual Exploitation Action Plan"
    priority.save()
    world.objective.approach_heading = "Prevent"
    world.objective.save()
    enforce = f.ObjectiveFactory(
        priority=priority,
        order=2,
        approach_heading="Enforce: Disrupt & Prosecute",
        stages=["enforce"],
        what="Disrupt perpetrators",
    )
    action = f.ActionFactory(
        objective=enforce,
        order=1,
        reference="CSE-07",
        how="Use abduction notices",
        responsible_leads="DI John Cannon",
        outcomes="More notices served",
        timescale="Jul 2014 to Jul 2105",
        due_date=None,
        timescale_needs_review=True,
        timescale_review_note="The end year reads 2105",
    )
    return action


@time_machine.travel(datetime.date(2015, 9, 1))
def test_priority_page_shows_narrative_sources_and_the_action_plan(world, client_for, plan_table):
    open_quarter_at(world, 5)  # the quarter in progress on the travelled-to date: overdue is judged today
    set_rag(world.action, Rag.RED)
    set_rag(world.other_action, Rag.COMPLETE)
    html = client_for("board_member").get(URL).content.decode()
    assert '<p class="govuk-body app-pre-wrap">Child sexual exploitation is a form of abuse.</p>' in html
    assert "In 2013 there were 44 referrals." in html
    assert "<li>2 Ofsted thematic inspection</li>" in html
    assert "Child Sexual Exploitation Action Plan" in html
    for column in (
        "Strategic Approach",
        "What we will do",
        "How we will do it",
        "Responsible Leads",
        "Evidence / Expected outcomes",
        "Timescale",
        "RAG",
    ):
        assert f">{column}</th>" in html
    # Headings as written, in the plan's order, each spanning its rows.
    assert '<th scope="rowgroup" rowspan="2" class="govuk-table__header">Prevent</th>' in html
    assert '<th scope="rowgroup" rowspan="1" class="govuk-table__header">Enforce: Disrupt &amp; Prosecute</th>' in html
    assert html.index("Reduce the risks of CSE") < html.index("Disrupt perpetrators")
    assert "Use abduction notices" in html and "DI John Cannon" in html and "Jul 2014 to Jul 2105" in html
    assert "Needs review" in html
    assert reverse("priorities:action_detail", kwargs={"pk": plan_table.pk}) in html
    # CSE-01 is red and was due in July 2015: overdue, in words. CSE-02 is complete: never overdue.
    assert html.count('<strong class="app-overdue">Overdue</strong>') == 1
    assert '<strong class="govuk-tag app-rag govuk-tag--red">Red</strong>' in html
    assert '<strong class="govuk-tag app-rag govuk-tag--blue">Complete</strong>' in html
    assert 'class="app-table-scroll" role="region"' in html


def test_stored_script_is_shown_as_text(world, client_for):
    world.action.how = "<script>alert('x')</script>"
    world.action.save()
    html = client_for("lead").get(URL).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_another_boards_priority_and_unknown_slugs_are_not_found(world, client_for):
    assert client_for("admin").get(reverse("priorities:priority_detail", kwargs={"slug": "neglect"})).status_code == 404
    assert client_for("other_board_admin").get(URL).status_code == 404
    assert client_for("admin").get(reverse("priorities:priority_detail", kwargs={"slug": "nothing"})).status_code == 404


def test_a_priority_of_a_plan_that_is_no_longer_current_is_not_found(world, client_for):
    world.plan.is_current = False
    world.plan.save()
    f.PlanFactory(board=world.board, slug="2016-2018", start_year=2016, end_year=2018)
    assert client_for("admin").get(URL).status_code == 404

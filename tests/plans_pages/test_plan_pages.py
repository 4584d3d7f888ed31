"""The plan overview, core business and survey pages: the board's own current plan, as written."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import CoreMeasure, CoreOutcome, CorePriority, SurveyResult
from priorities.models import Rag
from tests import factories as f

from .helpers import add_actions, open_quarter_at, set_rag

pytestmark = pytest.mark.django_db


def _fill_plan(plan):
    plan.mission = ["Secure sustained improvement", "Hold partners to account"]
    plan.ambition_intro = "We want services that are:"
    plan.ambition = ["focused on children, young people and their families;", "well led."]
    plan.continuing_priorities = ["Monitor the effectiveness of early help", "Oversee private fostering"]
    plan.survey_introduction = ["Members were asked to rank the areas.", "23 of 30 members responded."]
    plan.survey_question = "Which areas should be priorities?"
    plan.survey_members, plan.survey_answered, plan.survey_skipped = 30, 23, 7
    plan.save()


def test_overview_shows_vision_mission_ambition_and_continuing_priorities(world, client_for):
    _fill_plan(world.plan)
    html = client_for("board_member").get(reverse("plans:overview")).content.decode()
    assert "Our Vision is to make the borough a place where all children and young people thrive." in html
    assert "Hold partners to account" in html
    assert "focused on children, young people and their families;" in html
    assert "Oversee private fostering" in html
    assert reverse("plans:core_business") in html
    assert reverse("plans:lead_list") in html
    assert reverse("plans:survey") in html


@time_machine.travel(datetime.date(2015, 6, 15))
def test_overview_summarises_each_priority_by_status_in_words_and_numbers(world, client_for):
    open_quarter_at(world, 4)  # the quarter in progress on the travelled-to date: overdue is judged today
    set_rag(world.action, Rag.RED)
    set_rag(world.other_action, Rag.RED)
    neglect = f.PriorityFactory(plan=world.plan, title="Neglect", slug="neglect", code="NEG", order=2)
    add_actions(world, 5, priority=neglect)  # one of each status; Jan-May 2015 due dates, so 4 overdue
    response = client_for("board_member").get(reverse("plans:overview"))
    html = response.content.decode()
    cse_link = reverse("priorities:action_list") + "?priority=cse&amp;rag=red"
    assert f'<a class="govuk-link" href="{cse_link}">2<span class="govuk-visually-hidden"> Red actions in' in html
    assert reverse("priorities:action_list") + "?priority=neglect&amp;rag=amber" in html
    assert "Not started" in html and "Complete" in html
    summaries = {p.slug: s for p, s in response.context["priorities"]}
    assert [c.count for c in summaries["neglect"].counts] == [1, 1, 1, 1, 1]
    assert summaries["neglect"].overdue == 4  # the complete one is never overdue
    assert summaries["cse"].total == 2
    assert "4 overdue" in html


def test_overview_shows_only_the_readers_own_board(world, client_for):
    world.other_plan.vision = "The other board's vision"
    world.other_plan.save()
    html = client_for("board_member").get(reverse("plans:overview")).content.decode()
    assert "The other board&#x27;s vision" not in html
    other = client_for("other_board_admin").get(reverse("plans:overview"))
    assert "The other board&#x27;s vision" in other.content.decode()
    assert "Child Sexual Exploitation" not in other.content.decode()


def test_a_board_without_a_current_plan_is_told_so_rather_than_not_found(world, client_for):
    world.plan.is_current = False
    world.plan.save()
    response = client_for("board_member").get(reverse("plans:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your board's plan is not set up yet" in html
    assert world.plan.title not in html  # a plan that is not current is not shown


def test_core_business_lists_each_priority_with_its_measures_and_outcomes(world, client_for):
    core = CorePriority.objects.create(plan=world.plan, order=1, title="Ensure effective arrangements for LADO")
    CoreMeasure.objects.create(core_priority=core, order=1, text="Number of LADO referrals")
    CoreMeasure.objects.create(core_priority=core, order=2, text="Timeliness of strategy meetings")
    CoreOutcome.objects.create(core_priority=core, order=1, text="Children are safer in organisations")
    html = client_for("lead").get(reverse("plans:core_business")).content.decode()
    assert "Measures 2014/15" in html
    assert "Ensure effective arrangements for LADO" in html
    assert html.index("Number of LADO referrals") < html.index("Timeliness of strategy meetings")
    assert "Children are safer in organisations" in html


def test_survey_shows_the_appendix_table_as_printed(world, client_for):
    _fill_plan(world.plan)
    SurveyResult.objects.create(
        plan=world.plan, order=1, area="Child Sexual Exploitation", response_percent="65.2", response_count=15
    )
    SurveyResult.objects.create(plan=world.plan, order=2, area="Neglect", response_percent="47.8", response_count=11)
    html = client_for("agency_contact").get(reverse("plans:survey")).content.decode()
    assert "Members were asked to rank the areas." in html
    assert "Which areas should be priorities?" in html
    assert "65.2%" in html and ">15<" in html
    assert "47.8%" in html
    assert "Answered question" in html and ">23<" in html
    assert "Skipped question" in html and ">7<" in html
    assert html.index("Child Sexual Exploitation") < html.index("Neglect")

"""One notion of today (issue 16, item 7): every page judges "overdue" against the plan's as-of date, and says which
date that is when it is not today."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Quarter
from plans.quarters import plan_as_of
from priorities.models import Action, Rag
from reporting.selectors import status_rows_live
from tests.plans_pages.helpers import add_actions, open_quarter_at

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


def test_a_live_plan_is_judged_today(world):
    quarter = open_quarter_at(world, 3)  # 2014/15 Q4, January to March 2015
    as_of = plan_as_of(world.plan, today=datetime.date(2015, 2, 10))
    assert quarter.label == "2014/15 Q4"
    assert as_of.date == datetime.date(2015, 2, 10)
    assert as_of.is_today and as_of.reason == ""


def test_an_open_quarter_that_has_ended_is_judged_at_its_last_day(world):
    as_of = plan_as_of(world.plan, today=TODAY)  # the world's open quarter is 2014/15 Q3
    assert as_of.date == datetime.date(2014, 12, 31)
    assert not as_of.is_today
    assert as_of.reason == "the last day of 2014/15 Q3, the quarter open for updates"


def test_with_no_open_quarter_a_finished_plan_is_judged_at_its_periods_end(world):
    Quarter.objects.filter(plan=world.plan).update(state=Quarter.State.CLOSED)
    as_of = plan_as_of(world.plan, today=TODAY)
    assert as_of.date == datetime.date(world.plan.end_year, 3, 31)
    assert as_of.reason == f"the last day of the plan's period ({world.plan.period})"
    assert plan_as_of(world.plan, today=datetime.date(world.plan.end_year, 1, 5)).is_today


def test_the_caller_may_pass_the_open_quarter_it_has_read(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert plan_as_of(world.plan, open_quarter=None, today=datetime.date(2015, 1, 1)).is_today


def test_pages_say_which_date_they_judge_overdue_at_and_agree_with_the_dashboard(world, client_for):
    # Due dates January to December 2015, judged as at 31 March 2015 (the open quarter's end), long before today.
    open_quarter_at(world, 3)
    added = add_actions(world, 12)
    action_list = client_for("board_member").get(reverse("priorities:action_list") + "?overdue=yes")
    html = action_list.content.decode()
    assert "Overdue is judged as at <strong>31 March 2015</strong>, the last day of 2014/15 Q4" in html
    listed = sorted(row.record.reference for row in action_list.context["table"].paginated_rows)
    # Due 1 January, 1 February and 1 March 2015 and not complete; the rest is not due yet on 31 March 2015.
    expected = sorted(
        a.reference
        for a in Action.objects.filter(pk__in=[a.pk for a in added], due_date__lt=datetime.date(2015, 3, 31))
        if a.rag != Rag.COMPLETE
    )
    assert len(expected) == 3
    assert listed == expected
    dashboard = status_rows_live(world.open_quarter)
    overdue_on_dashboard = sorted(row.reference for row in dashboard if row.is_overdue)
    assert listed == overdue_on_dashboard
    overview = client_for("board_member").get(reverse("plans:overview"))
    summaries = dict(overview.context["priorities"])
    assert sum(summary.overdue for summary in summaries.values()) == len(overdue_on_dashboard)
    assert "Overdue is judged as at <strong>31 March 2015</strong>" in overview.content.decode()


def test_an_action_due_after_the_open_quarter_is_not_overdue_yet(world, client_for):
    world.action.due_date = datetime.date(2015, 7, 31)
    world.action.save()
    html = client_for("lead").get(reverse("priorities:action_detail", args=[world.action.pk])).content.decode()
    assert '<strong class="app-overdue">Overdue</strong>' not in html
    assert "Overdue is judged as at <strong>31 December 2014</strong>, the last day of 2014/15 Q3" in html
    my_actions = client_for("lead").get(reverse("priorities:my_actions")).content.decode()
    assert "Overdue is judged as at <strong>31 December 2014</strong>" in my_actions

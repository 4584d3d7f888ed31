"""No year is typed into a template: with a plan for 2016-2018 (quarters 2016/17 on), no GET page of the permission
matrix says 2014/15, 2014-2016 or 2014-16, the years of the first customer's plan."""

import datetime

import pytest
from django.test import Client

from plans.models import BusinessPlan, Quarter
from priorities.models import Action
from tests.corebusiness.helpers import home_core
from tests.permissions.registry import all_cases

SHIFT_YEARS = 2
FORBIDDEN = ["2014/15", "2014-2016", "2014-16"]
PREFERENCE = ["admin", "bmg", "lead", "audit_coordinator", "agency_contact", "board_member", "other_lead"]
PAGES = [case for case in all_cases() if case.method == "get" and not case.public]

# Pages about something else that has those years: the permission cases build it with the factories' 2014 defaults.
ABOUT_2014 = {
    "budget:": "the 2014/15 budget the cases build (BudgetFactory)",
    "admin:budget_": "the 2014/15 budget the cases build (BudgetFactory)",
    # (audits/forms.py also hints "For example, Section 11 audit 2014/15" on the new cycle form)
    "audits:": "the Section 11 audit 2014/15 cycle the cases build",
    "admin:audits_": "the Section 11 audit 2014/15 cycle the cases build",
    "onboarding:plan_import_job": "the import of a 2014-2016 spreadsheet the case builds",
    "annualreport:": "the yearly report of April 2014 to March 2015 the cases start (its period is chosen, not typed)",
    "admin:annualreport_": "the yearly report the admin's cases build, of a period chosen in 2010",
    "reporting:boards_overview": "the platform overview lists the other board, whose plan is 2014-2016",
    # The model's help text (Python, plans/models/board.py): "As written, e.g. 2014-2016".
    "admin:plans_businessplan_add": "the period's help text",
    "admin:plans_businessplan_change": "the period's help text",
    "admin:plans_businessplan_history": "the plan's record of edits: the world created it as a 2014-2016 plan",
    "admin:plans_businessplan_simple_history": "the plan's record of edits: the world created it as a 2014-2016 plan",
}


def _about_2014(case):
    if case.allowed == frozenset({"other_board_admin"}):
        return "another board's object: its plan is 2014-2016"
    return next((reason for prefix, reason in ABOUT_2014.items() if case.url_name.startswith(prefix)), "")


def _persona_for(case):
    return next((p for p in PREFERENCE if p in case.allowed), sorted(case.allowed)[0] if case.allowed else None)


def _shift(date):
    return date.replace(year=date.year + SHIFT_YEARS) if date else date


def move_to_2016(world):
    """The home board's plan becomes a 2016-2018 plan: its years, title, quarters and action dates."""
    plan = world.plan
    # update(): no record of the edit in the plan's history, which would show the 2014 plan it was.
    BusinessPlan.objects.filter(pk=plan.pk).update(
        start_year=2016,
        end_year=2018,
        period="2016-2018",
        title="Business Plan 2016-2018",
        dated="June 2016",
        slug="2016-2018",
    )
    plan.refresh_from_db()
    for quarter in Quarter.objects.filter(plan=plan).order_by("-start_date"):
        Quarter.objects.filter(pk=quarter.pk).update(
            financial_year=quarter.financial_year + SHIFT_YEARS,
            start_date=_shift(quarter.start_date),
            end_date=_shift(quarter.end_date),
            update_deadline=_shift(quarter.update_deadline),
        )
    for action in Action.objects.filter(objective__priority__plan=plan):
        Action.objects.filter(pk=action.pk).update(
            start_date=_shift(action.start_date),
            due_date=_shift(action.due_date),
            timescale="July 2016 to July 2017",
        )
    for quarter in world.quarters:
        quarter.refresh_from_db()
    home_core(world)  # the core business plan, so that its pages and panel say their year


@pytest.mark.django_db
@pytest.mark.parametrize("case", [c for c in PAGES if _persona_for(c) and not _about_2014(c)], ids=lambda c: c.id)
def test_no_page_of_a_2016_plan_says_2014(case, world):
    move_to_2016(world)
    assert world.open_quarter.label == "2016/17 Q3"
    persona = _persona_for(case)
    client = Client()
    client.force_login(world.users[persona])
    response = client.get(case.url(world))
    assert response.status_code in (*case.ok_statuses, 200), f"{case.id} as {persona}: {response.status_code}"
    body = response.content.decode(errors="replace") if response.get("Content-Type", "").startswith("text") else ""
    for year in FORBIDDEN:
        assert year not in body, f"{case.id} as {persona} says {year!r}"


def test_the_world_is_in_2016(db, world):
    move_to_2016(world)
    assert {q.financial_year for q in Quarter.objects.filter(plan=world.plan)} == {2016, 2017}
    assert world.action.__class__.objects.get(pk=world.action.pk).due_date > datetime.date(2017, 1, 1)

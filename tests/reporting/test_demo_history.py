"""The demo history: clearly marked, idempotent, never outside DEBUG."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from plans.models import Quarter, QuarterEvent
from priorities.models import StatusUpdate
from reporting.models import ActionSnapshot, Challenge, IndicatorValue
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_plan(world):
    """A plan with actions, quarters created but none closed and no updates (as after load_plan)."""
    Quarter.objects.filter(plan=world.plan).update(state="future")
    Quarter.objects.filter(pk=world.quarters[0].pk).update(state="open")
    for order in range(3, 9):
        f.ActionFactory(objective=world.objective, order=order)
    return world.plan


def test_refuses_unless_debug(settings, fresh_plan):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_history")


def test_loads_a_marked_history_once_and_leaves_the_next_quarter_open(settings, fresh_plan, world, client_for):
    settings.DEBUG = True
    call_command("load_demo_history", "--board", "home")
    states = list(Quarter.objects.filter(plan=fresh_plan).order_by("start_date").values_list("state", flat=True))
    assert states[:4] == ["closed", "closed", "closed", "open"]
    updates = StatusUpdate.objects.filter(quarter__plan=fresh_plan)
    assert updates.exists() and not updates.filter(is_demo=False).exists()
    assert {u.author.username for u in updates} == {"demo-history"}
    assert Challenge.objects.filter(is_demo=True).exists()
    assert IndicatorValue.objects.filter(is_demo=True).count() == 18
    counts = (updates.count(), ActionSnapshot.objects.count(), Challenge.objects.count())

    call_command("load_demo_history", "--board", "home")
    assert (updates.count(), ActionSnapshot.objects.count(), Challenge.objects.count()) == counts
    page = client_for("bmg").get(reverse("reporting:dashboard")).content.decode()
    assert "Demo data" in page and "2014/15 Q3" in page


def test_every_event_of_the_demo_history_is_dated_in_the_plans_period(settings, world):
    """Issue 16, item 7: the demo's quarter events read as its own past (2014/15), not the day it was loaded."""
    settings.DEBUG = True
    Quarter.objects.filter(plan=world.plan).update(state="future")  # as after load_plan: nothing open yet
    for order in range(3, 9):
        f.ActionFactory(objective=world.objective, order=order)
    call_command("load_demo_history", "--board", "home")
    events = QuarterEvent.objects.filter(quarter__plan=world.plan).order_by("at")
    first = events.first()
    assert (first.kind, first.quarter.label, first.at.date()) == ("opened", "2014/15 Q1", first.quarter.start_date)
    latest_quarter_end = max(event.quarter.end_date for event in events)
    assert all(event.at.date() <= latest_quarter_end + datetime.timedelta(days=30) for event in events)

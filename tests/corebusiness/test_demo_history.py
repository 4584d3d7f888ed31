"""The demo history gives the core measures leads and a few quarters of marked updates."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from corebusiness.models import CoreMeasureUpdate
from plans.models import Quarter
from reporting.panels import render_panels
from tests import factories as f
from tests.corebusiness.helpers import home_core

pytestmark = pytest.mark.django_db


def test_the_demo_history_gives_measures_leads_and_marked_updates(settings, world, client_for):
    settings.DEBUG = True
    Quarter.objects.filter(plan=world.plan).update(state="future")
    Quarter.objects.filter(pk=world.quarters[0].pk).update(state="open")
    core = home_core(world)
    for order in range(3, 9):
        f.CoreMeasureFactory(core_priority=core, order=order)
    call_command("load_demo_history", "--board", "home")
    measures = list(core.measures.all())
    # Jo Moses and Kaye Wise lead the plan's actions: they take the measures in turn.
    assert all(measure.leads.exists() for measure in measures)
    assert {lead.name for m in measures for lead in m.leads.all()} == {"Jo Moses", "Kaye Wise"}
    updates = CoreMeasureUpdate.objects.filter(measure__core_priority=core)
    assert updates.count() > len(measures) and not updates.filter(is_demo=False).exists()
    assert {u.quarter.state for u in updates} <= {"closed", "open"}
    assert all(u.author.username == "demo-history" for u in updates)
    # The board pack prints every measure with its lead and latest commentary.
    quarter = Quarter.objects.get(plan=world.plan, state="open")
    panel = next(item["html"] for item in render_panels(None, quarter) if item["panel"].key == "core_business")
    assert "Jo Moses" in panel and "reported to the BSCB as planned" in panel
    # The dashboard lists the measures needing attention and links to the rest.
    page = client_for("bmg").get(reverse("reporting:dashboard")).content.decode()
    dashboard_panel = page[page.index('id="core-business"') :]
    assert "Red measures (" in dashboard_panel or "No measure is red." in dashboard_panel
    assert "core business measures and their updates</a>" in dashboard_panel
    count = updates.count()
    call_command("load_demo_history", "--board", "home")  # idempotent
    assert updates.count() == count

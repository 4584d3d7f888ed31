"""Where am I (issue 16): the service navigation marks the section a page belongs to, drill-downs say what they
list, and the lead filter cannot confuse a placeholder called "All" with the empty choice."""

import re

import pytest
from django.urls import reverse

from plans.models import Lead
from tests import factories as f

pytestmark = pytest.mark.django_db


def _current(html):
    return re.findall(r'<a class="govuk-service-navigation__link" href="[^"]*" aria-current="page">([^<]+)</a>', html)


def test_each_page_marks_its_own_section(world, client_for):
    lead, admin = client_for("lead"), client_for("admin")
    update = reverse("priorities:action_update", args=[world.action.pk])
    assert _current(lead.get(update + "?return_to=my-actions").content.decode()) == ["My actions"]
    assert _current(admin.get(update).content.decode()) == ["Actions"]  # administrators have no My actions
    priority = reverse("priorities:priority_detail", kwargs={"slug": world.priority.slug})
    assert _current(lead.get(priority).content.decode()) == ["Plan"]
    assert _current(lead.get(reverse("plans:lead_list")).content.decode()) == ["Leads"]
    assert _current(lead.get(reverse("priorities:action_list")).content.decode()) == ["Actions"]


def test_a_drill_down_is_headed_by_what_it_lists(world, client_for):
    url = reverse("reporting:dashboard_actions", args=[world.closed_quarter.pk])
    client = client_for("bmg")
    assert '<h1 class="govuk-heading-xl">Red actions</h1>' in client.get(url, {"rag": "red"}).content.decode()
    html = client.get(url, {"rag": "amber", "priority": world.priority.pk}).content.decode()
    assert f'<h1 class="govuk-heading-xl">Amber actions: {world.priority.title}</h1>' in html
    assert '<h1 class="govuk-heading-xl">All actions</h1>' in client.get(url).content.decode()
    assert '<h1 class="govuk-heading-xl">Overdue actions</h1>' in client.get(url, {"set": "overdue"}).content.decode()


def test_the_lead_filter_says_what_each_lead_is(world, client_for):
    f.LeadFactory(board=world.board, name="All", kind=Lead.Kind.PLACEHOLDER)
    html = client_for("lead").get(reverse("priorities:action_list")).content.decode()
    assert ">Any lead</option>" in html
    assert ">All (placeholder)</option>" in html and ">MASE (group or body)</option>" in html
    assert ">Jo Moses</option>" in html

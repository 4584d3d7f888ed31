"""Query counts of the plan pages are pinned: the same at N and 2N actions (no query per row)."""

import pytest
from django.urls import reverse

from priorities.models import Action
from tests import factories as f

from .helpers import add_actions

pytestmark = pytest.mark.django_db

# The session, user, membership with its board, roles and savepoints are 9 of each count; the rest is the page.
# Pages that say "overdue" read the plan's open quarter once for the as-of date (plans.quarters.plan_as_of).
PAGES = {
    "overview": (lambda w: reverse("plans:overview"), 14),
    # One more: the themed audits informing the priority (priorities/related.py, registered by audits). One fewer
    # since the action plan table stopped prefetching the actions' Lead rows, which it never printed (issue 19).
    "priority": (lambda w: reverse("priorities:priority_detail", kwargs={"slug": "cse"}), 14),
    "action list": (lambda w: reverse("priorities:action_list") + "?stage=prevent&q=how&sort=rag", 18),
    "lead list": (lambda w: reverse("plans:lead_list"), 13),
    "lead detail": (lambda w: reverse("plans:lead_detail", kwargs={"pk": w.get("extra_person", None).pk}), 16),
    # Three more than the page itself: the quarter challenges partial, and the improvement actions and recommendations
    # feeding the action (priorities/related.py, registered by audits).
    "action detail": (lambda w: reverse("priorities:action_detail", kwargs={"pk": w.action.pk}), 17),
}


@pytest.mark.parametrize("persona", ["board_member", "admin"])
@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_the_plan(world, client_for, django_assert_num_queries, page, persona):
    url_for, expected = PAGES[page]
    client = client_for(persona)
    if persona == "admin" and page == "action detail":
        expected += 4  # the record of edits: its rows, the leads before and after the one edit, lead names
    n = 10
    add_actions(world, n)
    neglect = f.PriorityFactory(plan=world.plan, title="Neglect", slug="neglect", code="NEG", order=2)
    add_actions(world, n, priority=neglect)
    url = url_for(world)
    client.get(url)  # warm caches that are per process, not per request (content types, templates)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    add_actions(world, n)
    add_actions(world, n, priority=neglect)
    assert Action.objects.filter(objective__priority__plan=world.plan).count() == 4 * n + 2
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

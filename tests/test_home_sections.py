"""The home page per role (issue 16, item 1): each person's next step first, from the sections the apps register
(bscb/home.py). Content and links are asserted; the other board never appears; queries are pinned."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from priorities.models import Rag
from reporting.services import challenge_record, quarter_close
from tests import factories as f
from tests.reporting.helpers import update

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def _home(client_for, persona):
    return client_for(persona).get(HOME).content.decode()


def test_the_bmg_sees_the_quarter_in_progress_with_links_into_it(world, client_for):
    update(world.action, world.users["lead"], Rag.RED, world.open_quarter, escalate=True)
    page = _home(client_for, "bmg")
    quarter = world.open_quarter
    assert f"The quarter in progress: {quarter.label}" in page
    assert f"Updates are due by <strong>{quarter.update_deadline:%-d %B %Y}</strong>" in page
    assert "2 actions; 1 still without an update." in page
    assert f'href="{reverse("reporting:dashboard")}?quarter={quarter.pk}"' in page
    assert f'href="{reverse("reporting:missing_updates", args=[quarter.pk])}"' in page  # the "no update" figure
    assert "What blocks the quarter" not in page  # that is the administrator's
    assert "Your actions" not in page  # the BMG member leads nothing


def test_the_administrator_sees_what_blocks_the_quarter_by_lead(world, client_for):
    for order in range(3, 10):  # seven more leads with a missing update: five named, "and 3 more"
        lead = f.LeadFactory(board=world.board, name=f"Lead number {order}")
        f.ActionFactory(objective=world.objective, order=order, leads=[lead])
    # The other board's missing update never appears.
    other_lead = f.LeadFactory(board=world.other_board, name="Other Board Person")
    world.other_board_action.leads.add(other_lead)
    page = _home(client_for, "admin")
    blocks = page.split('id="home-missing-leads"')[1].split("</ul>")[0]
    assert "Jo Moses (1 action)" in blocks and "Kaye Wise (1 action)" in blocks
    assert blocks.count("<li>") == 6 and "and 4 more" in blocks
    assert "Other Board Person" not in page
    assert reverse("reporting:quarter_list") in page


def test_a_board_member_sees_the_last_closed_quarter_and_its_board_pack(world, client_for):
    closed = world.closed_quarter
    page = _home(client_for, "board_member")
    assert f"The last closed quarter: {closed.label}" in page
    assert reverse("reporting:board_pack_pdf", args=[closed.pk]) in page
    assert "What blocks the quarter" not in page


def test_a_person_who_also_leads_sees_their_actions_first(world, client_for):
    world.users["bmg"].groups.add(*world.users["lead"].groups.filter(name=Role.LEAD))
    world.lead_person.user = world.users["bmg"]
    world.lead_person.save()
    challenge_record(quarter=world.open_quarter, action=world.action, user=world.users["admin"], text="Why?")
    page = _home(client_for, "bmg")
    assert page.index("Your actions") < page.index("The quarter in progress")
    assert "1 of your 1 action needs an update" in page.replace("</strong>", "").replace("<strong>", "")
    assert f"{reverse('priorities:my_actions')}?show=due" in page
    assert "1 of your actions was challenged" in page


@pytest.mark.parametrize("extra", [6, 27])
def test_the_home_page_queries_do_not_grow_with_the_plan(world, client_for, django_assert_num_queries, extra):
    client = client_for("admin")
    client.get(HOME)
    for order in range(3, 3 + extra):
        f.ActionFactory(objective=world.objective, order=order, leads=[f.LeadFactory(board=world.board)])
    # The dashboard's headline band (the same queries as the dashboard's), the chasing list by lead, the session.
    # The closed quarters' trend counts come from the cache the first request filled (issue 19).
    with django_assert_num_queries(27):
        response = client.get(HOME)
    assert f"and {extra + 2 - 5} more" in response.content.decode()


def test_after_the_last_quarter_closes_the_bmg_sees_the_closed_one(world, client_for):
    quarter_close(quarter=world.open_quarter, user=world.users["admin"], open_next=False)
    page = _home(client_for, "bmg")
    assert "The last closed quarter" in page

"""Chasing the missing updates (issue 16, item 4): who has not updated, by lead, when each person was last reminded,
and reminders sent from the page through the notification record and the task queue."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from plans.models import Lead
from priorities.models import Rag
from priorities.services import status_update_record
from tests import factories as f
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def _page(world):
    return reverse("reporting:missing_updates", args=[world.open_quarter.pk])


def _remind(world):
    return reverse("reporting:missing_updates_remind", args=[world.open_quarter.pk])


@pytest.fixture
def chase(world):
    """CSE-01 (Jo Moses), CSE-02 (Kaye Wise), CSE-03 (MASE: Jo Moses is a member), CSE-04 (a placeholder nobody can
    be emailed about), CSE-05 complete (never chased)."""
    f.ActionFactory(objective=world.objective, order=3, reference="CSE-03", leads=[world.group])
    placeholder = f.LeadFactory(board=world.board, name="Task Group to be established", kind=Lead.Kind.PLACEHOLDER)
    f.ActionFactory(
        objective=world.objective, order=4, reference="CSE-04", leads=[placeholder], responsible_leads="Task Group"
    )
    done = f.ActionFactory(objective=world.objective, order=5, reference="CSE-05", leads=[world.lead_person])
    done.__class__.objects.filter(pk=done.pk).update(rag=Rag.COMPLETE)
    return world


def test_the_page_names_each_lead_its_missing_actions_and_who_is_emailed(chase, client_for):
    response = client_for("bmg").get(_page(chase))
    html = response.content.decode()
    missing = response.context["missing"]
    assert [a.reference for a in missing.actions] == ["CSE-01", "CSE-02", "CSE-03", "CSE-04"]
    assert [entry.lead.name for entry in missing.by_lead] == [
        "Jo Moses",
        "Kaye Wise",
        "MASE",
        "Task Group to be established",
    ]
    mase = html.split(f'id="lead-{chase.group.pk}"')[1].split("</tr>")[0]
    assert "Group or body" in mase and "CSE-03" in mase and "Jo Moses: not reminded yet" in mase
    assert "4</strong> actions have no status update for 2014/15 Q3" in html
    assert "Remind everyone (2 people)" in html
    unreachable = html.split('id="unreachable"')[1]
    assert "CSE-04</a>: Task Group" in unreachable and "CSE-01" not in unreachable
    assert "CSE-05" not in html  # complete: never chased


def test_an_update_takes_the_action_off_the_list(chase, client_for):
    status_update_record(action=chase.action, user=chase.users["lead"], rag=Rag.GREEN, commentary="On track")
    missing = client_for("admin").get(_page(chase)).context["missing"]
    assert "CSE-01" not in [a.reference for a in missing.actions]


def test_reminding_one_person_queues_one_email_with_the_boards_name_and_absolute_links(chase, client_for, settings):
    settings.SITE_URL = "https://tracker.example.org"
    client = client_for("bmg")
    lead = chase.users["lead"]
    response = client.post(_remind(chase), {"person": str(lead.pk)}, follow=True)
    assert "Reminder queued for Jo Moses" in response.content.decode()
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (lead, Notification.Kind.UPDATE_REMINDER)
    run_queued_tasks()
    [email] = mail.outbox
    assert email.to == [lead.email]
    assert email.subject == "2 actions need a status update for 2014/15 Q3 (Home Safeguarding Children Board)"
    assert f"https://tracker.example.org/priorities/actions/{chase.action.pk}/update/" in email.body
    assert "CSE-03" in email.body and "CSE-02" not in email.body
    page = client.get(_page(chase)).content.decode()
    assert "Jo Moses: reminded " in page and "Kaye Wise: not reminded yet" in page


def test_a_second_reminder_the_same_day_is_not_sent_and_everyone_gets_one(chase, client_for):
    client = client_for("admin")
    client.post(_remind(chase), {"person": str(chase.users["lead"].pk)})
    response = client.post(_remind(chase), {"person": "all"}, follow=True)
    html = response.content.decode()
    assert "Reminder queued for Kaye Wise" in html
    assert "Already reminded from this page today: Jo Moses" in html
    assert sorted(n.recipient.username for n in Notification.objects.all()) == ["lead", "otherlead"]


def test_nobody_outside_the_list_can_be_reminded_and_a_closed_quarter_is_not_chased(chase, client_for):
    client = client_for("admin")
    stranger = chase.users["other_board_admin"]
    response = client.post(_remind(chase), {"person": str(stranger.pk)}, follow=True)
    assert "That person has no missing update to be reminded about." in response.content.decode()
    closed = reverse("reporting:missing_updates_remind", args=[chase.closed_quarter.pk])
    response = client.post(closed, {"person": "all"}, follow=True)
    assert "is closed: there is nothing left to chase" in response.content.decode()
    assert (
        "Remind everyone"
        not in client.get(reverse("reporting:missing_updates", args=[chase.closed_quarter.pk])).content.decode()
    )
    assert not Notification.objects.exists()


def test_the_dashboard_links_to_the_chasing_page_for_those_who_chase(chase, client_for):
    link = f'href="{_page(chase)}"'
    dashboard = reverse("reporting:dashboard") + f"?quarter={chase.open_quarter.pk}"
    assert link in client_for("bmg").get(dashboard).content.decode()
    assert link not in client_for("board_member").get(dashboard).content.decode()


@pytest.mark.parametrize("extra", [2, 6])
def test_query_count_does_not_grow_with_the_leads(chase, client_for, django_assert_num_queries, extra):
    for order in range(10, 10 + extra):
        person = f.LeadFactory(board=chase.board, name=f"Person {order}", user=f.UserFactory())
        f.ActionFactory(objective=chase.objective, order=order, leads=[person])
    client = client_for("admin")
    client.get(_page(chase))
    # Session, user, membership, board, roles, the quarter; the missing actions with their priorities and leads;
    # the people and their groups; when each was last reminded; the session save and the savepoints.
    with django_assert_num_queries(16):
        response = client.get(_page(chase))
    assert len(response.context["missing"].by_lead) == 4 + extra

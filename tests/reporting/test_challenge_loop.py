"""The challenge loop (issue 16, item 5): a challenge recorded by the BMG reaches the action's leads by email (through
the notification record and the task queue) and on My actions and the update form; the lead's next update answers
it; the BMG sees answered and unanswered challenges. Never across boards."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from priorities.models import Rag
from reporting.models import Challenge
from reporting.selectors import unanswered_challenges
from tests import factories as f
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

TEXT = "Why is <b>CSE-01</b> still Red? https://intranet.example.org/minutes/12"


def _challenge(world, client, action=None):
    action = action or world.action
    return client.post(
        reverse("reporting:challenge_create", args=[world.open_quarter.pk, action.pk]), {"text": TEXT}, follow=True
    )


def test_the_leads_are_emailed_once_with_the_text_and_an_absolute_link(world, client_for, settings):
    settings.SITE_URL = "https://tracker.example.org"
    group_action = f.ActionFactory(objective=world.objective, order=7, reference="CSE-07", leads=[world.group])
    response = _challenge(world, client_for("bmg"), group_action)
    assert "its leads are emailed (1 person)" in response.content.decode()
    notification = Notification.objects.get(kind=Notification.Kind.CHALLENGE)
    assert notification.recipient == world.users["lead"] and notification.board == world.board
    assert mail.outbox == []  # queued, not sent inside the request
    run_queued_tasks()
    [message] = mail.outbox
    assert message.to == [world.users["lead"].email]
    assert message.subject == f"The Business Management Group challenged CSE-07 ({world.board.name})"
    assert TEXT in message.body  # plain text: not escaped
    assert f"https://tracker.example.org/priorities/actions/{group_action.pk}/update/" in message.body
    assert "because you lead this action (through MASE)" in message.body
    # Nobody of the other board hears of it.
    assert not Notification.objects.filter(board=world.other_board).exists()


def test_a_challenge_shows_on_my_actions_and_the_update_form_until_the_next_update_answers_it(world, client_for):
    _challenge(world, client_for("bmg"))
    lead = client_for("lead")
    page = lead.get(reverse("priorities:my_actions")).content.decode()
    row = page.split(f'id="action-{world.action.pk}"')[1].split("</tr>")[0]
    assert "Challenged by the BMG" in row
    assert "Challenged (1)" in page
    challenged = lead.get(reverse("priorities:my_actions"), {"show": "challenged"}).context["shown"]
    assert [action.pk for action in challenged] == [world.action.pk]

    form_url = reverse("priorities:action_update", args=[world.action.pk])
    form = lead.get(form_url).content.decode()
    assert "Challenged by the BMG" in form
    assert "Why is &lt;b&gt;CSE-01&lt;/b&gt; still Red?" in form  # escaped
    assert 'href="https://intranet.example.org/minutes/12"' in form  # and the link is clickable

    response = lead.post(
        form_url,
        {"rag": Rag.AMBER, "commentary": "The plan was agreed on 3 March.", "version": world.action.version},
        follow=True,
    )
    assert "Your update answers the challenge" in response.content.decode()
    page = lead.get(reverse("priorities:my_actions")).content.decode()
    assert "Challenged by the BMG" not in page and "Challenged (0)" in page
    assert "Challenged by the BMG" not in lead.get(form_url).content.decode()

    dashboard = client_for("bmg").get(reverse("reporting:dashboard")).content.decode()
    challenges = dashboard.split('id="challenge-list"')[1].split("</ul>")[0]
    assert "Answered" in challenges and "The plan was agreed on 3 March." in challenges
    assert "1 of 1 answered" in dashboard


def test_the_bmg_sees_which_challenges_are_not_answered(world, client_for):
    other = world.other_action  # CSE-02, Kaye Wise
    _challenge(world, client_for("bmg"))
    _challenge(world, client_for("bmg"), other)
    client_for("lead").post(
        reverse("priorities:action_update", args=[world.action.pk]),
        {"rag": Rag.GREEN, "commentary": "Done", "version": world.action.version},
    )
    dashboard = client_for("bmg").get(reverse("reporting:dashboard")).content.decode()
    assert "1 of 2 answered" in dashboard
    unanswered = dashboard.split('id="challenge-list"')[1].split("</ul>")[0].split("CSE-02")[1]
    assert "Not answered yet" in unanswered
    assert Challenge.objects.count() == 2


def test_another_boards_challenge_is_never_shown(world, client_for):
    other_quarter = world.other_plan.quarters.get(state="open")
    Challenge.objects.create(
        quarter=other_quarter, action=world.other_board_action, author=world.users["other_board_admin"], text="Hidden"
    )
    assert unanswered_challenges([world.action, world.other_action]) == []
    page = client_for("lead").get(reverse("priorities:my_actions")).content.decode()
    assert "Hidden" not in page and "Challenged by the BMG" not in page
    assert "Hidden" not in client_for("bmg").get(reverse("reporting:dashboard")).content.decode()

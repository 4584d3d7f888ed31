"""My actions and the update form through the real test client: content, permissions, conflicts, escaping."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from priorities.models import Action, Rag, StatusUpdate
from priorities.services import COMMENTARY_MAX_LENGTH, status_update_record
from tests import factories as f

MY_ACTIONS = reverse("priorities:my_actions")
# Inside the world's open quarter (2014/15 Q3) and before its update deadline.
DURING_THE_QUARTER = datetime.datetime(2014, 11, 14, 10, 0, tzinfo=datetime.UTC)


def update_url(action):
    return reverse("priorities:action_update", args=[action.pk])


def post_update(client, action, **data):
    values = {"rag": "amber", "commentary": "Venue not booked", "version": action.version}
    return client.post(update_url(action), {**values, **data})


class TestMyActions:
    def test_lists_the_leads_actions_direct_and_through_groups_in_the_plans_order(
        self, world, client_for, group_action
    ):
        neglect = f.PriorityFactory(plan=world.plan, title="Neglect", slug="neglect", code="NEG", order=2)
        neglect_action = f.ActionFactory(
            objective=f.ObjectiveFactory(priority=neglect, order=1), order=1, reference="NEG-01", leads=[world.group]
        )
        response = client_for("lead").get(MY_ACTIONS)
        html = response.content.decode()
        assert response.status_code == 200
        assert [a.reference for a in response.context["shown"]] == ["CSE-01", "CSE-03", "NEG-01"]
        assert "CSE-02" not in html
        assert html.index(">CSE-01<") < html.index(">CSE-03<") < html.index(">NEG-01<")
        assert f'href="{update_url(neglect_action)}?return_to=my-actions"' in html
        assert "Updates for 2014/15 Q3 are due by <strong>21 December 2014</strong>" in html
        assert "3 of your 3 actions still need an update this quarter: they are listed first." in html
        row = html[html.index(f'id="action-{neglect_action.pk}"') :].split("</tr>")[0]
        assert "through MASE" in row and "Update due" in row
        own_row = html[html.index(f'id="action-{world.action.pk}"') :].split("</tr>")[0]
        assert "through" not in own_row

    def test_shows_status_last_update_due_date_and_overdue(self, world, client_for):
        with time_machine.travel(DURING_THE_QUARTER, tick=False):
            status_update_record(action=world.action, user=world.users["lead"], rag=Rag.RED, commentary="Stalled")
        Action.objects.filter(pk=world.action.pk).update(due_date=datetime.date(2014, 10, 31))
        with time_machine.travel(DURING_THE_QUARTER, tick=False):
            html = client_for("lead").get(MY_ACTIONS).content.decode()
        assert '<strong class="govuk-tag app-rag govuk-tag--red">Red</strong>' in html
        assert '>Updated 14 Nov</span> <span class="govuk-body-s">by Jo Moses</span>' in html  # when, and by whom
        assert "31 Oct 2014" in html and "Overdue" in html
        assert "Update due" not in html
        assert "All your actions have been updated this quarter." in html

    def test_needs_an_update_comes_first_and_a_colleagues_update_through_the_group_counts(
        self, world, client_for, group_action
    ):
        # Kaye Wise (other_lead) joins MASE and updates the group's action: Jo Moses sees it done, and by whom.
        world.other_lead_person.groups.add(world.group)
        status_update_record(action=group_action, user=world.users["other_lead"], rag=Rag.GREEN, commentary="On track")
        response = client_for("lead").get(MY_ACTIONS)
        assert [a.reference for a in response.context["shown"]] == ["CSE-01", "CSE-03"]
        row = response.content.decode().split(f'id="action-{group_action.pk}"')[1].split("</tr>")[0]
        assert "by Kaye Wise" in row and "Update due" not in row
        assert "1 of your 2 actions still needs an update this quarter" in response.content.decode()

    def test_a_complete_action_is_never_asked_for_an_update(self, world, client_for, group_action):
        Action.objects.filter(pk=world.action.pk).update(rag=Rag.COMPLETE)
        response = client_for("lead").get(MY_ACTIONS)
        row = response.content.decode().split(f'id="action-{world.action.pk}"')[1].split("</tr>")[0]
        assert "No update needed" in row and "Update due" not in row
        assert [a.reference for a in response.context["shown"]] == ["CSE-03", "CSE-01"]  # the one due first
        assert response.context["due_count"] == 1

    def test_filters_narrow_the_list_and_say_how_many_each_holds(self, world, client_for, group_action):
        Action.objects.filter(pk=world.action.pk).update(rag=Rag.RED, due_date=datetime.date(2014, 10, 1))
        client = client_for("lead")
        html = client.get(MY_ACTIONS).content.decode()
        for label in ["All (2)", "Needs an update (2)", "Red or amber (1)", "Overdue (1)", "Through a group (1)"]:
            assert label in html
        expectations = {
            "due": ["CSE-01", "CSE-03"],
            "red_amber": ["CSE-01"],
            "overdue": ["CSE-01"],
            "group": ["CSE-03"],
        }
        for show, expected in expectations.items():
            response = client.get(MY_ACTIONS, {"show": show})
            assert [a.reference for a in response.context["shown"]] == expected, show
            assert 'aria-current="page"' in response.content.decode()
        nonsense = client.get(MY_ACTIONS, {"show": "<script>"})
        assert nonsense.context["show"] == "all" and len(nonsense.context["shown"]) == 2
        Action.objects.filter(pk=world.action.pk).update(rag=Rag.GREEN, due_date=None)
        empty = client.get(MY_ACTIONS, {"show": "red_amber"}).content.decode()
        assert "None of your actions is red or amber." in empty

    def test_a_lead_of_nothing_is_told_what_to_do(self, world, client_for):
        world.action.leads.clear()
        html = client_for("lead").get(MY_ACTIONS).content.decode()
        assert "You do not lead any actions yet" in html

    def test_a_leads_home_is_my_actions_but_others_keep_the_home_page(self, world, client_for):
        response = client_for("lead").get(reverse("home"))
        assert response.status_code == 302 and response["Location"] == MY_ACTIONS
        assert client_for("admin").get(reverse("home")).status_code == 200

    def test_the_navigation_offers_my_actions_to_leads_only(self, world, client_for):
        assert f'href="{MY_ACTIONS}"' in client_for("lead").get(MY_ACTIONS).content.decode()
        assert f'href="{MY_ACTIONS}"' not in client_for("bmg").get(reverse("home")).content.decode()

    @pytest.mark.parametrize("count", [3, 6])
    def test_query_count_does_not_grow_with_the_number_of_actions(
        self, world, client_for, django_assert_num_queries, count
    ):
        for order in range(10, 10 + count):
            action = f.ActionFactory(objective=world.objective, order=order, leads=[world.lead_person])
            status_update_record(action=action, user=world.users["lead"], rag=Rag.GREEN, commentary="Fine")
        client = client_for("lead")
        # Session, user, membership, board, roles, open quarters, lead ids, actions (with their latest update, its
        # author and "updated this quarter" in one query), their leads (for "through MASE"), the unanswered
        # challenges (the notice registry), what else the lead reports on (the My actions registry,
        # priorities/my_work.py, when there is none: the core business measures; the audits' improvement actions
        # and recommendations; the learning reviews' recommendations), the session save, and two savepoints of
        # ATOMIC_REQUESTS.
        with django_assert_num_queries(18):
            response = client.get(MY_ACTIONS)
        assert len(response.context["actions"]) == count + 1


class TestUpdateForm:
    def test_the_form_offers_every_status_and_carries_the_version(self, world, client_for):
        html = client_for("lead").get(update_url(world.action)).content.decode()
        for label in ["Not started", "Red", "Amber", "Green", "Complete"]:
            assert f"{label}\n" in html or f">{label}<" in html
        assert 'name="version" value="0"' in html
        assert html.count('class="govuk-radios__input"') == 5
        assert re.search(r'value="not_started"\s*checked', html)
        assert "Update the status of CSE-01" in html

    def test_a_lead_updates_and_returns_to_my_actions(self, world, client_for):
        client = client_for("lead")
        response = post_update(client, world.action, return_to="my-actions")
        assert response.status_code == 302 and response["Location"] == MY_ACTIONS
        update = StatusUpdate.objects.get()
        assert (update.author, update.rag, update.commentary) == (world.users["lead"], Rag.AMBER, "Venue not booked")
        html = client.get(MY_ACTIONS).content.decode()
        assert "CSE-01 updated: status is now Amber" in html

    def test_return_to_cannot_send_the_user_elsewhere(self, world, client_for):
        response = post_update(client_for("lead"), world.action, return_to="https://evil.example/")
        assert response["Location"] == reverse("priorities:action_detail", args=[world.action.pk])

    def test_missing_commentary_shows_the_error_summary_and_saves_nothing(self, world, client_for):
        response = post_update(client_for("lead"), world.action, commentary="")
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html
        assert 'href="#id_commentary">Enter a commentary explaining why the action is amber</a>' in html
        assert "<title>Update CSE-01 (error)" in html
        assert not StatusUpdate.objects.exists()

    def test_an_unknown_status_is_refused(self, world, client_for):
        html = post_update(client_for("lead"), world.action, rag="blue").content.decode()
        assert 'href="#id_rag_1">Select a status</a>' in html
        assert not StatusUpdate.objects.exists()

    def test_oversized_commentary_is_refused(self, world, client_for):
        html = post_update(client_for("lead"), world.action, commentary="x" * (COMMENTARY_MAX_LENGTH + 1))
        assert f"Commentary must be {COMMENTARY_MAX_LENGTH} characters or fewer" in html.content.decode()
        assert not StatusUpdate.objects.exists()

    def test_escalation_without_reason_is_refused(self, world, client_for):
        html = post_update(client_for("lead"), world.action, needs_escalation="on").content.decode()
        assert "Enter the reason the action needs escalation or support" in html
        assert not StatusUpdate.objects.exists()

    def test_html_and_script_in_commentary_are_shown_as_text(self, world, client_for):
        client = client_for("lead")
        post_update(client, world.action, commentary='<script>alert("x")</script><b>bold</b>')
        html = client.get(update_url(world.action)).content.decode()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
        assert '<script>alert("x")</script>' not in html

    def test_the_history_shows_who_when_quarter_and_change(self, world, client_for):
        client = client_for("lead")
        with time_machine.travel(DURING_THE_QUARTER, tick=False):
            post_update(
                client,
                world.action,
                evidence_of_impact="Referrals up",
                needs_escalation="on",
                escalation_reason="No police lead",
            )
            html = client.get(update_url(world.action)).content.decode()
        history = html[html.index('id="history"') :]
        assert "14 November 2014, 10:00" in history
        assert "by Jo Moses, for 2014/15 Q3" in history
        assert "Not started</strong> to <strong" in history and ">Amber</strong>" in history
        assert "Venue not booked" in history and "Referrals up" in history
        assert 'Needs escalation or support: <span class="app-pre-wrap">No police lead</span>' in history


class TestConflict:
    def test_a_stale_save_is_refused_shows_their_change_and_keeps_what_was_typed(self, world, client_for):
        opened_version = world.action.version
        status_update_record(
            action=Action.objects.get(pk=world.action.pk),
            user=world.users["admin"],
            rag=Rag.RED,
            commentary="Police lead has left",
        )
        response = client_for("lead").post(
            update_url(world.action),
            {"rag": "green", "commentary": "My careful words", "version": opened_version},
        )
        html = response.content.decode()
        assert response.status_code == 409
        assert "Someone else updated this action while you were editing" in html
        assert "What changed since you opened this page" in html
        stale = html[html.index('id="stale-updates"') :]
        assert "Test Admin changed the status from" in stale and "Police lead has left" in stale
        assert "My careful words</textarea>" in html
        assert re.search(r'value="green"\s*checked', html)
        assert 'name="version" value="1"' in html
        assert list(StatusUpdate.objects.values_list("commentary", flat=True)) == ["Police lead has left"]


class TestPermissions:
    def test_lead_cannot_update_someone_elses_action_even_with_a_crafted_post(self, world, client_for):
        client = client_for("lead")
        assert client.get(update_url(world.other_action)).status_code == 403
        assert post_update(client, world.other_action).status_code == 403
        assert not StatusUpdate.objects.exists()

    def test_group_membership_lets_a_lead_update(self, world, client_for, group_action):
        assert post_update(client_for("lead"), group_action).status_code == 302
        assert post_update(client_for("other_lead"), group_action).status_code == 403
        assert StatusUpdate.objects.get().action == group_action

    def test_another_boards_action_is_not_found(self, world, client_for):
        assert post_update(client_for("admin"), world.other_board_action).status_code == 404
        assert client_for("lead").get(update_url(world.other_board_action)).status_code == 404

    def test_readers_cannot_update(self, world, client_for):
        for persona in ["bmg", "board_member", "audit_coordinator"]:
            assert post_update(client_for(persona), world.action).status_code == 403
        assert not StatusUpdate.objects.exists()

    def test_an_administrator_can_update_any_action_of_their_board(self, world, client_for):
        assert post_update(client_for("admin"), world.other_action, return_to="my-actions").status_code == 302
        # Administrators who are not leads go back to the action page, not to a My actions they cannot open.
        assert StatusUpdate.objects.get().author == world.users["admin"]

    def test_a_closed_plan_period_with_no_open_quarter_is_explained(self, world, client_for):
        from plans.models import Quarter

        Quarter.objects.filter(plan=world.plan).update(state=Quarter.State.CLOSED, closed_at=timezone.now())
        html = post_update(client_for("lead"), world.action).content.decode()
        assert "No reporting quarter is open for this plan" in html
        assert not StatusUpdate.objects.exists()

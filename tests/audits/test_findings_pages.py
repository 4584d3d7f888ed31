"""Findings' pages and where they show: the finding page and its update form (after acceptance too), isolation, My
actions, the plan action and priority pages, the dashboard panel, the board pack's sentence and sheet, the demo's
lead-owned recommendations, and pinned query counts."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from accounts.roles import Role
from audits import findings, services
from audits.findings import finding_update_record
from audits.models import FindingUpdate, ImprovementAction, Recommendation
from audits.selectors import dashboard_panel_context, pack_sheets, pack_summary
from priorities.models import Rag
from tests import factories as f
from tests.audits.helpers import audits_of

FEB_2015 = datetime.datetime(2015, 2, 15, 12, 0)


@pytest.fixture
def owned(world):
    """The Council's improvement action owned by Jo Moses, feeding CSE-01, on an accepted return; the themed audit's
    recommendation owned by the group MASE (Jo Moses is a member)."""
    a = audits_of(world)
    created = datetime.datetime(2014, 12, 1, 9, 0, tzinfo=datetime.UTC)  # in the plan's years, for the pack's cut-off
    ImprovementAction.objects.filter(pk=a.action.pk).update(owner_lead=world.lead_person, owner="", created_at=created)
    a.action.plan_actions.set([world.action])
    Recommendation.objects.filter(pk=a.recommendation.pk).update(owner_lead=world.group, owner="", created_at=created)
    services.return_submit(agency_return=a.own, user=world.users["agency_contact"])
    services.return_accept(agency_return=a.own, user=world.users["audit_coordinator"])
    a.action.refresh_from_db()
    a.recommendation.refresh_from_db()
    return a


def _url(finding):
    return findings.url_of(finding)


# ----- the finding page --------------------------------------------------------------------------------------------


@time_machine.travel(FEB_2015, tick=False)
def test_the_finding_page_shows_what_it_is_and_its_owner_updates_it_after_acceptance(world, owned, client_for):
    client = client_for("lead")
    page = client.get(_url(owned.action)).content.decode()
    assert "Refresh the safeguarding policy" in page
    assert "Home Borough Council, Section 11 audit 2014/15" in page
    assert "Jo Moses" in page and "31 March 2015" in page
    assert "Not started" in page  # the status as a word
    assert reverse("priorities:action_detail", args=[world.action.pk]) in page and "CSE-01" in page
    assert "No updates yet." in page and "Record the update" in page
    # Jo Moses may not read the Council's return: no link to it.
    assert reverse("audits:return_detail", args=[owned.own.pk]) not in page

    response = client.post(
        _url(owned.action), {"rag": "amber", "note": "Policy drafted, out for comment", "expected_latest_id": "0"}
    )
    assert response.status_code == 302 and response.url == _url(owned.action)
    owned.action.refresh_from_db()
    assert owned.action.progress == Rag.AMBER
    page = client.get(_url(owned.action)).content.decode()
    assert "Policy drafted, out for comment" in page and "Amber" in page and "Jo Moses" in page


def test_bad_input_shows_errors_and_changes_nothing(world, owned, client_for):
    response = client_for("lead").post(_url(owned.action), {"rag": "red", "note": "", "expected_latest_id": "0"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a note explaining why the finding is red" in page
    assert not FindingUpdate.objects.exists()


def test_an_update_made_since_the_form_was_opened_is_shown_and_nothing_is_saved(world, owned, client_for):
    finding_update_record(
        finding=owned.recommendation, user=world.users["audit_coordinator"], rag=Rag.RED, note="Chairs not checking"
    )
    response = client_for("lead").post(
        _url(owned.recommendation), {"rag": "green", "note": "All chairs check", "expected_latest_id": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else updated this finding while you were editing" in page
    assert "Chairs not checking" in page and "All chairs check" in page  # theirs shown, this person's words kept
    owned.recommendation.refresh_from_db()
    assert owned.recommendation.rag == Rag.RED and FindingUpdate.objects.count() == 1


def test_a_reader_sees_the_page_without_the_form_and_is_refused_the_update(world, owned, client_for):
    client = client_for("bmg")
    page = client.get(_url(owned.action)).content.decode()
    assert "Refresh the safeguarding policy" in page and "Record the update" not in page
    response = client.post(_url(owned.action), {"rag": "green", "note": "x", "expected_latest_id": "0"})
    assert response.status_code == 403
    assert not FindingUpdate.objects.exists()


def test_another_boards_finding_is_a_404_and_another_agencys_contact_gets_a_404(world, owned, client_for):
    for url in (_url(owned.action), _url(owned.recommendation)):
        assert client_for("other_board_admin").get(url).status_code == 404
        assert client_for("other_board_admin").post(url, {"rag": "green", "note": "x"}).status_code == 404
    assert client_for("agency_contact_other").get(_url(owned.action)).status_code == 404
    assert client_for("agency_contact").get(_url(owned.action)).status_code == 200
    assert client_for("agency_contact").get(_url(owned.recommendation)).status_code == 403
    assert client_for("other_lead").get(_url(owned.action)).status_code == 403
    assert not FindingUpdate.objects.exists()


def test_the_return_and_themed_audit_pages_link_each_finding(world, owned, client_for):
    client = client_for("audit_coordinator")
    assert _url(owned.action) in client.get(reverse("audits:return_detail", args=[owned.own.pk])).content.decode()
    page = client.get(reverse("audits:themed_detail", args=[owned.themed.pk])).content.decode()
    assert _url(owned.recommendation) in page and "MASE" in page


# ----- My actions, the action page and the priority page ---------------------------------------------------------


@time_machine.travel(FEB_2015, tick=False)
def test_my_actions_lists_the_findings_the_lead_owns_directly_or_through_a_group(world, owned, client_for):
    client = client_for("lead")
    page = client.get(reverse("priorities:my_actions")).content.decode()
    assert "Section 11 and audit findings" in page
    assert "Refresh the safeguarding policy" in page
    assert "Chairs check drift at every review" in page and "through MASE" in page
    assert f"{_url(owned.action)}?return_to=my-actions" in page
    assert "Overdue" in page  # the recommendation was due on 31 January 2015
    # Another lead does not see them.
    assert (
        "Section 11 and audit findings"
        not in client_for("other_lead").get(reverse("priorities:my_actions")).content.decode()
    )

    response = client.post(
        _url(owned.action),
        {"rag": "complete", "note": "Signed off", "expected_latest_id": "0", "return_to": "my-actions"},
    )
    assert response.status_code == 302 and response.url == reverse("priorities:my_actions")
    page = client.get(reverse("priorities:my_actions")).content.decode()
    assert _url(owned.action) not in page  # complete: no longer open
    assert _url(owned.recommendation) in page


def test_the_action_page_lists_the_findings_that_feed_it(world, owned, client_for):
    page = client_for("bmg").get(reverse("priorities:action_detail", args=[world.action.pk])).content.decode()
    assert "Section 11 and audit findings" in page
    assert "Refresh the safeguarding policy" in page and _url(owned.action) in page
    other = client_for("bmg").get(reverse("priorities:action_detail", args=[world.other_action.pk])).content.decode()
    assert "Refresh the safeguarding policy" not in other
    # A lead who may not open the finding sees what it is, without a link.
    page = client_for("other_lead").get(reverse("priorities:action_detail", args=[world.action.pk])).content.decode()
    assert "Refresh the safeguarding policy" in page and _url(owned.action) not in page


def test_the_priority_page_lists_the_themed_audits_that_inform_it(world, owned, client_for):
    page = client_for("board_member").get(reverse("priorities:priority_detail", args=[world.priority.slug]))
    page = page.content.decode()
    assert "Themed audits informing this priority" in page
    assert "Neglect: repeat child protection plans" in page
    assert reverse("audits:themed_detail", args=[owned.themed.pk]) in page


# ----- the dashboard panel and the board pack --------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2015, 6, 1, 12, 0), tick=False)
def test_the_panel_and_the_pack_report_open_and_overdue_findings_with_their_owners(world, owned, client_for):
    finding_update_record(finding=owned.recommendation, user=None, rag=Rag.AMBER, note="Two chairs of five")
    quarter = next(q for q in world.quarters if q.end_date == datetime.date(2015, 3, 31))
    context = dashboard_panel_context(quarter)
    # At the quarter's end (31 March 2015) only the recommendation (due 31 January) is overdue.
    assert context["open_findings"] == 2 and context["overdue_findings_count"] == 1
    assert [row.finding for row in context["overdue_findings"]] == [owned.recommendation]

    html = render_to_string("audits/_dashboard_panel.html", context)
    assert "Chairs check drift at every review" in html and "Owner MASE" in html and "Amber" in html
    assert "2 open" in html and "1 overdue" in html
    assert reverse("audits:finding_list") in html

    assert "2 Section 11 and audit findings open, 1 overdue." in pack_summary(quarter)

    sheet = next(s for s in pack_sheets(quarter) if s["title"] == "Findings")
    assert sheet["header"] == ["Reference", "Finding", "Owner", "Due", "Status", "Latest note", "Plan actions"]
    assert sheet["rag_columns"] == (4,)
    rows = {row[1]: row for row in sheet["rows"]}
    assert rows["Chairs check drift at every review"][2:] == [
        "MASE",
        datetime.date(2015, 1, 31),
        Rag.AMBER,
        "Two chairs of five",
        "",
    ]
    assert rows["Refresh the safeguarding policy"][2:] == [
        "Jo Moses",
        datetime.date(2015, 3, 31),
        Rag.NOT_STARTED,
        "",
        "CSE-01",
    ]


def test_the_findings_list_shows_overdue_findings_with_their_owners(world, owned, client_for):
    with time_machine.travel(datetime.datetime(2015, 2, 15, 12, 0), tick=False):
        page = client_for("bmg").get(reverse("audits:finding_list") + "?show=overdue").content.decode()
    assert "Chairs check drift at every review" in page and "MASE" in page
    assert "Refresh the safeguarding policy" not in page  # due 31 March 2015


# ----- query counts ----------------------------------------------------------------------------------------------


def _more_findings(world, owned, n):
    """`n` more findings owned by Jo Moses or MASE, each with an update and a plan action."""
    for i in range(n):
        action = _extra_action(world, owned, i)
        recommendation = findings.recommendation_save(
            themed_audit=owned.themed,
            text=f"Extra recommendation {i}",
            owner_lead=world.group,
            owner="",
            due_date=datetime.date(2015, 6, 30),
            plan_actions=[world.action],
        )
        for finding in (action, recommendation):
            finding_update_record(finding=finding, user=world.users["lead"], rag=Rag.GREEN, note=f"Note {i}")


def _extra_action(world, owned, i):
    # The return is accepted, so an action is added as the agency would have before submitting.
    action = ImprovementAction.objects.create(
        assessment=owned.action.assessment,
        description=f"Extra action {i}",
        owner_lead=world.lead_person,
        due_date=datetime.date(2015, 3, 31),
    )
    action.plan_actions.set([world.action, world.other_action])
    return action


FINDING_PAGE_QUERIES = 13
MY_ACTIONS_QUERIES = 18  # with the learning reviews' recommendations (learning/selectors.py my_work_section)


@pytest.mark.parametrize("n", [2, 4])
def test_the_finding_page_costs_the_same_queries_at_n_and_2n_updates(
    world, owned, client_for, django_assert_num_queries, n
):
    for i in range(n):
        finding_update_record(finding=owned.action, user=world.users["lead"], rag=Rag.GREEN, note=f"Update {i}")
    owned.action.plan_actions.set([world.action, world.other_action][: n // 2])
    client = client_for("lead")
    with django_assert_num_queries(FINDING_PAGE_QUERIES):
        response = client.get(_url(owned.action))
    assert response.content.decode().count("Update ") >= n


@pytest.mark.parametrize("n", [2, 4])
def test_my_actions_costs_the_same_queries_at_n_and_2n_findings(world, owned, client_for, django_assert_num_queries, n):
    _more_findings(world, owned, n)
    client = client_for("lead")
    with django_assert_num_queries(MY_ACTIONS_QUERIES):
        response = client.get(reverse("priorities:my_actions"))
    # Each named twice: the link, and the update link's hidden text.
    assert response.content.decode().count("Extra recommendation") == 2 * n


# ----- the demo --------------------------------------------------------------------------------------------------


@override_settings(DEBUG=True)
def test_the_demos_cse_recommendation_is_on_di_john_cannons_my_actions(db):
    from tests.audits.test_overview import _barnet

    board = _barnet()
    plan = board.plans.get()
    cse = f.PriorityFactory(plan=plan, title="Child Sexual Exploitation", slug="cse", code="CSE", order=2)
    action = f.ActionFactory(objective=f.ObjectiveFactory(priority=cse, order=1), reference="CSE-02")
    user = f.UserFactory(username="john.cannon", first_name="John", last_name="Cannon", roles=[Role.LEAD])
    f.MembershipFactory(user=user, board=board)
    f.LeadFactory(board=board, name="DI John Cannon", user=user)
    call_command("load_audit_cycle")
    call_command("load_audit_demo")

    recommendation = Recommendation.objects.get(owner_lead__name="DI John Cannon")
    assert recommendation.owner == "" and list(recommendation.plan_actions.all()) == [action]
    assert recommendation.rag == Rag.AMBER
    update = recommendation.updates.get()
    assert update.is_demo and update.rag == Rag.AMBER
    assert FindingUpdate.objects.filter(is_demo=False).count() == 0

    client = Client()
    client.force_login(user)
    page = client.get(reverse("priorities:my_actions")).content.decode()
    assert "Section 11 and audit findings" in page
    assert "Share what every return interview finds with the police CSE team" in page
    page = client.get(reverse("priorities:priority_detail", args=["cse"])).content.decode()
    assert "Child sexual exploitation: missing episodes and return interviews" in page
    page = client.get(reverse("priorities:action_detail", args=[action.pk])).content.decode()
    assert "Share what every return interview finds" in page

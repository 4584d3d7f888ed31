"""The quarterly dashboard: what it shows, that every number links to its actions, challenge and sign-off, and a
query count that does not grow with the number of actions."""

import re

import pytest
from django.urls import reverse

from plans.models import Quarter, QuarterEvent
from priorities.models import Rag
from reporting.models import Challenge
from reporting.panels import _PANELS, register_panel
from reporting.services import quarter_close
from tests import factories as f

from .helpers import at, update

pytestmark = pytest.mark.django_db


def _close_q3_with_red_and_green(world):
    q3 = world.quarters[2]
    update(world.action, world.users["lead"], Rag.RED, q3, commentary="No CSE co-ordinator yet", escalate=True)
    update(world.other_action, world.users["other_lead"], Rag.GREEN, q3)
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))
    q3.refresh_from_db()
    return q3


def test_dashboard_opens_on_the_quarter_in_progress_and_shows_a_closed_ones_frozen_figures(world, client_for):
    q3 = _close_q3_with_red_and_green(world)
    update(world.action, world.users["lead"], Rag.GREEN, world.quarters[3], commentary="Recovered")
    default = client_for("board_member").get(reverse("reporting:dashboard")).content.decode()
    assert "Quarterly dashboard: 2014/15 Q4" in default and "these figures are live" in default
    assert (
        f'href="{reverse("reporting:dashboard")}?quarter={q3.pk}" id="previous-quarter">2014/15 Q3 dashboard' in default
    )
    page = client_for("board_member").get(reverse("reporting:dashboard"), {"quarter": q3.pk}).content.decode()
    assert "Quarterly dashboard: 2014/15 Q3" in page
    assert "These figures were frozen" in page
    assert "No CSE co-ordinator yet" in page and "Recovered" not in page
    assert "Needs a Board decision" in page
    assert 'role="img"' in page and "Red 1, Green 1" in page
    assert "style=" not in page
    # Every number links to the actions behind it.
    red_link = reverse("reporting:dashboard_actions", args=[q3.pk]) + "?rag=red"
    assert f'href="{red_link}">1</a>' in page
    assert "Demo data" not in page


def test_each_figure_link_lists_exactly_the_actions_behind_it(world, client_for):
    q3 = _close_q3_with_red_and_green(world)
    page = (
        client_for("bmg")
        .get(
            reverse("reporting:dashboard_actions", args=[q3.pk]),
            {"rag": "red", "priority": world.priority.pk, "stage": "prevent"},
        )
        .content.decode()
    )
    assert "CSE-01" in page and "CSE-02" not in page
    assert "status Red, priority Child Sexual Exploitation, stage Prevent" in page
    escalated = client_for("bmg").get(reverse("reporting:dashboard_actions", args=[q3.pk]), {"set": "escalated"})
    assert "CSE-01" in escalated.content.decode()
    assert client_for("bmg").get(reverse("reporting:dashboard_actions", args=[q3.pk]), {"set": "x"}).status_code == 404


def test_the_open_quarter_is_shown_live_with_actions_not_updated(world, client_for):
    update(world.action, world.users["lead"], Rag.AMBER, world.open_quarter)
    page = client_for("bmg").get(reverse("reporting:dashboard")).content.decode()
    # No quarter of the world has snapshots, so the latest "closed" Q2 shows no actions: choose the open one.
    page = client_for("bmg").get(reverse("reporting:dashboard"), {"quarter": world.open_quarter.pk}).content.decode()
    assert "is still open: these figures are live" in page
    no_update = re.search(r'id="no-update-table".*?</table>', page, re.S).group(0)
    assert "CSE-02" in no_update and "CSE-01" not in no_update


def test_another_boards_quarter_is_not_found(world, client_for):
    other = Quarter.objects.filter(plan=world.other_plan).first()
    assert client_for("bmg").get(reverse("reporting:dashboard"), {"quarter": other.pk}).status_code == 404
    assert client_for("bmg").get(reverse("reporting:dashboard_actions", args=[other.pk])).status_code == 404
    assert client_for("bmg").get(reverse("reporting:dashboard"), {"quarter": "abc"}).status_code == 404


def test_bmg_member_records_a_challenge_and_the_lead_sees_it_on_the_action(world, client_for):
    q3 = _close_q3_with_red_and_green(world)
    url = reverse("reporting:challenge_create", args=[q3.pk, world.action.pk])
    empty = client_for("bmg").post(url, {"text": "  "})
    assert "Enter your challenge or comment" in empty.content.decode()
    response = client_for("bmg").post(url, {"text": "What is the recovery plan?"})
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert (challenge.author, challenge.quarter, challenge.action) == (world.users["bmg"], q3, world.action)
    from django.template.loader import render_to_string

    html = render_to_string("reporting/_action_challenges.html", {"action": world.action})
    assert "What is the recovery plan?" in html and "2014/15 Q3" in html
    dashboard = client_for("bmg").get(reverse("reporting:dashboard"), {"quarter": q3.pk}).content.decode()
    assert "What is the recovery plan?" in dashboard


def test_challenge_on_another_boards_action_is_not_found(world, client_for):
    url = reverse("reporting:challenge_create", args=[world.open_quarter.pk, world.other_board_action.pk])
    assert client_for("bmg").post(url, {"text": "x"}).status_code == 404
    assert not Challenge.objects.exists()


def test_sign_off_asks_for_confirmation_keeps_a_note_and_an_administrator_can_undo_it(world, client_for):
    q3 = _close_q3_with_red_and_green(world)
    url = reverse("reporting:review_done", args=[q3.pk])
    dashboard = client_for("bmg").get(reverse("reporting:dashboard"), {"quarter": q3.pk}).content.decode()
    assert f'href="{url}"' in dashboard  # a link to a confirmation page, not a one-click form
    confirm = client_for("bmg").get(url).content.decode()
    assert "Sign off the review of 2014/15 Q3" in confirm and "no new challenge can be recorded" in confirm
    q3.refresh_from_db()
    assert q3.review_done_at is None  # opening the page changes nothing

    too_long = client_for("bmg").post(url, {"note": "x" * 2001})
    assert too_long.status_code == 200 and "Note must be 2,000 characters or fewer" in too_long.content.decode()
    client_for("bmg").post(url, {"note": "Escalate <b>CSE-01</b> to the board."})
    q3.refresh_from_db()
    assert q3.review_done_by == world.users["bmg"] and q3.review_done_at is not None
    assert QuarterEvent.objects.get(quarter=q3, kind="review_done").detail == "Escalate <b>CSE-01</b> to the board."
    page = client_for("board_member").get(reverse("reporting:dashboard"), {"quarter": q3.pk}).content.decode()
    assert "Signed off</strong> by Test Bmg" in page
    assert "Escalate &lt;b&gt;CSE-01&lt;/b&gt; to the board." in page  # escaped
    assert "Undo the sign-off" not in page  # board members cannot undo
    admin_page = client_for("admin").get(reverse("reporting:dashboard"), {"quarter": q3.pk}).content.decode()
    assert reverse("reporting:review_undo", args=[q3.pk]) in admin_page

    undo = reverse("reporting:review_undo", args=[q3.pk])
    refused = client_for("admin").post(undo, {"reason": "  "})
    assert "Enter why you are undoing the sign-off" in refused.content.decode()
    q3.refresh_from_db()
    assert q3.review_done_at is not None
    client_for("admin").post(undo, {"reason": "Signed off before the BMG met."})
    q3.refresh_from_db()
    assert q3.review_done_at is None and q3.review_done_by is None
    event = QuarterEvent.objects.get(quarter=q3, kind="review_undone")
    assert event.reason == "Signed off before the BMG met." and event.by == world.users["admin"]
    assert QuarterEvent.objects.filter(quarter=q3, kind="review_done").count() == 1  # the record keeps the sign-off
    # Signed off again, with no note this time: the old note is not shown for the new sign-off.
    client_for("bmg").post(url, {"note": ""})
    page = client_for("bmg").get(reverse("reporting:dashboard"), {"quarter": q3.pk}).content.decode()
    assert "Signed off</strong>" in page and "Escalate" not in page

    # An open quarter cannot be signed off.
    client_for("bmg").post(reverse("reporting:review_done", args=[world.quarters[3].pk]))
    assert Quarter.objects.get(pk=world.quarters[3].pk).review_done_at is None


def test_registered_panels_are_rendered_on_the_dashboard(world, client_for, tmp_path, settings):
    template_dir = tmp_path / "templates"
    (template_dir / "budget").mkdir(parents=True)
    (template_dir / "budget" / "_test_panel.html").write_text("<h2 class='govuk-heading-l'>Budget {{ quarter }}</h2>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}]
    saved = dict(_PANELS)
    try:
        register_panel(key="test-budget", title="Budget", template="budget/_test_panel.html", context=lambda q: {})
        page = client_for("bmg").get(reverse("reporting:dashboard")).content.decode()
    finally:
        _PANELS.clear()
        _PANELS.update(saved)
    assert "Budget 2014/15 Q3" in page  # the quarter in progress


def _add_actions(world, count, quarter):
    for _ in range(count):
        action = f.ActionFactory(objective=world.objective, leads=[world.lead_person])
        update(action, world.users["lead"], Rag.AMBER, quarter)


def test_dashboard_query_count_is_the_same_at_n_and_2n_actions(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.models import ActionSnapshot

    client = client_for("bmg")
    q3, q4, q5 = world.quarters[2], world.quarters[3], world.quarters[4]

    def count(quarter):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("reporting:dashboard"), {"quarter": quarter.pk})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _add_actions(world, 5, q3)  # N = 7 actions
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))
    Challenge.objects.create(quarter=q3, action=world.action, author=world.users["bmg"], text="Why?")
    closed_n, open_n = count(q3), count(q4)

    q4.refresh_from_db()
    _add_actions(world, 7, q4)  # 2N = 14 actions, more updates and challenges
    quarter_close(quarter=q4, user=world.users["admin"], at=at(q4.end_date))
    for action in (world.action, world.other_action):
        Challenge.objects.create(quarter=q4, action=action, author=world.users["bmg"], text="And?")
    assert ActionSnapshot.objects.filter(quarter=q4).count() == 14
    closed_2n, open_2n = count(q4), count(q5)
    print(f"dashboard queries: closed {closed_n} at N, {closed_2n} at 2N; open {open_n} at N, {open_2n} at 2N")
    assert (closed_2n, open_2n) == (closed_n, open_n)


def test_any_earlier_closed_quarter_can_be_compared_and_the_lists_follow_the_choice(world, client_for):
    q3 = _close_q3_with_red_and_green(world)
    q2, q4 = world.quarters[1], world.quarters[3]
    update(world.action, world.users["lead"], Rag.GREEN, q4, commentary="Recovered")
    update(world.other_action, world.users["other_lead"], Rag.RED, q4, commentary="Slipped")
    client = client_for("bmg")
    default = client.get(reverse("reporting:dashboard")).content.decode()
    assert "Movement since 2014/15 Q3" in default
    assert "Improved: <a" in default and "Worsened: <a" in default
    chooser = default.split('id="compare-choice"')[1].split("</select>")[0]
    assert "2014/15 Q2" in chooser and "2014/15 Q3" in chooser and "2014/15 Q4" not in chooser

    page = client.get(reverse("reporting:dashboard"), {"quarter": q4.pk, "compare": q2.pk}).content.decode()
    assert "Compared with 2014/15 Q2, as you chose" in page and "Movement since 2014/15 Q2" in page
    # Q2 froze no status for these actions (Not started): both "started or changed status" against Q2.
    changed = reverse("reporting:dashboard_actions", args=[q4.pk]) + f"?set=changed&amp;compare={q2.pk}"
    assert f'Started or changed status: <a class="govuk-link" href="{changed}">2 actions</a>' in page
    listing = client.get(reverse("reporting:dashboard_actions", args=[q4.pk]), {"set": "changed", "compare": q2.pk})
    assert listing.context["title"] == "Started or changed status since 2014/15 Q2"
    assert len(listing.context["rows"]) == 2
    # Against Q3 (the default) nothing "started": one improved, one worsened.
    assert (
        len(client.get(reverse("reporting:dashboard_actions", args=[q4.pk]), {"set": "changed"}).context["rows"]) == 0
    )

    other_board_quarter = world.other_plan.quarters.filter(state="closed").first()
    for bad in (str(q4.pk), str(world.quarters[5].pk), str(other_board_quarter.pk), "abc"):
        response = client.get(reverse("reporting:dashboard"), {"quarter": q4.pk, "compare": bad})
        assert response.status_code == 404, bad
    assert q3.is_closed

"""Closing, reopening and opening quarters: snapshots frozen at close, never changed by later updates."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.models import Quarter, QuarterEvent
from priorities.models import Rag
from reporting.models import ActionSnapshot
from reporting.selectors import dashboard_for
from reporting.services import quarter_close, quarter_open_next, quarter_reopen

from .helpers import at, update

pytestmark = pytest.mark.django_db


def test_closing_freezes_every_action_and_opens_the_next_quarter(world):
    q3 = world.open_quarter
    update(world.action, world.users["lead"], Rag.RED, q3, escalate=True)
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))

    q3.refresh_from_db()
    assert q3.state == Quarter.State.CLOSED and q3.closed_by == world.users["admin"]
    snapshots = {s.action_id: s for s in ActionSnapshot.objects.filter(quarter=q3)}
    assert set(snapshots) == {world.action.pk, world.other_action.pk}
    frozen = snapshots[world.action.pk]
    assert (frozen.rag, frozen.needs_escalation, frozen.updated_this_quarter) == (Rag.RED, True, True)
    assert frozen.commentary == "red commentary for CSE-01"
    assert frozen.latest_update_author == "Jo Moses"
    assert snapshots[world.other_action.pk].rag == Rag.NOT_STARTED
    assert not snapshots[world.other_action.pk].updated_this_quarter
    assert world.quarters[3].__class__.objects.get(pk=world.quarters[3].pk).state == Quarter.State.OPEN
    assert QuarterEvent.objects.filter(quarter=q3, kind="closed").count() == 1


def test_an_update_after_close_does_not_change_the_closed_quarter(world):
    q3, q4 = world.quarters[2], world.quarters[3]
    update(world.action, world.users["lead"], Rag.AMBER, q3)
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))
    before = list(ActionSnapshot.objects.filter(quarter=q3).values())

    q4.refresh_from_db()
    update(world.action, world.users["lead"], Rag.RED, q4, day=10)

    assert list(ActionSnapshot.objects.filter(quarter=q3).values()) == before
    q3.refresh_from_db()
    closed_view = dashboard_for(q3)
    assert [r.rag for r in closed_view.rows if r.action_id == world.action.pk] == [Rag.AMBER]
    assert [r.rag for r in dashboard_for(q4).rows if r.action_id == world.action.pk] == [Rag.RED]
    snapshot = ActionSnapshot.objects.get(quarter=q3, action=world.action)
    snapshot.rag = Rag.GREEN
    with pytest.raises(ValidationError):
        snapshot.save()


def test_movement_across_a_close_compares_with_the_previous_quarters_snapshot(world, client_for):
    q3, q4 = world.quarters[2], world.quarters[3]
    update(world.action, world.users["lead"], Rag.AMBER, q3)
    update(world.other_action, world.users["other_lead"], Rag.GREEN, q3)
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))
    q4.refresh_from_db()
    update(world.action, world.users["lead"], Rag.GREEN, q4)
    update(world.other_action, world.users["other_lead"], Rag.RED, q4, escalate=True)
    quarter_close(quarter=q4, user=world.users["admin"], at=at(q4.end_date))
    q4.refresh_from_db()

    dash = dashboard_for(q4)
    assert [r.reference for r in dash.movement["improved"]] == ["CSE-01"]
    assert [r.reference for r in dash.movement["worsened"]] == ["CSE-02"]
    assert dash.movement["unchanged"] == [] and dash.movement["changed"] == []

    page = client_for("bmg").get(reverse("reporting:dashboard"), {"quarter": q4.pk}).content.decode()
    assert "Improved: <a" in page and "Worsened: <a" in page
    listed = client_for("bmg").get(reverse("reporting:dashboard_actions", args=[q4.pk]), {"set": "worsened"})
    assert "CSE-02" in listed.content.decode() and "CSE-01" not in listed.content.decode()


def test_a_move_from_not_started_is_a_change_of_status_not_an_improvement(world):
    q3, q4 = world.quarters[2], world.quarters[3]
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))
    q4.refresh_from_db()
    update(world.action, world.users["lead"], Rag.GREEN, q4)
    dash = dashboard_for(q4)
    assert [r.reference for r in dash.movement["changed"]] == ["CSE-01"]
    assert [r.reference for r in dash.movement["unchanged"]] == ["CSE-02"]


def test_reopening_is_recorded_with_who_when_and_why_and_closing_again_refreezes(world, client_for):
    q3, q4 = world.quarters[2], world.quarters[3]
    update(world.action, world.users["lead"], Rag.AMBER, q3)
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))

    with time_machine.travel(at(q4.start_date, 9), tick=False):
        response = client_for("admin").post(
            reverse("reporting:quarter_reopen", args=[q3.pk]), {"reason": "Jo's update went on the wrong action"}
        )
    assert response.status_code == 302
    q3.refresh_from_db()
    q4.refresh_from_db()
    assert (q3.state, q4.state) == (Quarter.State.OPEN, Quarter.State.FUTURE)
    event = QuarterEvent.objects.get(quarter=q3, kind="reopened")
    assert event.by == world.users["admin"] and event.reason == "Jo's update went on the wrong action"
    assert event.at == at(q4.start_date, 9)
    assert "amber 1" in event.detail
    assert not ActionSnapshot.objects.filter(quarter=q3).exists()
    page = client_for("admin").get(reverse("reporting:quarter_list")).content.decode()
    assert "Jo&#x27;s update went on the wrong action" in page

    update(world.action, world.users["lead"], Rag.GREEN, q3, day=20)
    quarter_close(quarter=q3, user=world.users["admin"])
    assert ActionSnapshot.objects.get(quarter=q3, action=world.action).rag == Rag.GREEN
    with pytest.raises(ValidationError):
        QuarterEvent.objects.get(quarter=q3, kind="reopened").delete()


def test_reopen_needs_a_reason_and_only_the_latest_closed_quarter_can_be_reopened(world, client_for):
    response = client_for("admin").post(reverse("reporting:quarter_reopen", args=[world.closed_quarter.pk]), {})
    assert "Enter why you are reopening the quarter" in response.content.decode()
    older = world.quarters[0]
    response = client_for("admin").get(reverse("reporting:quarter_reopen", args=[older.pk]))
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        quarter_reopen(quarter=older, user=world.users["admin"], reason="x")


def test_the_open_quarter_cannot_be_closed_twice_and_next_opens_only_when_none_is_open(world, client_for):
    q3 = world.open_quarter
    client_for("admin").post(reverse("reporting:quarter_close", args=[q3.pk]))
    with pytest.raises(ValidationError):
        quarter_close(quarter=q3, user=world.users["admin"])
    with pytest.raises(ValidationError, match="already open"):
        quarter_open_next(plan=world.plan, user=world.users["admin"])
    Quarter.objects.filter(plan=world.plan, state="open").update(state="future")
    assert quarter_open_next(plan=world.plan, user=world.users["admin"]) == world.quarters[3]


def test_close_confirmation_page_shows_what_will_be_frozen(world, client_for):
    update(world.action, world.users["lead"], Rag.RED, world.open_quarter, escalate=True)
    page = client_for("admin").get(reverse("reporting:quarter_close", args=[world.open_quarter.pk])).content.decode()
    assert "Close 2014/15 Q3?" in page
    assert "2014/15 Q4, which opens now" in page
    assert '<strong class="govuk-tag app-rag govuk-tag--red">Red</strong> 1' in page

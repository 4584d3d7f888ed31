"""Core measure updates: priorities' rules, conflict detection, the open quarter, append-only, leads, alerts."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from corebusiness.models import CoreMeasureUpdate
from corebusiness.rules import can_update_measure, measures_led_by
from corebusiness.selectors import latest_updates
from corebusiness.services import StaleMeasureError, measure_leads_set, measure_update_record
from notifications.models import Notification
from plans.models import Quarter
from priorities.models import Rag
from reporting.services import quarter_close
from tests import factories as f
from tests.corebusiness.helpers import home_measure, other_board_measure, unled_measure

pytestmark = pytest.mark.django_db


def record(world, measure=None, **kwargs):
    kwargs.setdefault("rag", Rag.GREEN)
    kwargs.setdefault("commentary", "On track")
    return measure_update_record(measure=measure or home_measure(world), user=world.users["lead"], **kwargs)


class TestRules:
    def test_red_and_amber_need_a_commentary_worded_for_a_measure(self, world):
        for rag, word in [(Rag.RED, "red"), (Rag.AMBER, "amber")]:
            with pytest.raises(ValidationError) as error:
                record(world, rag=rag, commentary="  ")
            assert error.value.message_dict == {
                "commentary": [f"Enter a commentary explaining why the measure is {word}"]
            }

    def test_a_change_of_status_needs_a_commentary_but_the_same_status_does_not(self, world):
        with pytest.raises(ValidationError) as error:
            record(world, rag=Rag.GREEN, commentary="")
        assert "explaining why the status has changed to green" in str(error.value)
        record(world, rag=Rag.GREEN, commentary="Started")
        record(world, rag=Rag.GREEN, commentary="")  # still green: nothing to explain
        assert CoreMeasureUpdate.objects.count() == 2

    def test_an_unknown_status_and_an_overlong_commentary_are_refused(self, world):
        with pytest.raises(ValidationError, match="Select the status of the measure"):
            record(world, rag="purple")
        with pytest.raises(ValidationError, match="3000 characters or fewer"):
            record(world, rag=Rag.AMBER, commentary="x" * 3001)

    def test_who_may_update(self, world):
        measure = home_measure(world)
        assert can_update_measure(world.users["lead"], measure)
        assert can_update_measure(world.users["admin"], measure)
        for persona in ["other_lead", "bmg", "board_member", "other_board_admin"]:
            assert not can_update_measure(world.users[persona], measure), persona
        assert not can_update_measure(world.users["lead"], unled_measure(world))
        assert not can_update_measure(world.users["admin"], other_board_measure(world))

    def test_a_member_of_a_leading_group_may_update(self, world):
        measure = unled_measure(world)
        measure.leads.set([world.group])  # Jo Moses belongs to MASE
        assert can_update_measure(world.users["lead"], measure)
        assert set(measures_led_by(world.users["lead"], board=world.board)) == {home_measure(world), measure}


class TestQuarters:
    def test_an_update_belongs_to_the_open_quarter(self, world):
        update = record(world, rag=Rag.AMBER, commentary="Slipping")
        assert update.quarter == world.open_quarter
        assert (update.rag_before, update.rag) == (Rag.NOT_STARTED, Rag.AMBER)
        assert record(world, rag=Rag.GREEN, commentary="Back").rag_before == Rag.AMBER

    def test_refused_when_no_quarter_is_open(self, world):
        Quarter.objects.filter(plan=world.plan).update(state=Quarter.State.FUTURE)
        with pytest.raises(ValidationError, match="No reporting quarter is open"):
            record(world)
        assert not CoreMeasureUpdate.objects.exists()

    def test_a_closed_quarter_accepts_no_update(self, world):
        with pytest.raises(ValidationError, match="is not open"):
            record(world, quarter=world.closed_quarter)
        with pytest.raises(ValidationError, match="another plan"):
            record(world, quarter=world.other_board_action.objective.priority.plan.quarters.first())

    def test_the_status_at_a_closed_quarter_is_frozen(self, world):
        measure = home_measure(world)
        record(world, rag=Rag.AMBER, commentary="Slipping in the quarter")
        quarter = world.open_quarter
        quarter_close(quarter=quarter, user=world.users["admin"])
        quarter.refresh_from_db()
        assert quarter.is_closed
        # The next quarter is open now: a new update changes the status now, not at the closed quarter.
        record(world, rag=Rag.RED, commentary="Off track since")
        assert latest_updates([measure.pk], quarter=quarter)[measure.pk].rag == Rag.AMBER
        assert latest_updates([measure.pk])[measure.pk].rag == Rag.RED
        # An earlier closed quarter had no update: nothing to show for it.
        assert latest_updates([measure.pk], quarter=world.quarters[0]) == {}


class TestConflicts:
    def test_a_save_on_a_stale_version_is_refused_with_what_changed(self, world):
        record(world, rag=Rag.GREEN, commentary="First", expected_version=0)
        with pytest.raises(StaleMeasureError) as stale:
            record(world, rag=Rag.RED, commentary="Typed on a stale form", expected_version=0)
        assert [u.commentary for u in stale.value.updates] == ["First"]
        assert stale.value.version == 1
        assert CoreMeasureUpdate.objects.count() == 1
        record(world, rag=Rag.RED, commentary="Saved again knowingly", expected_version=1)
        assert CoreMeasureUpdate.objects.count() == 2


class TestAppendOnly:
    def test_updates_cannot_be_changed_or_deleted(self, world):
        update = record(world)
        update.commentary = "rewritten"
        with pytest.raises(ValidationError):
            update.save()
        with pytest.raises(ValidationError):
            update.delete()
        with pytest.raises(ValidationError):
            CoreMeasureUpdate.objects.filter(pk=update.pk).update(commentary="rewritten")
        with pytest.raises(ValidationError):
            CoreMeasureUpdate.objects.all().delete()


class TestLeadsAndAlerts:
    def test_leads_are_set_and_recorded_in_the_audit_log(self, world):
        measure = unled_measure(world)
        measure_leads_set(measure=measure, leads=[world.other_lead_person, world.group], user=world.users["admin"])
        assert set(measure.leads.all()) == {world.other_lead_person, world.group}
        event = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).latest("at")
        assert event.board_id == world.board.pk and event.user == world.users["admin"]
        assert "core business measure 1.2 leads: none -> Kaye Wise, MASE" in event.detail

    def test_another_boards_lead_is_refused(self, world):
        stranger = f.LeadFactory(board=world.other_board, name="Someone Else")
        with pytest.raises(ValidationError):
            measure_leads_set(measure=unled_measure(world), leads=[stranger], user=world.users["admin"])
        assert not unled_measure(world).leads.exists()

    def test_turning_red_alerts_the_administrators_once(self, world):
        record(world, rag=Rag.RED, commentary="Off track")
        alerts = Notification.objects.filter(kind=Notification.Kind.ACTION_ALERT)
        assert [n.recipient for n in alerts] == [world.users["admin"]]
        assert "Core business measure 1.1 is now Red" in alerts.get().subject
        record(world, rag=Rag.RED, commentary="Still off track")  # already red: no new alert
        assert alerts.count() == 1

"""The smaller faults of issue 18 (part 5): agencies added to and removed from an open cycle (withdrawn returns kept,
counted nowhere, restored on adding again), deadlines in the past confirmed, moderation notes only on disagreement,
and no submission while a Not met or Partially met standard has no improvement action."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from audits import services
from audits.models import AgencyReturn, AuditCycle, ImprovementAction, Rating, ReturnEvent, ReturnStatus
from audits.selectors import compliance_overview, dashboard_panel_context, pack_sheets, pack_summary
from tests.audits.followthrough import followthrough_of
from tests.audits.helpers import audits_of

pytestmark = pytest.mark.django_db


def _state(agency_return):
    agency_return.refresh_from_db()
    return agency_return.status, agency_return.events.count()


# ----- agencies in an open cycle ----------


def test_the_coordinator_adds_an_agency_which_gets_a_draft_return(world, client_for):
    t = followthrough_of(world)
    client = client_for("audit_coordinator")
    page = client.get(reverse("audits:cycle_agency_add", args=[t.cycle.pk])).content.decode()
    assert "Home Schools Service" in page
    assert "Home Borough Council" not in page  # already in the cycle
    response = client.post(
        reverse("audits:cycle_agency_add", args=[t.cycle.pk]), {"agencies": [t.schools.pk]}, follow=True
    )
    assert "Added to Section 11 audit 2015/16: Home Schools Service" in response.content.decode()
    added = t.cycle.returns.get(agency=t.schools)
    assert added.status == ReturnStatus.DRAFT
    assert added.assessments.count() == 8
    assert added.events.get().actor == world.users["audit_coordinator"]


def test_adding_refuses_bad_input_and_changes_nothing(world, client_for):
    t = followthrough_of(world)
    url = reverse("audits:cycle_agency_add", args=[t.cycle.pk])
    client = client_for("audit_coordinator")
    before = AgencyReturn.objects.count()
    page = client.post(url, {}).content.decode()
    assert "Select the agencies to add to the cycle" in page
    assert "govuk-error-summary" in page
    # Another board's agency, and an agency already in the cycle, are not choices.
    other_agency = t.other_return.agency
    for agency in (other_agency, world.agency):
        page = client.post(url, {"agencies": [agency.pk]}).content.decode()
        assert "govuk-error-summary" in page
    assert AgencyReturn.objects.count() == before


def test_removing_an_agency_withdraws_its_return_with_the_reason_and_keeps_its_history(world, client_for):
    t = followthrough_of(world)
    url = reverse("audits:return_withdraw", args=[t.police.pk])
    client = client_for("audit_coordinator")
    # No reason: refused, nothing changed.
    state = _state(t.police)
    page = client.post(url, {"reason": "  "}).content.decode()
    assert "Enter why the agency is removed from the cycle" in page
    assert _state(t.police) == state
    response = client.post(url, {"reason": "Police return through the CSP this year"}, follow=True)
    assert "Home Police has been removed from Section 11 audit 2015/16" in response.content.decode()
    t.police.refresh_from_db()
    assert t.police.status == ReturnStatus.WITHDRAWN
    event = t.police.events.last()
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        "draft",
        "withdrawn",
        world.users["audit_coordinator"],
        "Police return through the CSP this year",
    )
    assert t.police.assessments.count() == 8  # kept
    page = client.get(reverse("audits:cycle_detail", args=[t.cycle.pk])).content.decode()
    assert "Agencies removed from the cycle" in page
    # Withdrawing twice is refused with a message, nothing recorded.
    events = t.police.events.count()
    response = client.post(url, {"reason": "again"}, follow=True)
    assert "has already been removed" in response.content.decode()
    assert t.police.events.count() == events


def test_withdrawn_returns_leave_every_count(world):
    t = followthrough_of(world)
    services.return_withdraw(agency_return=t.police, user=world.users["audit_coordinator"], reason="Merged")
    overview = compliance_overview(t.cycle, today=datetime.date(2016, 1, 5))
    assert overview.counts["required"] == 1
    assert overview.counts["overdue"] == 1  # the Council only
    assert [r.agency.name for r in overview.withdrawn] == ["Home Police"]
    assert [row.agency_return.agency.name for row in overview.rows] == ["Home Borough Council"]
    assert "Withdrawn" not in [label for label, _ in overview.counts["by_status"]]


@time_machine.travel(datetime.date(2016, 1, 5))
def test_withdrawn_returns_leave_the_dashboard_panel_and_the_pack(world):
    a = audits_of(world)
    quarter = max((q for q in world.quarters if q.financial_year == 2014), key=lambda q: q.end_date)
    before = dashboard_panel_context(quarter)
    assert (before["required"], before["overdue"]) == (3, 2)  # the Council and the Police, still drafts
    services.return_withdraw(agency_return=a.other, user=world.users["audit_coordinator"], reason="Merged")
    after = dashboard_panel_context(quarter)
    assert (after["required"], after["overdue"]) == (2, before["overdue"] - 1)
    assert "of 2 returns received" in pack_summary(quarter)
    assert [row[0] for row in pack_sheets(quarter)[0]["rows"]] == ["Home Borough Council", "Home Health Trust"]


def test_adding_a_removed_agency_again_restores_its_return_as_it_was(world, client_for):
    a = audits_of(world)
    coordinator = world.users["audit_coordinator"]
    services.return_withdraw(agency_return=a.submitted, user=coordinator, reason="Left the partnership")
    client = client_for("audit_coordinator")
    page = client.get(reverse("audits:cycle_agency_add", args=[a.cycle.pk])).content.decode()
    assert "Home Health Trust" in page
    client.post(reverse("audits:cycle_agency_add", args=[a.cycle.pk]), {"agencies": [a.health.pk]})
    a.submitted.refresh_from_db()
    assert a.submitted.status == ReturnStatus.SUBMITTED  # the status it was withdrawn from
    assert AgencyReturn.objects.filter(cycle=a.cycle, agency=a.health).count() == 1
    steps = [(e.from_status, e.to_status) for e in a.submitted.events.all()]
    assert steps[-2:] == [("submitted", "withdrawn"), ("withdrawn", "submitted")]
    assert a.submitted.events.last().note == "Agency added to the cycle again: return restored"
    assert a.submitted.assessments.filter(self_rating=Rating.FULLY_MET).count() == 8


def test_a_withdrawn_return_cannot_be_accepted_or_submitted(world):
    a = audits_of(world)
    coordinator = world.users["audit_coordinator"]
    services.return_withdraw(agency_return=a.submitted, user=coordinator, reason="Left")
    state = _state(a.submitted)
    with pytest.raises(services.TransitionRefused, match="This return is withdrawn: it cannot be accepted now"):
        services.return_accept(agency_return=a.submitted, user=coordinator)
    with pytest.raises(services.TransitionRefused):
        services.return_withdraw(agency_return=a.submitted, user=coordinator, reason="Again")
    assert _state(a.submitted) == state


@pytest.mark.parametrize("name", ["audits:cycle_agency_add", "audits:return_withdraw"])
def test_agency_pages_404_for_another_boards_cycle_and_403_for_other_roles(world, client_for, name):
    t = followthrough_of(world)
    other = t.other_cycle.pk if name == "audits:cycle_agency_add" else t.other_return.pk
    home = t.cycle.pk if name == "audits:cycle_agency_add" else t.police.pk
    before = ReturnEvent.objects.count()
    assert client_for("audit_coordinator").post(reverse(name, args=[other]), {"reason": "x"}).status_code == 404
    for persona in ("admin", "board_member", "agency_contact_other"):
        assert client_for(persona).post(reverse(name, args=[home]), {"reason": "x"}).status_code == 403
    assert ReturnEvent.objects.count() == before


# ----- deadlines in the past ----------

CYCLE = {"title": "Section 11 audit 2015/16", "financial_year": "2015", "introduction": ""}


@time_machine.travel(datetime.date(2015, 6, 1))
def test_a_past_deadline_is_refused_unless_confirmed(world, client_for):
    client = client_for("audit_coordinator")
    data = {**CYCLE, "deadline": "31/05/2015", "agencies": [world.agency.pk]}
    page = client.post(reverse("audits:cycle_create"), data).content.decode()
    assert "The deadline for returns must be today or in the future, or tick" in page
    assert "Yes, the deadline is in the past" in page
    assert "govuk-error-summary" in page
    assert not AuditCycle.objects.exists()
    response = client.post(reverse("audits:cycle_create"), {**data, "deadline_in_past": "on"})
    assert response.status_code == 302
    assert AuditCycle.objects.get().deadline == datetime.date(2015, 5, 31)
    # Today is not in the past.
    response = client.post(reverse("audits:cycle_create"), {**data, "title": "Today", "deadline": "01/06/2015"})
    assert response.status_code == 302


@time_machine.travel(datetime.date(2015, 6, 1))
def test_changing_a_cycle_to_a_past_deadline_needs_confirming_but_keeping_it_does_not(world, client_for):
    a = audits_of(world)  # deadline 19 December 2014, already past
    client = client_for("audit_coordinator")
    url = reverse("audits:cycle_update", args=[a.cycle.pk])
    response = client.post(url, {"title": "Section 11 audit 2014-15", "deadline": "19/12/2014"})
    assert response.status_code == 302  # unchanged deadline: not asked again
    page = client.post(url, {"title": "Renamed", "deadline": "20/12/2014"}).content.decode()
    assert "The deadline for returns must be today or in the future" in page
    a.cycle.refresh_from_db()
    assert (a.cycle.title, a.cycle.deadline) == ("Section 11 audit 2014-15", datetime.date(2014, 12, 19))
    client.post(url, {"title": "Renamed", "deadline": "20/12/2014", "deadline_in_past": "on"})
    a.cycle.refresh_from_db()
    assert a.cycle.deadline == datetime.date(2014, 12, 20)


# ----- moderation notes ----------


def test_moderation_notes_are_optional_when_the_moderator_agrees(world, client_for):
    a = audits_of(world)  # Home Health Trust: submitted, Fully met throughout
    url = reverse("audits:assessment_moderate", args=[a.submitted.pk, a.first_standard.pk])
    response = client_for("audit_coordinator").post(url, {"moderated_rating": "fully_met", "notes": ""}, follow=True)
    assert "(Agreed)" in response.content.decode()
    assessment = a.submitted.assessments.get(standard=a.first_standard)
    assert (assessment.moderated_rating, assessment.moderation_notes) == ("fully_met", "")


def test_moderation_notes_are_required_when_the_moderator_disagrees(world, client_for):
    a = audits_of(world)
    url = reverse("audits:assessment_moderate", args=[a.submitted.pk, a.first_standard.pk])
    page = client_for("audit_coordinator").post(url, {"moderated_rating": "not_met", "notes": " "}).content.decode()
    assert "Enter notes explaining why the moderated rating differs from the agency&#x27;s" in page
    assert "govuk-error-summary" in page
    assessment = a.submitted.assessments.get(standard=a.first_standard)
    assert assessment.moderated_rating == ""


# ----- submitting with gaps ----------


def test_a_gap_without_an_improvement_action_blocks_submission_and_is_named_with_a_link(world, client_for):
    a = audits_of(world)
    second = a.own.assessments.order_by("standard__order")[1]
    services.assessment_update(assessment=second, self_rating=Rating.NOT_MET, evidence="No statement")
    state = _state(a.own)
    with pytest.raises(services.TransitionRefused, match="No action yet: Statement of responsibilities"):
        services.return_submit(agency_return=a.own, user=world.users["agency_contact"])
    assert _state(a.own) == state
    client = client_for("agency_contact")
    response = client.post(reverse("audits:return_submit", args=[a.own.pk]), follow=True)
    page = response.content.decode()
    assert "No action yet: Statement of responsibilities towards children." in page
    add_url = reverse("audits:improvement_action_create", args=[a.own.pk, second.standard_id])
    assert f'href="{add_url}">add an improvement action' in page
    # The first standard (Partially met) has its action, so it is not named.
    assert "No action yet: Senior management commitment" not in page
    assert _state(a.own) == state
    ImprovementAction.objects.create(
        assessment=second, description="Publish the statement", owner="Director", due_date=datetime.date(2015, 3, 1)
    )
    services.return_submit(agency_return=a.own, user=world.users["agency_contact"])
    assert _state(a.own)[0] == ReturnStatus.SUBMITTED

"""Findings as tracked work (audits/findings.py): who may update one, the rules of an update, conflicts, the append-only
log, a finding still open after its return is accepted, and owners and plan actions of another board refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audits import findings, services
from audits.findings import StaleFindingError, finding_update_record
from audits.forms import ImprovementActionForm, RecommendationForm
from audits.models import FindingUpdate, ImprovementAction, Recommendation
from priorities.models import Rag
from tests import factories as f
from tests.audits.helpers import audits_of


def _accepted_action(world, owner_lead=None):
    """The Council's improvement action, owned by `owner_lead`, on a return submitted and accepted."""
    a = audits_of(world)
    action = a.action
    if owner_lead is not None:
        ImprovementAction.objects.filter(pk=action.pk).update(owner_lead=owner_lead, owner="")
    services.return_submit(agency_return=a.own, user=world.users["agency_contact"])
    services.return_accept(agency_return=a.own, user=world.users["audit_coordinator"])
    return ImprovementAction.objects.get(pk=action.pk)


def _recommendation(world, owner_lead):
    a = audits_of(world)
    Recommendation.objects.filter(pk=a.recommendation.pk).update(owner_lead=owner_lead, owner="")
    return Recommendation.objects.get(pk=a.recommendation.pk)


# ----- who may update ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("lead", True),  # the owner's user
        ("admin", True),
        ("audit_coordinator", True),
        ("agency_contact", True),  # the agency's own audit contact
        ("agency_contact_other", False),
        ("other_lead", False),
        ("bmg", False),
        ("board_member", False),
        ("other_board_admin", False),
    ],
)
def test_who_may_update_an_improvement_action(world, persona, allowed):
    action = _accepted_action(world, owner_lead=world.lead_person)
    assert findings.can_update_finding(world.users[persona], action) is allowed


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("lead", True),  # through the group MASE that Jo Moses belongs to
        ("admin", True),
        ("audit_coordinator", True),
        ("agency_contact", False),  # a recommendation is no agency's
        ("other_lead", False),
        ("bmg", False),
        ("other_board_admin", False),
    ],
)
def test_who_may_update_a_recommendation_owned_by_a_group(world, persona, allowed):
    recommendation = _recommendation(world, world.group)
    assert findings.can_update_finding(world.users[persona], recommendation) is allowed


def test_a_user_who_may_not_update_is_refused_by_the_service_and_nothing_is_written(world):
    action = _accepted_action(world, owner_lead=world.lead_person)
    with pytest.raises(PermissionDenied):
        finding_update_record(finding=action, user=world.users["other_lead"], rag=Rag.GREEN, note="Done it")
    assert not FindingUpdate.objects.exists()
    action.refresh_from_db()
    assert action.progress == Rag.NOT_STARTED


# ----- the update and its rules -------------------------------------------------------------------------------------


def test_an_accepted_returns_action_is_updated_by_its_owner_and_stays_open_until_complete(world):
    action = _accepted_action(world, owner_lead=world.lead_person)
    lead = world.users["lead"]
    assert action in [row.finding for row in findings.findings_for_lead(world.board, {world.lead_person.pk})]

    first = finding_update_record(finding=action, user=lead, rag=Rag.AMBER, note="Policy drafted", expected_latest_id=0)
    action.refresh_from_db()
    assert (action.progress, action.progress_note) == (Rag.AMBER, "Policy drafted")
    assert (first.rag_before, first.rag, first.author) == (Rag.NOT_STARTED, Rag.AMBER, lead)
    assert findings.findings_for_lead(world.board, {world.lead_person.pk})  # still open

    finding_update_record(
        finding=action, user=lead, rag=Rag.COMPLETE, note="Policy signed off", expected_latest_id=first.pk
    )
    action.refresh_from_db()
    assert action.progress == Rag.COMPLETE
    assert findings.findings_for_lead(world.board, {world.lead_person.pk}) == []  # complete: no longer open
    assert list(FindingUpdate.objects.filter(improvement_action=action).values_list("rag", flat=True)) == [
        Rag.AMBER,
        Rag.COMPLETE,
    ]


@pytest.mark.parametrize(
    ("rag", "note", "field", "message"),
    [
        ("purple", "x", "rag", "Select the status of the finding"),
        (Rag.RED, "", "note", "Enter a note explaining why the finding is red"),
        (Rag.AMBER, "  ", "note", "Enter a note explaining why the finding is amber"),
        (Rag.COMPLETE, "", "note", "Enter a note explaining why the status has changed to complete"),
        (Rag.NOT_STARTED, "", "note", "Enter a note on progress, or change the status"),
        (Rag.GREEN, "x" * 3001, "note", "Note must be 3000 characters or fewer"),
    ],
)
def test_bad_updates_are_refused_by_field_and_change_nothing(world, rag, note, field, message):
    action = _accepted_action(world, owner_lead=world.lead_person)
    with pytest.raises(ValidationError) as refused:
        finding_update_record(finding=action, user=world.users["lead"], rag=rag, note=note, expected_latest_id=0)
    assert refused.value.message_dict[field] == [message]
    assert not FindingUpdate.objects.exists()
    action.refresh_from_db()
    assert (action.progress, action.progress_note) == (Rag.NOT_STARTED, "")


def test_someone_elses_update_since_the_form_was_opened_is_reported_and_nothing_changes(world):
    recommendation = _recommendation(world, world.lead_person)
    coordinator = finding_update_record(
        finding=recommendation,
        user=world.users["audit_coordinator"],
        rag=Rag.RED,
        note="No progress reported",
        expected_latest_id=0,
    )
    with pytest.raises(StaleFindingError) as stale:
        # The lead opened the form before the coordinator's update: they saw no update at all.
        finding_update_record(
            finding=recommendation, user=world.users["lead"], rag=Rag.GREEN, note="On track", expected_latest_id=0
        )
    assert stale.value.updates == [coordinator]
    recommendation.refresh_from_db()
    assert (recommendation.rag, recommendation.progress_note) == (Rag.RED, "No progress reported")
    assert FindingUpdate.objects.count() == 1


def test_updates_are_append_only(world):
    action = _accepted_action(world, owner_lead=world.lead_person)
    update = finding_update_record(finding=action, user=world.users["lead"], rag=Rag.GREEN, note="On track")
    update.note = "Rewritten"
    with pytest.raises(ValidationError, match="append-only"), transaction.atomic():
        update.save()
    with pytest.raises(ValidationError, match="append-only"), transaction.atomic():
        update.delete()
    with pytest.raises(ValidationError, match="append-only"), transaction.atomic():
        FindingUpdate.objects.filter(pk=update.pk).update(note="Rewritten")
    assert FindingUpdate.objects.get().note == "On track"


# ----- owners and plan actions of another board -------------------------------------------------------------------


def test_a_lead_or_plan_action_of_another_board_is_never_offered_nor_accepted(world):
    stranger = f.LeadFactory(board=world.other_board, name="Jo Moses")
    form = RecommendationForm(
        {"text": "Audit again", "owner_lead": stranger.pk, "due_date": "31/03/2015"}, board=world.board
    )
    assert stranger not in form.fields["owner_lead"].queryset
    assert world.other_board_action not in form.fields["plan_actions"].queryset
    assert world.action in form.fields["plan_actions"].queryset
    assert not form.is_valid()
    assert "owner_lead" in form.errors

    a = audits_of(world)
    with pytest.raises(ValidationError) as refused:
        findings.recommendation_save(
            themed_audit=a.themed, recommendation=a.recommendation, owner_lead=stranger, owner=""
        )
    assert "owner_lead" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        findings.improvement_action_save(
            assessment=a.action.assessment, action=a.action, plan_actions=[world.other_board_action]
        )
    assert "plan_actions" in refused.value.message_dict
    a.recommendation.refresh_from_db()
    assert a.recommendation.owner_lead is None
    assert not a.action.plan_actions.exists()


def test_the_form_needs_a_lead_or_a_free_text_owner_and_keeps_only_the_lead_when_both_are_given(world):
    data = {"description": "Train all staff", "due_date": "31/03/2015"}
    form = ImprovementActionForm(data, board=world.board)
    assert not form.is_valid()
    assert form.errors["owner_lead"] == ["Select the lead who owns the action, or enter an owner outside the plan"]

    form = ImprovementActionForm({**data, "owner": "Training manager"}, board=world.board)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["owner"], form.cleaned_data["owner_lead"]) == ("Training manager", None)

    form = ImprovementActionForm(
        {**data, "owner": "Jo", "owner_lead": world.lead_person.pk, "plan_actions": [world.action.pk]},
        board=world.board,
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["owner"], form.cleaned_data["owner_lead"]) == ("", world.lead_person)
    action = findings.improvement_action_save(assessment=audits_of(world).action.assessment, **form.cleaned_data)
    assert action.owner_name == "Jo Moses"
    assert list(action.plan_actions.all()) == [world.action]


def test_overdue_findings_are_those_past_due_and_not_complete_of_this_board_only(world):
    action = _accepted_action(world, owner_lead=world.lead_person)  # due 31 March 2015
    recommendation = _recommendation(world, world.group)  # due 31 January 2015
    day = datetime.date(2015, 2, 15)
    assert [row.finding for row in findings.overdue_findings(world.board, day)] == [recommendation]
    later = datetime.date(2015, 4, 1)
    assert [row.finding for row in findings.overdue_findings(world.board, later)] == [recommendation, action]
    finding_update_record(finding=recommendation, user=None, rag=Rag.COMPLETE, note="Done")
    assert [row.finding for row in findings.overdue_findings(world.board, later)] == [action]
    assert findings.overdue_findings(world.other_board, later) == []

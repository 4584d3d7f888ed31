"""The return workflow: allowed and refused transitions, the append-only log, and what the agency may edit when."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits import services
from audits.models import ReturnEvent, ReturnStatus
from tests.audits.helpers import audits_of, complete

pytestmark = pytest.mark.django_db


def test_the_full_workflow_is_recorded_step_by_step_with_who_and_the_note(world):
    a = audits_of(world)
    contact, coordinator = world.users["agency_contact"], world.users["audit_coordinator"]
    services.return_submit(agency_return=a.own, user=contact, note="First return")
    services.return_challenge(agency_return=a.own, user=coordinator, questions="How many staff were trained?")
    services.return_submit(agency_return=a.own, user=contact)
    services.return_accept(agency_return=a.own, user=coordinator, note="Thank you")
    a.own.refresh_from_db()
    assert a.own.status == ReturnStatus.ACCEPTED
    steps = [(e.from_status, e.to_status, e.actor, e.note) for e in a.own.events.all()]
    assert steps == [
        ("", "draft", coordinator, "Return opened"),
        ("draft", "submitted", contact, "First return"),
        ("submitted", "challenged", coordinator, "How many staff were trained?"),
        ("challenged", "resubmitted", contact, ""),
        ("resubmitted", "accepted", coordinator, "Thank you"),
    ]
    assert a.own.submitted_at is not None


@pytest.mark.parametrize(
    ("steps", "refused", "message"),
    [
        ([], "accept", "This return is draft: it cannot be accepted now."),
        ([], "challenge", "This return is draft: it cannot be challenged now."),
        (["submit"], "submit", "This return is submitted: it cannot be submitted now."),
        (["submit", "accept"], "challenge", "This return is accepted: it cannot be challenged now."),
        (["submit", "accept"], "submit", "This return is accepted: it cannot be submitted now."),
        (["submit", "challenge"], "accept", "This return is challenged: it cannot be accepted now."),
    ],
)
def test_refused_transitions_say_why_and_change_nothing(world, steps, refused, message):
    a = audits_of(world)
    user = world.users["audit_coordinator"]
    run = {
        "submit": lambda: services.return_submit(agency_return=a.own, user=user),
        "challenge": lambda: services.return_challenge(agency_return=a.own, user=user, questions="Why?"),
        "accept": lambda: services.return_accept(agency_return=a.own, user=user),
    }
    for step in steps:
        run[step]()
    a.own.refresh_from_db()
    status, events = a.own.status, a.own.events.count()
    with pytest.raises(services.TransitionRefused, match=message):
        run[refused]()
    a.own.refresh_from_db()
    assert (a.own.status, a.own.events.count()) == (status, events)


def test_an_incomplete_return_cannot_be_submitted_and_names_what_is_left(world):
    a = audits_of(world)
    with pytest.raises(services.TransitionRefused, match="Still to do: Senior management commitment"):
        services.return_submit(agency_return=a.other, user=world.users["agency_contact_other"])
    a.other.refresh_from_db()
    assert a.other.status == ReturnStatus.DRAFT


def test_a_challenge_needs_questions(world):
    a = audits_of(world)
    with pytest.raises(services.TransitionRefused, match="Enter the questions"):
        services.return_challenge(agency_return=a.submitted, user=world.users["audit_coordinator"], questions="  ")


def test_return_events_are_append_only(world):
    event = ReturnEvent.objects.filter(agency_return=audits_of(world).own).first()
    event.note = "rewritten"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


def test_contact_submits_through_the_page_and_can_no_longer_edit(world, client_for):
    a = audits_of(world)
    client = client_for("agency_contact")
    response = client.post(reverse("audits:return_submit", args=[a.own.pk]), {"note": "Done"}, follow=True)
    assert "Your return has been submitted" in response.content.decode()
    edit_url = reverse("audits:assessment_update", args=[a.own.pk, a.first_standard.pk])
    response = client.post(edit_url, {"self_rating": "not_met", "evidence": "changed"}, follow=True)
    assert "you can change it only while it is a draft or has been challenged" in response.content.decode()
    assessment = a.own.assessments.get(standard=a.first_standard)
    assert assessment.self_rating == "partially_met"


def test_refused_submit_on_the_page_shows_the_reason(world, client_for):
    a = audits_of(world)
    response = client_for("agency_contact_other").post(reverse("audits:return_submit", args=[a.other.pk]), follow=True)
    assert "Rate every standard and give evidence before sending the return" in response.content.decode()


def test_challenged_return_shows_the_questions_and_is_editable_again(world, client_for):
    a = audits_of(world)
    services.return_submit(agency_return=a.own, user=world.users["agency_contact"])
    client_for("audit_coordinator").post(
        reverse("audits:return_challenge", args=[a.own.pk]), {"questions": "Send the training figures"}
    )
    page = client_for("agency_contact").get(reverse("audits:return_detail", args=[a.own.pk])).content.decode()
    assert "Send the training figures" in page
    assert "Resubmit the return" in page
    response = client_for("agency_contact").post(
        reverse("audits:assessment_update", args=[a.own.pk, a.first_standard.pk]),
        {"self_rating": "fully_met", "evidence": "92% trained"},
    )
    assert response.status_code == 302
    assert a.own.assessments.get(standard=a.first_standard).evidence == "92% trained"


def test_assessment_form_errors_are_written_for_the_person(world, client_for):
    a = audits_of(world)
    response = client_for("agency_contact").post(
        reverse("audits:assessment_update", args=[a.own.pk, a.first_standard.pk]), {}
    )
    page = response.content.decode()
    assert "Select how well your agency meets this standard" in page
    assert "Enter the evidence for your rating" in page
    assert "(error)" in page


def test_moderation_shows_self_and_moderated_rating_and_the_difference(world, client_for):
    a = audits_of(world)
    response = client_for("audit_coordinator").post(
        reverse("audits:assessment_moderate", args=[a.submitted.pk, a.first_standard.pk]),
        {"moderated_rating": "partially_met", "notes": "Training figures are incomplete"},
        follow=True,
    )
    page = response.content.decode()
    assert "Moderation saved: Senior management commitment (Moderated lower)" in page
    assessment = a.submitted.assessments.get(standard=a.first_standard)
    assert (assessment.self_rating, assessment.moderated_rating) == ("fully_met", "partially_met")
    assert assessment.moderated_by == world.users["audit_coordinator"]


@pytest.mark.parametrize(
    ("own", "moderated", "words"),
    [
        ("fully_met", "not_met", "Moderated lower"),
        ("not_met", "partially_met", "Moderated higher"),
        ("partially_met", "partially_met", "Agreed"),
        ("partially_met", "", "Not moderated yet"),
    ],
)
def test_moderation_difference_in_words(world, own, moderated, words):
    assessment = audits_of(world).own.assessments.first()
    assessment.self_rating, assessment.moderated_rating = own, moderated
    assert assessment.moderation_difference == words


def test_a_draft_cannot_be_moderated(world):
    assessment = audits_of(world).own.assessments.first()
    with pytest.raises(services.TransitionRefused, match="has not been submitted yet"):
        services.assessment_moderate(
            assessment=assessment, user=world.users["audit_coordinator"], moderated_rating="not_met", notes="x"
        )


def test_adding_a_standard_adds_it_to_every_return(world):
    a = audits_of(world)
    standard = services.standard_add(cycle=a.cycle, title="Early help")
    assert standard.order == 9
    assert standard.assessments.count() == 3
    # A return must rate the new standard before it can be (re)submitted.
    other = complete(a.other)
    assert other.assessments.count() == 9

"""Once the BMG signs off a quarter's review, its papers (challenges included) no longer change."""

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import Challenge

pytestmark = pytest.mark.django_db


def test_no_challenge_can_be_added_after_the_review_is_marked_done(world, client_for):
    quarter = world.closed_quarter
    services.quarter_review_mark_done(quarter=quarter, user=world.users["bmg"])
    url = reverse("reporting:challenge_create", kwargs={"pk": quarter.pk, "action_pk": world.action.pk})
    response = client_for("bmg").post(url, {"text": "Why is this still amber?"})
    assert response.status_code == 200
    assert "its challenges can no longer change" in response.content.decode()
    assert not Challenge.objects.filter(quarter=quarter).exists()


def test_the_same_challenge_twice_is_refused(world, client_for):
    quarter = world.closed_quarter
    url = reverse("reporting:challenge_create", kwargs={"pk": quarter.pk, "action_pk": world.action.pk})
    client = client_for("bmg")
    assert client.post(url, {"text": "Evidence please"}).status_code == 302
    response = client.post(url, {"text": "Evidence please"})
    assert "already recorded this challenge" in response.content.decode()
    assert Challenge.objects.filter(quarter=quarter, action=world.action).count() == 1


def test_a_long_challenge_is_counted_and_refused_with_a_message_never_cut_off(world, client_for):
    """Issue 16, item 5: the textarea has no maxlength (the browser would cut a pasted text silently); the GOV.UK
    character count says what is left, and 3,001 characters are refused with a message, keeping what was typed."""
    url = reverse("reporting:challenge_create", kwargs={"pk": world.closed_quarter.pk, "action_pk": world.action.pk})
    client = client_for("bmg")
    page = client.get(url).content.decode()
    assert 'data-module="govuk-character-count"' in page and 'data-maxlength="3000"' in page
    assert (
        "maxlength="
        not in page.split('name="text"')[0].rsplit("<textarea", 1)[-1] + page.split('name="text"')[1].split(">")[0]
    )
    too_long = "Why? " + "x" * 2996
    response = client.post(url, {"text": too_long})
    html = response.content.decode()
    assert "Challenge must be 3,000 characters or fewer (it has 3,001): shorten it" in html
    assert too_long in html  # nothing typed is lost
    assert not Challenge.objects.exists()
    assert client.post(url, {"text": too_long[:3000]}).status_code == 302

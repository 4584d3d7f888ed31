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

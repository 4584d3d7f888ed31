"""Agency isolation: an agency audit contact never reads or changes another agency's return, by any URL."""

import pytest
from django.urls import reverse

from audits.models import ImprovementAction, ReturnStatus
from tests.audits.helpers import audits_of

pytestmark = pytest.mark.django_db


def _urls(a, agency_return, action=None):
    return [
        ("get", reverse("audits:return_detail", args=[agency_return.pk])),
        ("get", reverse("audits:return_export", args=[agency_return.pk])),
        ("get", reverse("audits:assessment_update", args=[agency_return.pk, a.first_standard.pk])),
        ("post", reverse("audits:assessment_update", args=[agency_return.pk, a.first_standard.pk])),
        ("get", reverse("audits:improvement_action_create", args=[agency_return.pk, a.first_standard.pk])),
        ("post", reverse("audits:improvement_action_create", args=[agency_return.pk, a.first_standard.pk])),
        ("post", reverse("audits:return_submit", args=[agency_return.pk])),
        *(
            [
                ("get", reverse("audits:improvement_action_update", args=[agency_return.pk, action.pk])),
                ("post", reverse("audits:improvement_action_update", args=[agency_return.pk, action.pk])),
            ]
            if action
            else []
        ),
    ]


def test_other_agencys_contact_gets_404_for_every_url_of_a_return(world, client_for):
    a = audits_of(world)
    client = client_for("agency_contact_other")
    data = {
        "self_rating": "not_met",
        "evidence": "x",
        "description": "x",
        "owner": "x",
        "due_date": "01/01/2015",
        "progress": "red",
    }
    for method, url in _urls(a, a.own, a.action):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, f"{method} {url}: {response.status_code}"
    a.own.refresh_from_db()
    assert a.own.status == ReturnStatus.DRAFT
    assert a.own.assessments.get(standard=a.first_standard).evidence.startswith("Evidence for")
    assert ImprovementAction.objects.filter(assessment__agency_return=a.own).count() == 1


def test_an_action_of_another_return_is_404_even_through_your_own_return(world, client_for):
    a = audits_of(world)
    url = reverse("audits:improvement_action_update", args=[a.other.pk, a.action.pk])
    assert client_for("agency_contact_other").get(url).status_code == 404


def test_contact_list_shows_only_their_own_agency(world, client_for):
    audits_of(world)
    page = client_for("agency_contact").get(reverse("audits:return_list")).content.decode()
    assert "Home Borough Council" in page
    assert "Home Police" not in page and "Home Health Trust" not in page
    coordinator_page = client_for("audit_coordinator").get(reverse("audits:return_list")).content.decode()
    assert "Home Police" in coordinator_page and "Home Health Trust" in coordinator_page


def test_contact_lands_on_their_own_return(world, client_for):
    a = audits_of(world)
    response = client_for("agency_contact").get(reverse("audits:index"))
    assert response["Location"] == reverse("audits:return_detail", args=[a.own.pk])
    response = client_for("agency_contact_other").get(reverse("audits:index"))
    assert response["Location"] == reverse("audits:return_detail", args=[a.other.pk])


def test_contact_export_holds_only_their_return(world, client_for):
    a = audits_of(world)
    content = client_for("agency_contact").get(reverse("audits:return_export", args=[a.own.pk])).content.decode()
    assert "Refresh the safeguarding policy" in content
    assert content.count("Partially met") == 1
    assert content.count("Fully met") == 7


def test_contacts_cannot_see_the_overview(world, client_for):
    a = audits_of(world)
    for persona in ("agency_contact", "agency_contact_other"):
        assert client_for(persona).get(reverse("audits:cycle_detail", args=[a.cycle.pk])).status_code == 403


def test_a_contact_without_an_agency_sees_no_return(world, client_for):
    a = audits_of(world)
    membership = world.users["agency_contact"].membership
    membership.agency = None
    membership.save()
    client = client_for("agency_contact")
    assert client.get(reverse("audits:return_detail", args=[a.own.pk])).status_code == 404
    assert "There are no Section 11 returns for you yet" in client.get(reverse("audits:return_list")).content.decode()

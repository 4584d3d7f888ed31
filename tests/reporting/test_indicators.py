"""The performance dataset: indicators named as the plan names them, values entered per quarter, direction of travel."""

import pytest
from django.urls import reverse

from reporting.models import IndicatorValue
from reporting.services import PLAN_INDICATORS, indicators_seed_for_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(world):
    return indicators_seed_for_plan(plan=world.plan)[0]


def test_the_plan_indicators_are_seeded_once(world):
    indicators_seed_for_plan(plan=world.plan)
    indicators = indicators_seed_for_plan(plan=world.plan)
    assert len(indicators) == len(PLAN_INDICATORS)
    assert indicators[0].name == (
        "Number of children missing from care for more than 48 hours at any point over the previous 12 months "
        "(rolling 12 months)"
    )
    assert indicators[0].good_direction == "lower"


def test_audit_coordinator_enters_values_and_sees_direction_of_travel(world, client_for, indicator):
    client = client_for("audit_coordinator")
    q1, q2 = world.quarters[0], world.quarters[1]
    url = reverse("reporting:indicator_value_edit", args=[indicator.pk, q1.pk])
    for bad, message in [
        ("", "Enter the value for the quarter"),
        ("lots", "Value must be a number, like 12 or 3.5"),
        ("-3", "Value must be 0 or more"),
    ]:
        assert message in client.post(url, {"value": bad}).content.decode()
    assert client.post(url, {"value": "14", "note": "From the LA return"}).status_code == 302
    client.post(reverse("reporting:indicator_value_edit", args=[indicator.pk, q2.pk]), {"value": "9"})
    value = IndicatorValue.objects.get(indicator=indicator, quarter=q1)
    assert (value.value, value.entered_by) == (14, world.users["audit_coordinator"])

    page = client_for("bmg").get(reverse("reporting:indicator_detail", args=[indicator.pk])).content.decode()
    assert "Better" in page and "First value" in page  # fewer children missing is better
    assert 'role="img"' in page and "2014/15 Q2: 9" in page
    assert "Enter the value for" not in page and "the value for 2014/15 Q1" not in page  # BMG members read only


def test_values_cannot_be_entered_for_a_quarter_not_yet_open(world, client_for, indicator):
    future = world.quarters[5]
    response = client_for("admin").get(reverse("reporting:indicator_value_edit", args=[indicator.pk, future.pk]))
    assert response.status_code == 404

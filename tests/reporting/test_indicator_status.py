"""Status against target (reporting.indicators.indicator_status): both polarities, the tolerance's edges, no target,
no value. Pure: no database."""

from decimal import Decimal

import pytest

from reporting.indicators import STATUSES, indicator_status
from reporting.models import Indicator

HIGHER, LOWER = Indicator.Direction.HIGHER, Indicator.Direction.LOWER


def _indicator(direction, target, tolerance=None):
    return Indicator(
        name="Test",
        good_direction=direction,
        target=None if target is None else Decimal(str(target)),
        tolerance=None if tolerance is None else Decimal(str(tolerance)),
    )


@pytest.mark.parametrize(
    ("direction", "target", "tolerance", "value", "key"),
    [
        # Higher is better: at or above the target is on target; up to `tolerance` below it, within tolerance.
        (HIGHER, 10, 2, "12", "on_target"),
        (HIGHER, 10, 2, "10", "on_target"),
        (HIGHER, 10, 2, "9.99", "within_tolerance"),
        (HIGHER, 10, 2, "8", "within_tolerance"),  # the edge: misses by exactly the tolerance
        (HIGHER, 10, 2, "7.99", "off_target"),
        (HIGHER, 10, None, "9.99", "off_target"),  # no tolerance: any miss is off target
        (HIGHER, 10, 0, "9.99", "off_target"),
        (HIGHER, 10, 0, "10", "on_target"),
        # Lower is better: the mirror image.
        (LOWER, 10, 2, "8", "on_target"),
        (LOWER, 10, 2, "10", "on_target"),
        (LOWER, 10, 2, "10.01", "within_tolerance"),
        (LOWER, 10, 2, "12", "within_tolerance"),
        (LOWER, 10, 2, "12.01", "off_target"),
        (LOWER, 10, None, "11", "off_target"),
        (LOWER, 0, 1, "0", "on_target"),  # a target of 0 is a target
        (LOWER, 0, 1, "1", "within_tolerance"),
        (LOWER, 0, None, "1", "off_target"),
        (HIGHER, 0, None, "0", "on_target"),
        # No target, and no value.
        (HIGHER, None, None, "5", "no_target"),
        (LOWER, None, 2, "5", "no_target"),
        (HIGHER, 10, 2, None, "no_value"),
        (LOWER, None, None, None, "no_value"),  # nothing entered is what is missing, target or not
    ],
)
def test_status_against_target(direction, target, tolerance, value, key):
    status = indicator_status(_indicator(direction, target, tolerance), None if value is None else Decimal(value))
    assert status.key == key


def test_value_of_zero_is_a_value_not_a_missing_one():
    assert indicator_status(_indicator(HIGHER, 5), Decimal(0)).key == "off_target"
    assert indicator_status(_indicator(LOWER, 5), 0).key == "on_target"  # an int is accepted too


def test_every_status_has_a_word_and_a_govuk_tag_colour():
    words = {key: (status.word, status.tag) for key, status in STATUSES.items()}
    assert words == {
        "on_target": ("On target", "govuk-tag--green"),
        "within_tolerance": ("Within tolerance", "govuk-tag--yellow"),
        "off_target": ("Off target", "govuk-tag--red"),
        "no_target": ("No target set", "govuk-tag--grey"),
        "no_value": ("Not entered", "govuk-tag--grey"),
    }
    assert str(STATUSES["off_target"]) == "Off target"

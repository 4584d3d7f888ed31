"""The performance dataset kept in the application (issue 17, part 4): each indicator's row for a quarter, adding,
changing, archiving, removing and restoring indicators, the starting set offered to Barnet only, and the pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from plans.models import Quarter
from reporting.indicators import (
    indicator_rows_for_quarter,
    indicator_rows_latest,
    indicators_off_target,
    plan_names_indicators,
)
from reporting.models import Indicator, IndicatorValue
from reporting.services import (
    PLAN_INDICATORS,
    indicator_create,
    indicator_retire,
    indicator_value_record,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Children missing from care for more than 48 hours",
    "source": "CSE: reduce episodes of children going missing",
    "unit": "children",
    "good_direction": "lower",
    "target": "12",
    "tolerance": "2",
    "frequency": "quarterly",
}


def _add(world, name="Repeat referrals", direction="lower", target=None, tolerance=None, plan=None, **fields):
    return indicator_create(
        plan=plan or world.plan,
        user=world.users["admin"],
        name=name,
        unit="referrals",
        good_direction=direction,
        target=None if target is None else Decimal(target),
        tolerance=None if tolerance is None else Decimal(tolerance),
        **fields,
    )


def _value(world, indicator, quarter, value, note=""):
    return indicator_value_record(
        indicator=indicator, quarter=quarter, value=Decimal(value), user=world.users["audit_coordinator"], note=note
    )


def _dataset_events():
    return list(
        AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE, detail__contains="performance dataset").order_by("pk")
    )


# ----- rows for a quarter (reporting/indicators.py) -----------------------------------------------------------------


def test_rows_for_a_quarter_give_value_status_travel_and_the_off_target_list(world):
    q1, q2, q3 = world.quarters[:3]
    missing = _add(world, "Children missing", "lower", target="12", tolerance="2")
    referrals = _add(world, "GP referrals", "higher", target="50")
    ambassadors = _add(world, "E-safety ambassadors", "higher")
    courses = _add(world, "Courses completed", "higher", target="20", tolerance="5")
    _value(world, missing, q1, "10")
    _value(world, missing, q2, "15", note="Two long episodes")
    _value(world, referrals, q2, "52")
    _value(world, ambassadors, q2, "4")
    _value(world, courses, q1, "30")
    _value(world, courses, q2, "16")
    _value(world, missing, q3, "8")  # a later quarter never leaks back

    rows = indicator_rows_for_quarter(q2)
    assert [r.indicator for r in rows] == [missing, referrals, ambassadors, courses]
    by_name = {r.indicator.name: r for r in rows}
    row = by_name["Children missing"]
    assert (row.value, row.note, row.status.key, row.travel) == (
        Decimal(15),
        "Two long episodes",
        "off_target",
        "Worse",
    )
    assert (row.target, row.tolerance, row.value_quarter) == (Decimal(12), Decimal(2), q2)
    assert (by_name["GP referrals"].status.key, by_name["GP referrals"].travel) == ("on_target", "")
    assert by_name["E-safety ambassadors"].status.word == "No target set"
    assert (by_name["Courses completed"].status.key, by_name["Courses completed"].travel) == (
        "within_tolerance",
        "Worse",
    )
    assert [r.indicator for r in indicators_off_target(q2)] == [missing]

    # The open quarter: only the missing children value is entered; the others are "Not entered".
    rows = {r.indicator.name: r for r in indicator_rows_for_quarter(q3)}
    assert (rows["Children missing"].status.key, rows["Children missing"].travel) == ("on_target", "Better")
    assert rows["GP referrals"].value is None and rows["GP referrals"].status.word == "Not entered"
    assert rows["GP referrals"].travel == "" and rows["GP referrals"].note == ""
    assert indicators_off_target(q3) == []


def test_a_half_yearly_or_annual_value_stays_current_for_its_period(world):
    q = world.quarters
    half = _add(world, "Half-yearly", "higher", target="5", frequency="half_yearly")
    annual = _add(world, "Annual", "higher", target="5", frequency="annual")
    quarterly = _add(world, "Quarterly", "higher", target="5")
    for indicator in (half, annual, quarterly):
        _value(world, indicator, q[0], "7")

    def keys(quarter):
        return {r.indicator.name: r.status.key for r in indicator_rows_for_quarter(quarter)}

    assert keys(q[0]) == {"Half-yearly": "on_target", "Annual": "on_target", "Quarterly": "on_target"}
    assert keys(q[1]) == {"Half-yearly": "on_target", "Annual": "on_target", "Quarterly": "no_value"}
    assert keys(q[2]) == {"Half-yearly": "no_value", "Annual": "on_target", "Quarterly": "no_value"}
    assert keys(q[4]) == {"Half-yearly": "no_value", "Annual": "no_value", "Quarterly": "no_value"}
    assert indicator_rows_for_quarter(q[1])[0].value_quarter == q[0]


def test_rows_are_scoped_to_the_quarters_plan(world):
    _add(world, "Home indicator")
    _add(world, "Other board's indicator", plan=world.other_plan)
    assert [r.indicator.name for r in indicator_rows_for_quarter(world.quarters[1])] == ["Home indicator"]
    assert indicator_rows_for_quarter(world.other_plan.quarters.order_by("start_date").first())[0].indicator.name == (
        "Other board's indicator"
    )


def test_an_archived_indicator_stays_in_the_quarters_it_was_in_use(world):
    q1, q2, q3 = world.quarters[:3]
    kept = _add(world, "Kept", target="5")
    archived = _add(world, "Archived", target="5")
    _value(world, archived, q1, "9")
    # Archived during q2 (q1 had ended): q1's papers keep it, q2's and later do not.
    indicator_retire(
        indicator=archived, user=world.users["admin"], at=timezone.make_aware(datetime.datetime(2014, 8, 1))
    )
    assert [r.indicator for r in indicator_rows_for_quarter(q1)] == [kept, archived]
    assert [r.indicator for r in indicator_rows_for_quarter(q2)] == [kept]
    assert [r.indicator for r in indicator_rows_for_quarter(q3)] == [kept]
    assert [r.indicator for r in indicators_off_target(q1)] == [archived]


@pytest.mark.parametrize("count", [3, 6])
def test_rows_take_two_queries_whatever_the_number_of_indicators(world, django_assert_num_queries, count):
    for n in range(count):
        indicator = _add(world, f"Indicator {n}", target="5")
        for quarter in world.quarters[:3]:
            _value(world, indicator, quarter, str(n))
    with django_assert_num_queries(2):
        rows = indicator_rows_for_quarter(world.quarters[2])
    assert len(rows) == count
    with django_assert_num_queries(2):
        indicator_rows_latest(world.plan)


# ----- adding, changing, archiving, removing, restoring ------------------------------------------------------------


def test_coordinator_adds_an_indicator_recorded_in_the_audit_log(world, client_for):
    client = client_for("audit_coordinator")
    _add(world, "First")
    response = client.post(reverse("reporting:indicator_create"), FORM)
    indicator = Indicator.objects.get(name=FORM["name"])
    assert response.status_code == 302 and response["Location"] == reverse(
        "reporting:indicator_detail", args=[indicator.pk]
    )
    assert (indicator.plan, indicator.order, indicator.target, indicator.tolerance) == (
        world.plan,
        2,
        Decimal(12),
        Decimal(2),
    )
    assert (indicator.good_direction, indicator.frequency, indicator.unit) == ("lower", "quarterly", "children")
    event = _dataset_events()[-1]
    assert event.user == world.users["audit_coordinator"] and event.board == world.board
    assert "indicator added: Children missing from care for more than 48 hours, target 12" in event.detail


@pytest.mark.parametrize(
    ("changes", "messages"),
    [
        ({"name": "  ", "unit": ""}, ["Enter the name of the indicator", "Enter the unit, for example children"]),
        ({"good_direction": ""}, ["Select whether a higher or a lower value is better"]),
        ({"good_direction": "sideways"}, ["Select a valid choice"]),
        ({"target": "lots"}, ["Target must be a number, like 12 or 3.5"]),
        ({"target": "-1"}, ["Target must be 0 or more"]),
        ({"target": "1.234"}, ["Target must have no more than 2 decimal places"]),
        ({"tolerance": "-2"}, ["Tolerance must be 0 or more"]),
        ({"target": "", "tolerance": "2"}, ["Enter a target as well, or leave the tolerance empty"]),
        ({"frequency": "weekly"}, ["Select a valid choice"]),
        ({"name": "x" * 501}, ["Name must be 500 characters or fewer"]),
    ],
)
def test_form_errors_are_shown_and_change_nothing(world, client_for, changes, messages):
    client = client_for("admin")
    existing = _add(world, "Existing", target="5")
    before = (list(Indicator.objects.values()), len(_dataset_events()))
    for url in (reverse("reporting:indicator_create"), reverse("reporting:indicator_edit", args=[existing.pk])):
        response = client.post(url, {**FORM, **changes})
        page = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in page and "govuk-error-message" in page
        assert "<title>Error:" in page
        for message in messages:
            assert message in page
    assert (list(Indicator.objects.values()), len(_dataset_events())) == before


def test_changing_an_indicator_records_old_and_new_in_the_audit_log(world, client_for):
    indicator = _add(world, "Repeat referrals", target="30")
    client = client_for("admin")
    page = client.get(reverse("reporting:indicator_edit", args=[indicator.pk])).content.decode()
    assert 'value="30.00"' in page and "Polarity" in page
    data = {**FORM, "name": "Repeat referrals", "unit": "referrals", "target": "25", "tolerance": "3"}
    assert client.post(reverse("reporting:indicator_edit", args=[indicator.pk]), data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.target, indicator.tolerance, indicator.source) == (Decimal(25), Decimal(3), FORM["source"])
    detail = _dataset_events()[-1].detail
    assert "target changed from 30 to 25" in detail and "tolerance changed from none to 3" in detail
    # Saving again with nothing changed writes nothing.
    count = len(_dataset_events())
    response = client.post(reverse("reporting:indicator_edit", args=[indicator.pk]), data, follow=True)
    assert "Nothing was changed" in response.content.decode() and len(_dataset_events()) == count


def test_an_indicator_with_no_values_is_removed(world, client_for):
    indicator = _add(world, "Added by mistake")
    client = client_for("audit_coordinator")
    assert (
        "Remove the indicator"
        in client.get(reverse("reporting:indicator_retire", args=[indicator.pk])).content.decode()
    )
    response = client.post(reverse("reporting:indicator_retire", args=[indicator.pk]))
    assert response["Location"] == reverse("reporting:indicator_list")
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    assert "indicator removed (it had no values): Added by mistake" in _dataset_events()[-1].detail


def test_an_indicator_with_values_is_archived_never_deleted_and_can_be_restored(world, client_for):
    indicator = _add(world, "Repeat referrals", target="30")
    _value(world, indicator, world.quarters[0], "31", note="From the LA return")
    client = client_for("admin")
    page = client.get(reverse("reporting:indicator_retire", args=[indicator.pk])).content.decode()
    assert "Archive the indicator" in page and "It has 1 value," in page
    client.post(reverse("reporting:indicator_retire", args=[indicator.pk]))
    indicator.refresh_from_db()
    assert indicator.is_archived and indicator.archived_by == world.users["admin"]
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    assert "indicator archived: Repeat referrals (1 values kept)" in _dataset_events()[-1].detail

    listing = client.get(reverse("reporting:indicator_list")).content.decode()
    assert 'id="archived-indicators"' in listing and "Archived indicators (1)" in listing
    assert 'id="indicators-table"' not in listing  # no indicator in use any more
    detail = client.get(reverse("reporting:indicator_detail", args=[indicator.pk])).content.decode()
    assert "Archived on" in detail and "From the LA return" in detail and "Restore to the dataset" in detail
    assert "Enter the value for" not in detail and "Change the indicator" not in detail
    assert (
        "Restore"
        not in client_for("bmg").get(reverse("reporting:indicator_detail", args=[indicator.pk])).content.decode()
    )

    # An archived indicator's values and fields no longer change.
    value_url = reverse("reporting:indicator_value_edit", args=[indicator.pk, world.quarters[1].pk])
    for url, data in [(value_url, {"value": "3"}), (reverse("reporting:indicator_edit", args=[indicator.pk]), FORM)]:
        response = client.post(url, data, follow=True)
        assert "This indicator is archived: restore it" in response.content.decode()
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    assert Indicator.objects.get(pk=indicator.pk).name == "Repeat referrals"

    client.post(reverse("reporting:indicator_restore", args=[indicator.pk]))
    indicator.refresh_from_db()
    assert not indicator.is_archived
    assert "indicator restored: Repeat referrals" in _dataset_events()[-1].detail


def test_an_indicator_with_values_cannot_be_deleted_even_in_the_admin(world, client_for):
    indicator = _add(world, "Repeat referrals")
    _value(world, indicator, world.quarters[0], "31")
    client = client_for("admin")
    response = client.post(reverse("admin:reporting_indicator_delete", args=[indicator.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("reporting:indicator_detail", "get"),
        ("reporting:indicator_edit", "get"),
        ("reporting:indicator_edit", "post"),
        ("reporting:indicator_retire", "get"),
        ("reporting:indicator_retire", "post"),
        ("reporting:indicator_restore", "post"),
    ],
)
def test_another_boards_indicator_is_a_404(world, client_for, url_name, method):
    foreign = _add(world, "Other board's", plan=world.other_plan)
    response = getattr(client_for("admin"), method)(reverse(url_name, args=[foreign.pk]), FORM)
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Other board's" and not foreign.is_archived


def test_a_value_saved_says_its_status(world, client_for):
    indicator = _add(world, "Repeat referrals", target="30", tolerance="2")
    url = reverse("reporting:indicator_value_edit", args=[indicator.pk, world.quarters[0].pk])
    page = client_for("admin").get(url).content.decode()
    assert "Target: 30, tolerance 2." in page
    response = client_for("admin").post(url, {"value": "31", "note": ""}, follow=True)
    assert "The value for 2014/15 Q1 is saved: within tolerance." in response.content.decode()
    assert "2014/15 Q1 value 31 entered" in _dataset_events()[-1].detail
    client_for("admin").post(url, {"value": "29", "note": ""})
    assert "2014/15 Q1 value changed from 31 to 29" in _dataset_events()[-1].detail


# ----- the pages ----------------------------------------------------------------------------------------------------


def test_the_list_shows_latest_value_target_and_status_in_words(world, client_for):
    missing = _add(world, "Children missing", "lower", target="12", tolerance="2")
    _add(world, "No values yet", "higher", target="3")
    _value(world, missing, world.quarters[1], "15")
    page = client_for("board_member").get(reverse("reporting:indicator_list")).content.decode()
    assert 'class="govuk-table app-table--small app-stack-table" id="indicators-table"' in page
    assert '<strong class="govuk-tag app-rag govuk-tag--red">Off target</strong>' in page
    assert '<strong class="govuk-tag app-rag govuk-tag--grey">Not entered</strong>' in page
    assert "15 children" not in page and "15 referrals" in page and "2014/15 Q2" in page
    assert "tolerance 2" in page and 'data-label="Status"' in page
    assert "Add an indicator" not in page  # board members read only
    assert (
        "Add an indicator" in client_for("audit_coordinator").get(reverse("reporting:indicator_list")).content.decode()
    )


@pytest.mark.parametrize("count", [3, 6])
def test_list_page_query_count_does_not_grow_with_the_indicators(world, client_for, django_assert_num_queries, count):
    for n in range(count):
        indicator = _add(world, f"Indicator {n}", target="5")
        for quarter in world.quarters[:3]:
            _value(world, indicator, quarter, str(n))
    _archive = _add(world, "Archived one")
    _value(world, _archive, world.quarters[0], "1")
    indicator_retire(indicator=_archive, user=world.users["admin"])
    client = client_for("audit_coordinator")
    client.get(reverse("reporting:indicator_list"))
    # Session, user, membership, roles; the plan; the indicators (archived ones too, with who archived them); their
    # values (with quarters and authors); the session save; the request's and the session's savepoints (4).
    with django_assert_num_queries(12):
        response = client.get(reverse("reporting:indicator_list"))
    assert len(response.context["rows"]) == count and len(response.context["archived_rows"]) == 1


def test_the_detail_page_shows_the_series_as_a_chart_and_a_table(world, client_for):
    indicator = _add(world, "Repeat referrals", "lower", target="30", tolerance="2")
    _value(world, indicator, world.quarters[0], "35", note="High in the summer")
    _value(world, indicator, world.quarters[1], "31")
    page = client_for("bmg").get(reverse("reporting:indicator_detail", args=[indicator.pk])).content.decode()
    assert 'role="img"' in page and "Target: 30." in page
    table = page[page.index('id="values-table"') :]
    for text in ["2014/15 Q1", "35", "Off target", "2014/15 Q2", "Within tolerance", "Better", "High in the summer"]:
        assert text in table
    assert "Test Auditor" in table  # who entered it
    assert 'data-label="Entered by"' in table


# ----- the starting set: Barnet's plan only -------------------------------------------------------------------------


def _make_barnet(world):
    world.board.slug = "barnet"
    world.board.save(update_fields=["slug"])
    world.plan.refresh_from_db()


def test_barnet_is_recognised_by_the_seed_fixtures_natural_key(world):
    assert not plan_names_indicators(world.plan)
    assert not plan_names_indicators(world.other_plan)
    _make_barnet(world)
    assert plan_names_indicators(world.plan)
    world.plan.slug = "2016-2018"  # a later plan of the same board names its own indicators
    assert not plan_names_indicators(world.plan)


def test_the_plans_indicators_are_offered_to_barnets_empty_dataset_only(world, client_for):
    list_url, seed_url = reverse("reporting:indicator_list"), reverse("reporting:indicator_seed")
    # Any other board: an empty state that explains how to add the first indicator, and no offer.
    page = client_for("admin").get(list_url).content.decode()
    assert "No indicators yet" in page and "Add the first indicator" in page
    assert "indicators named in the plan" not in page
    assert client_for("admin").post(seed_url).status_code == 404
    assert not Indicator.objects.exists()
    reader_page = client_for("bmg").get(list_url).content.decode()
    assert "The board administrator or the audit coordinator adds" in reader_page

    _make_barnet(world)
    assert "indicators named in the plan" not in client_for("bmg").get(list_url).content.decode()
    page = client_for("audit_coordinator").get(list_url).content.decode()
    assert f"Add the {len(PLAN_INDICATORS)} indicators named in the plan" in page
    assert "The plan sets no targets" in page
    response = client_for("audit_coordinator").post(seed_url, follow=True)
    assert f"{len(PLAN_INDICATORS)} indicators named in the plan were added" in response.content.decode()
    indicators = list(Indicator.objects.filter(plan=world.plan))
    assert len(indicators) == len(PLAN_INDICATORS) and all(i.target is None for i in indicators)
    assert f"{len(PLAN_INDICATORS)} indicators named in the plan added" in _dataset_events()[-1].detail
    # Once the dataset has indicators (archived ones too) there is nothing left to offer.
    assert "indicators named in the plan" not in client_for("admin").get(list_url).content.decode()
    assert client_for("admin").post(seed_url).status_code == 404
    assert Indicator.objects.filter(plan=world.plan).count() == len(PLAN_INDICATORS)


def test_the_offer_is_withdrawn_when_the_dataset_has_only_archived_indicators(world, client_for):
    _make_barnet(world)
    indicator = _add(world, "Own indicator")
    _value(world, indicator, world.quarters[0], "1")
    indicator_retire(indicator=indicator, user=world.users["admin"])
    page = client_for("admin").get(reverse("reporting:indicator_list")).content.decode()
    assert "Every indicator of this plan is archived" in page and "indicators named in the plan" not in page
    assert client_for("admin").post(reverse("reporting:indicator_seed")).status_code == 404


# ----- the demo history ---------------------------------------------------------------------------------------------


def test_the_demo_history_shows_every_status(settings, world, client_for):
    """The demo's indicators get demo targets (the plan sets none), so that its last closed quarter shows on target,
    within tolerance, off target and no target set."""
    Quarter.objects.filter(plan=world.plan).update(state="future")
    Quarter.objects.filter(pk=world.quarters[0].pk).update(state="open")
    for order in range(3, 9):
        f.ActionFactory(objective=world.objective, order=order)
    settings.DEBUG = True
    call_command("load_demo_history", "--board", "home")
    last_closed = Quarter.objects.filter(plan=world.plan, state="closed").order_by("-start_date").first()
    keys = [row.status.key for row in indicator_rows_for_quarter(last_closed)]
    assert keys == ["on_target", "within_tolerance", "off_target", "on_target", "within_tolerance", "no_target"]
    assert all(row.entry.is_demo for row in indicator_rows_for_quarter(last_closed))
    page = client_for("bmg").get(reverse("reporting:indicator_list")).content.decode()
    for word in ("On target", "Within tolerance", "Off target", "No target set"):
        assert word in page

"""Permission cases of the performance dataset's pages for adding, changing, archiving, removing and restoring
indicators and for starting Barnet's dataset from the plan's own indicators (reporting/views/indicators.py). The
list, detail and value pages' cases stay in cases_reporting.py."""

from django.utils import timezone

from reporting.models import Indicator
from reporting.services import indicator_create, indicator_value_record
from tests.permissions.case import Case

INDICATOR_EDITORS = frozenset({"admin", "audit_coordinator"})


def _new_indicator(w, **fields):
    return indicator_create(
        plan=w.plan, user=w.users["admin"], name="Repeat referrals", unit="referrals", good_direction="lower", **fields
    )


def _indicator(w):
    return {"pk": w.get("new_indicator", lambda w: _new_indicator(w, target=10)).pk}


def _indicator_with_value(w):
    def build(w):
        indicator = _new_indicator(w, target=10)
        indicator_value_record(indicator=indicator, quarter=w.closed_quarter, value=12, user=w.users["admin"])
        return indicator

    return {"pk": w.get("indicator_with_value", build).pk}


def _archived(w):
    def build(w):
        indicator = _new_indicator(w)
        Indicator.objects.filter(pk=indicator.pk).update(archived_at=timezone.now())
        return indicator

    return {"pk": w.get("archived_indicator", build).pk}


def _form(w):
    return {
        "name": "Children missing from care for more than 48 hours",
        "source": "",
        "unit": "children",
        "good_direction": "lower",
        "target": "12",
        "tolerance": "2",
        "frequency": "quarterly",
    }


def _barnet(w):
    """Make the home board's plan Barnet's (reporting.indicators.plan_names_indicators), inside the test's
    savepoint: the seed is offered to Barnet's empty dataset only."""
    w.board.slug = "barnet"
    w.board.save(update_fields=["slug"])
    return {}


CASES = [
    # No object in the URL: the signed-in user's own board's plan.
    Case("reporting:indicator_create", INDICATOR_EDITORS | {"other_board_admin"}),
    Case(
        "reporting:indicator_create",
        INDICATOR_EDITORS | {"other_board_admin"},
        method="post",
        data=_form,
        ok_statuses=(302,),
    ),
    Case(
        "reporting:indicator_create",
        INDICATOR_EDITORS | {"other_board_admin"},
        method="post",
        data=lambda w: {**_form(w), "name": "", "target": "many"},
        note="the form refuses it and shows the errors",
    ),
    Case(
        "reporting:indicator_seed",
        INDICATOR_EDITORS,
        method="post",
        data=_barnet,
        ok_statuses=(302,),
        board_object=False,
        not_found=frozenset({"other_board_admin"}),
        note="Another board's plan is not Barnet's: its dataset is offered no starting set (404)",
    ),
    Case("reporting:indicator_edit", INDICATOR_EDITORS, kwargs=_indicator),
    Case(
        "reporting:indicator_edit", INDICATOR_EDITORS, kwargs=_indicator, method="post", data=_form, ok_statuses=(302,)
    ),
    # GET: the confirmation page, which says whether it will be removed (no values) or archived (values).
    Case("reporting:indicator_retire", INDICATOR_EDITORS, kwargs=_indicator),
    Case("reporting:indicator_retire", INDICATOR_EDITORS, kwargs=_indicator_with_value),
    Case("reporting:indicator_retire", INDICATOR_EDITORS, kwargs=_indicator, method="post", ok_statuses=(302,)),
    Case(
        "reporting:indicator_retire",
        INDICATOR_EDITORS,
        kwargs=_indicator_with_value,
        method="post",
        ok_statuses=(302,),
    ),
    Case("reporting:indicator_restore", INDICATOR_EDITORS, kwargs=_archived, method="post", ok_statuses=(302,)),
]

"""Appendix 2 loaded from the fixture reproduces every printed line and sub-total to the penny."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from budget.models import Budget, CommitmentLine, IncomeLine
from budget.selectors import budget_statement
from tests import factories as f
from tests.budget.builders import FIXTURE

PRINTED = json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def barnet(db):
    from tests.world import _ensure_seed_rows

    _ensure_seed_rows()
    board = f.BoardFactory(name="Barnet Safeguarding Children Board", short_name="BSCB", slug="barnet")
    plan = f.PlanFactory(board=board, slug="2014-2016")
    for item in PRINTED["income"]:
        f.AgencyFactory(board=board, name=item["agency"])
    return plan


def _load(*args):
    out = StringIO()
    call_command("load_budget", *args, stdout=out)
    return out.getvalue()


def test_appendix_2_reproduces_every_printed_total_to_the_penny(barnet):
    output = _load()
    statement = budget_statement(Budget.objects.get(plan=barnet, financial_year=2014))
    assert statement.budget.balance_brought_forward == Decimal("-59170.00")
    assert statement.income_total == Decimal("-227220.00")
    assert statement.staffing_total == Decimal("167120.00")
    assert statement.other_total == Decimal("58000.00")
    assert statement.commitments_total == Decimal("225120.00")
    assert statement.variance == Decimal("-2100.00")
    assert all(isinstance(total, Decimal) for total in (statement.income_total, statement.variance))
    assert "Loaded BSCB Budget 2014-2015: 8 contributions, 10 commitments, variance -£2,100." in output


def test_every_line_is_kept_as_written(barnet):
    _load()
    budget = Budget.objects.get(plan=barnet)
    assert budget.balance_description == "Balance B/Fwd 2013/14"
    assert budget.year_label == "2014/15"
    income = [(line.description, line.agency.name, str(line.amount)) for line in budget.income_lines.all()]
    assert income == [(i["description"], i["agency"], f"{i['amount']}.00") for i in PRINTED["income"]]
    commitments = list(budget.commitment_lines.order_by("order"))
    assert [(c.get_category_display(), c.description, str(c.amount), c.note) for c in commitments] == [
        (i["category"], i["description"], f"{i['amount']}.00", i["note"]) for i in PRINTED["commitments"]
    ]
    notes = {c.description: c.note for c in commitments}
    assert notes["Independent Chair"] == "CM (60% BSCB share only)"
    assert notes["CSE Co-ordinator (pilot)"] == "£400/day, 3 days/week from Sep 14"
    assert notes["Learning & Development Team (Barnet Children's Service)"] == (
        "Commissioned to co-ordinate M-U safeguarding training"
    )


def test_loading_twice_changes_nothing_and_replace_restores_the_printed_lines(barnet):
    _load()
    budget = Budget.objects.get(plan=barnet)
    line = budget.income_lines.get(description="CAFCASS")
    line.amount = Decimal("-600")
    line.save()
    assert "Already loaded, left as is" in _load()
    assert IncomeLine.objects.get(pk=line.pk).amount == Decimal("-600.00")
    assert Budget.objects.count() == 1 and IncomeLine.objects.count() == 8
    assert "Restored" in _load("--replace")
    assert budget.income_lines.get(description="CAFCASS").amount == Decimal("-550.00")
    assert IncomeLine.objects.count() == 8 and CommitmentLine.objects.count() == 10


def test_loading_is_all_or_nothing_and_names_the_line_at_fault(barnet, tmp_path):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["income"][7]["agency"] = "Cafcass Cymru"
    (tmp_path / "budget-2014-15.json").write_text(json.dumps(data))
    with pytest.raises(CommandError, match=r"Income line 8 \(CAFCASS\), agency: no agency named 'Cafcass Cymru'"):
        _load(str(tmp_path))
    assert Budget.objects.count() == 0 and IncomeLine.objects.count() == 0


def test_a_fixture_that_does_not_add_up_to_its_printed_totals_is_refused(barnet, tmp_path):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["commitments"][0]["amount"] = "20250"  # a transposed figure
    (tmp_path / "budget-2014-15.json").write_text(json.dumps(data))
    with pytest.raises(CommandError, match="Printed total 'staffing' is 167120.00 but the lines add up to 166850.00"):
        _load(str(tmp_path))
    assert Budget.objects.count() == 0


def test_loading_without_the_plan_says_to_load_it_first(db):
    with pytest.raises(CommandError, match="load the plan first"):
        _load()


def test_loading_records_history(barnet):
    _load()
    assert IncomeLine.history.filter(history_type="+").count() == 8
    assert CommitmentLine.history.filter(history_type="+").count() == 10


def test_the_database_refuses_income_above_zero_and_commitments_below_zero(barnet):
    _load()
    budget = Budget.objects.get(plan=barnet)
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomeLine.objects.create(budget=budget, description="Schools", amount=Decimal("100"))
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentLine.objects.create(budget=budget, category="other", description="Refund", amount=Decimal("-1"))


def test_setup_demo_loads_the_budget_after_the_plan():
    from onboarding.management.commands.setup_demo import STEPS

    names = [name for name, _ in STEPS]
    assert names.index("load_budget") == names.index("load_plan") + 1
    assert ("load_budget", ["fixtures/barnet-2014-2016-budget"]) in STEPS

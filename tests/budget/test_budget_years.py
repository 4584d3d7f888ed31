"""Starting the next financial year's budget from the current one (issue 15, item 7): the lines copied with their
amounts carried over or left blank, the heading moved on a year, the balance brought forward estimated from the
source's projected variance, refusals that write nothing, and the history and audit log of what was written."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from budget.models import Budget, CommitmentLine, IncomeLine
from budget.selectors import next_year, roll_year
from budget.services import budget_start_next_year, monitoring_record
from tests import factories as f


def _url(budget):
    return reverse("budget:budget_next_year", args=[budget.pk])


def _counts():
    """Every row the page could write: budgets, lines, their history and the audit log."""
    return {
        "budgets": Budget.objects.count(),
        "income": IncomeLine.objects.count(),
        "commitments": CommitmentLine.objects.count(),
        "budget history": Budget.history.count(),
        "income history": IncomeLine.history.count(),
        "commitment history": CommitmentLine.history.count(),
        "audit": AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).count(),
    }


def _income(budget):
    return list(budget.income_lines.order_by("order").values_list("order", "description", "agency_id", "amount"))


def _commitments(budget):
    return list(
        budget.commitment_lines.order_by("category", "order").values_list(
            "category", "order", "description", "note", "amount"
        )
    )


def _start(client, budget, amounts):
    return client.post(_url(budget), {"amounts": amounts})


def test_amounts_carried_over_copy_every_line_and_move_the_heading_on_a_year(budget, world, client_for):
    source_income, source_commitments = _income(budget), _commitments(budget)
    client = client_for("admin")
    response = _start(client, budget, "carry")
    new = Budget.objects.get(plan=world.plan, financial_year=2015)
    assert response.status_code == 302 and response["Location"] == reverse("budget:budget_detail", args=[new.pk])

    assert new.title == "BSCB Budget 2015-2016"
    assert new.balance_description == "Balance B/Fwd 2014/15"
    # No figures recorded in 2014/15 Q3 (the open quarter): the projection is the budgeted variance, an underspend.
    assert new.balance_brought_forward == Decimal("-2100.00")
    assert new.income_heading == "Income / Contributions"
    assert new.commitments_heading == "Commitments 2015/16"
    assert _income(new) == source_income and len(source_income) == 8
    assert _commitments(new) == source_commitments and len(source_commitments) == 10
    # The source is untouched.
    assert _income(budget) == source_income and budget.title == "BSCB Budget 2014-2015"

    page = client.get(response["Location"]).content.decode()
    assert "BSCB Budget 2015-2016 started from BSCB Budget 2014-2015: check the balance brought forward" in page
    assert "Balance B/Fwd 2014/15" in page and "Commitments 2015/16" in page and "-£98,000" in page


def test_amounts_left_blank_copy_every_line_at_zero(budget, world, client_for):
    client = client_for("admin")
    response = _start(client, budget, "blank")
    assert response.status_code == 302
    new = Budget.objects.get(plan=world.plan, financial_year=2015)
    blanked = [(*row[:3], Decimal("0.00")) for row in _income(budget)]
    assert _income(new) == blanked
    assert _commitments(new) == [(*row[:4], Decimal("0.00")) for row in _commitments(budget)]
    assert len(_commitments(new)) == 10
    # The balance is estimated either way: only the lines' amounts are left blank.
    assert new.balance_brought_forward == Decimal("-2100.00")
    page = client.get(response["Location"]).content.decode()
    assert "check the balance brought forward and enter each line&#x27;s amount" in page


def test_the_balance_brought_forward_is_the_projected_variance_of_the_open_quarter(budget, world, client_for):
    catering = budget.commitment_lines.get(description="Catering")
    monitoring_record(
        budget=budget,
        quarter=world.open_quarter,
        commitments={catering: (Decimal("3000"), Decimal("4000"))},
        contributions={},
    )
    page = client_for("admin").get(_url(budget)).content.decode()
    # -2,100 budgeted, plus 3,000 more forecast on catering: a projected overspend of 900, carried in as a deficit.
    assert "£900" in page and "the projected variance of 2014/15 at 2014/15 Q3" in page
    assert "It is an estimate until the 2014/15 accounts are closed" in page
    _start(client_for("admin"), budget, "carry")
    assert Budget.objects.get(plan=world.plan, financial_year=2015).balance_brought_forward == Decimal("900.00")


def test_a_year_that_already_exists_is_refused_and_nothing_is_written(budget, world, client_for):
    f.BudgetFactory(plan=world.plan, financial_year=2015, title="BSCB Budget 2015-2016 (agreed)")
    before = _counts()
    response = _start(client_for("admin"), budget, "carry")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The 2015/16 budget already exists (BSCB Budget 2015-2016 (agreed)): change it on its own page" in page
    assert 'href="#id_amounts_1"' in page
    assert _counts() == before
    # The page's buttons are not offered for a year that exists.
    client = client_for("admin")
    assert _url(budget) not in client.get(reverse("budget:budget_detail", args=[budget.pk])).content.decode()
    assert _url(budget) not in client.get(reverse("budget:budget_list")).content.decode()


def test_a_year_after_the_plan_is_refused(budget, world, client_for):
    client = client_for("admin")
    _start(client, budget, "carry")
    last = Budget.objects.get(plan=world.plan, financial_year=2015)
    before = _counts()
    response = _start(client, last, "carry")
    assert response.status_code == 200
    assert "ends with 2015/16: the 2016/17 budget belongs to the next plan" in response.content.decode()
    assert _counts() == before
    assert _url(last) not in client.get(reverse("budget:budget_detail", args=[last.pk])).content.decode()
    # Once 2015/16 exists, no year of the plan is left to start.
    assert "Start the" not in client.get(reverse("budget:budget_list")).content.decode()


def test_choosing_nothing_is_refused(budget, client_for):
    before = _counts()
    response = client_for("admin").post(_url(budget), {})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Select whether to carry over the 2014/15 amounts or leave them blank" in page
    assert _counts() == before


def test_the_page_writes_nothing_and_says_what_it_will_write(budget, client_for):
    before = _counts()
    response = client_for("admin").get(_url(budget))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Start the 2015/16 budget",
        "BSCB Budget 2015-2016",
        "Balance B/Fwd 2014/15",
        "-£2,100",
        "the projected variance of 2014/15 at 2014/15 Q3",
        "8 contributions and 10 commitments",
        "Carried over from 2014/15",
        "Left blank",
        'name="amounts"',
    ]:
        assert text in page, text
    assert "There is a problem" not in page
    assert _counts() == before


def test_the_buttons_are_offered_to_the_administrator_only(budget, client_for):
    for url in (reverse("budget:budget_list"), reverse("budget:budget_detail", args=[budget.pk])):
        assert _url(budget) in client_for("admin").get(url).content.decode()
        page = client_for("bmg").get(url).content.decode()
        assert _url(budget) not in page and "Start the 2015/16 budget" not in page


def test_what_is_written_is_in_the_history_and_the_audit_log(budget, world, client_for):
    admin = world.users["admin"]
    before = _counts()
    _start(client_for("admin"), budget, "carry")
    new = Budget.objects.get(plan=world.plan, financial_year=2015)
    after = _counts()
    assert after["budget history"] == before["budget history"] + 1
    assert after["income history"] == before["income history"] + 8
    assert after["commitment history"] == before["commitment history"] + 10
    records = list(IncomeLine.history.filter(budget_id=new.pk)) + list(CommitmentLine.history.filter(budget_id=new.pk))
    assert len(records) == 18 and {(r.history_type, r.history_user) for r in records} == {("+", admin)}
    assert new.history.get().history_user == admin

    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).latest("at")
    assert event.user == admin and event.board == world.board
    assert event.detail.startswith("Business Plan 2014-2016: BSCB Budget 2015-2016 (2015/16) started from")
    assert "8 contributions and 10 commitments, amounts carried over; Balance B/Fwd 2014/15 -£2,100" in event.detail

    history = client_for("admin").get(reverse("budget:budget_history", args=[new.pk])).content.decode()
    assert "Budget heading: BSCB Budget 2015-2016" in history and "Contribution: CAFCASS" in history
    assert admin.get_full_name() in history


def test_another_boards_budget_is_not_found_and_other_roles_are_refused(budget, client_for):
    before = _counts()
    other_admin = client_for("other_board_admin")
    assert other_admin.get(_url(budget)).status_code == 404
    assert other_admin.post(_url(budget), {"amounts": "carry"}).status_code == 404
    for persona in ("bmg", "board_member", "lead"):
        assert client_for(persona).post(_url(budget), {"amounts": "carry"}).status_code == 403
    assert _counts() == before


def test_a_title_without_the_year_gets_the_boards_short_name(world):
    source = f.BudgetFactory(plan=world.plan, financial_year=2014, title="Partnership budget")
    f.IncomeLineFactory(budget=source)
    new = budget_start_next_year(source=source, carry_amounts=True)
    assert new.title == "HSCB Budget 2015-2016" and new.balance_description == "Balance B/Fwd 2014/15"
    assert new.income_lines.count() == 1
    # Outside a request the audit log names the system.
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).latest("at").detail.endswith("(by the system)")


@pytest.mark.parametrize(
    ("text", "rolled"),
    [
        ("BSCB Budget 2014-2015", "BSCB Budget 2015-2016"),
        ("BSCB Budget 2014/15", "BSCB Budget 2015/16"),
        ("Budget 2014 - 15", "Budget 2015 - 16"),
        ("Commitments 2014/2015", "Commitments 2015/2016"),
        ("Budget 2014–2015 (revised)", "Budget 2015–2016 (revised)"),
        ("Budget 2013-2014", None),  # another year: not this budget's
        ("Budget 12014-2015", None),
        ("Income / Contributions", None),
    ],
)
def test_roll_year(text, rolled):
    assert roll_year(text, 2014) == rolled


@pytest.mark.parametrize("extra", [0, 10])
def test_the_page_runs_the_same_number_of_queries_at_n_and_2n_lines(
    budget, client_for, django_assert_num_queries, extra
):
    for _ in range(extra):
        f.CommitmentLineFactory(budget=budget)
        f.IncomeLineFactory(budget=budget, agency=f.AgencyFactory(board=budget.plan.board))
    assert len(next_year(budget).statement.income_lines) == 8 + extra
    client = client_for("admin")
    # Session, user, membership, board, roles, the budget, that year's budget, its lines (2), its quarters and the
    # open quarter's monitoring (2), and the request's savepoints: none per line.
    with django_assert_num_queries(16):
        assert client.get(_url(budget)).status_code == 200

"""Permission cases of the budget: administrators edit; BMG and board members read; everyone else is refused."""

from tests.budget.builders import budget_of, first_commitment_line, first_income_line
from tests.permissions.case import Case
from tests.world import ADMIN_ONLY, REVIEWERS


def _budget(w):
    return {"pk": budget_of(w).pk}


def _open_quarter(w):
    return {"pk": budget_of(w).pk, "quarter_pk": w.open_quarter.pk}


def _closed_quarter(w):
    return {"pk": budget_of(w).pk, "quarter_pk": w.closed_quarter.pk}


def _income(w):
    return {"pk": first_income_line(w).pk}


def _commitment(w):
    return {"pk": first_commitment_line(w).pk}


def _monitoring_data(w):
    line = first_commitment_line(w)
    return {f"spent_{line.pk}": "5,130", f"forecast_{line.pk}": "20,520"}


CASES = [
    # Every board's reviewers see their own board's list, so the other board's administrator is allowed here.
    Case("budget:budget_list", REVIEWERS | {"other_board_admin"}),
    # A board's first budget: each board's administrator starts their own (the world's plans have none yet).
    Case("budget:budget_create", frozenset({"admin", "other_board_admin"})),
    Case(
        "budget:budget_create",
        frozenset({"admin", "other_board_admin"}),
        method="post",
        data=lambda w: {
            "financial_year": "2014",
            "title": "Budget 2014-2015",
            "balance_description": "Balance B/Fwd 2013/14",
            "balance_brought_forward": "-1,000",
            "lines_for_agencies": "on",
        },
        ok_statuses=(302,),
    ),
    Case(
        "budget:budget_create",
        frozenset({"admin", "other_board_admin"}),
        method="post",
        data=lambda w: {"financial_year": "1999", "title": "", "balance_brought_forward": "lots"},
        note="bad input: the form with its errors",
    ),
    Case("budget:budget_detail", REVIEWERS, kwargs=_budget),
    Case("budget:budget_history", REVIEWERS, kwargs=_budget),
    Case("budget:budget_export_csv", REVIEWERS, kwargs=_budget, a11y=False),
    Case("budget:budget_export_xlsx", REVIEWERS, kwargs=_budget, a11y=False),
    Case("budget:budget_update", ADMIN_ONLY, kwargs=_budget),
    Case(
        "budget:budget_update",
        ADMIN_ONLY,
        kwargs=_budget,
        method="post",
        data=lambda w: {
            "title": "BSCB Budget 2014-2015",
            "balance_description": "Balance",
            "balance_brought_forward": "-59170",
        },
        ok_statuses=(302,),
    ),
    # Starting the next financial year's budget (2015/16 from the 2014/15 budget): the GET writes nothing.
    Case("budget:budget_next_year", ADMIN_ONLY, kwargs=_budget),
    Case(
        "budget:budget_next_year",
        ADMIN_ONLY,
        kwargs=_budget,
        method="post",
        data=lambda w: {"amounts": "carry"},
        ok_statuses=(302,),
    ),
    Case("budget:income_line_create", ADMIN_ONLY, kwargs=_budget),
    Case(
        "budget:income_line_create",
        ADMIN_ONLY,
        kwargs=_budget,
        method="post",
        data=lambda w: {"description": "Schools", "amount": "-1,000", "order": "9"},
        ok_statuses=(302,),
    ),
    Case("budget:income_line_update", ADMIN_ONLY, kwargs=_income),
    Case(
        "budget:income_line_update",
        ADMIN_ONLY,
        kwargs=_income,
        method="post",
        data=lambda w: {"description": "London Borough of Barnet", "amount": "-98000", "order": "1"},
        ok_statuses=(302,),
    ),
    Case("budget:income_line_delete", ADMIN_ONLY, kwargs=_income),
    Case("budget:income_line_delete", ADMIN_ONLY, kwargs=_income, method="post", ok_statuses=(302,)),
    Case("budget:commitment_line_create", ADMIN_ONLY, kwargs=_budget),
    Case(
        "budget:commitment_line_create",
        ADMIN_ONLY,
        kwargs=_budget,
        method="post",
        data=lambda w: {"category": "other", "description": "Venue hire", "amount": "500", "order": "9"},
        ok_statuses=(302,),
    ),
    Case("budget:commitment_line_update", ADMIN_ONLY, kwargs=_commitment),
    Case(
        "budget:commitment_line_update",
        ADMIN_ONLY,
        kwargs=_commitment,
        method="post",
        data=lambda w: {
            "category": "staffing",
            "description": "0.6 FTE Administrator",
            "amount": "20520",
            "order": "1",
        },
        ok_statuses=(302,),
    ),
    Case("budget:commitment_line_delete", ADMIN_ONLY, kwargs=_commitment),
    Case("budget:commitment_line_delete", ADMIN_ONLY, kwargs=_commitment, method="post", ok_statuses=(302,)),
    Case("budget:monitoring_detail", REVIEWERS, kwargs=_open_quarter),
    Case("budget:monitoring_detail", REVIEWERS, kwargs=_closed_quarter, note="a closed quarter, read only"),
    Case("budget:monitoring_update", ADMIN_ONLY, kwargs=_open_quarter),
    Case(
        "budget:monitoring_update",
        ADMIN_ONLY,
        kwargs=_open_quarter,
        method="post",
        data=_monitoring_data,
        ok_statuses=(302,),
    ),
    # A closed quarter's figures never change, even for the administrator.
    Case("budget:monitoring_update", frozenset(), kwargs=_closed_quarter, a11y=False, note="closed: refused to all"),
    Case("budget:monitoring_update", frozenset(), kwargs=_closed_quarter, method="post", data=_monitoring_data),
]

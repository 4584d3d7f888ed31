"""The budget statement page, editing its lines (with their bad amounts), history and exports."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from budget.models import CommitmentLine, IncomeLine
from budget.templatetags.budget_money import pounds
from tests import factories as f


def _detail(client, budget):
    return client.get(reverse("budget:budget_detail", args=[budget.pk])).content.decode()


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("-59170"), "-£59,170"),
        (Decimal("98000.00"), "£98,000"),
        (Decimal("20520.5"), "£20,520.50"),
        (Decimal("-0.01"), "-£0.01"),
        (Decimal("0"), "£0"),
    ],
)
def test_money_is_shown_in_pounds_with_thousands_separators(amount, text):
    assert pounds(amount) == text


def test_bmg_member_reads_the_statement_as_the_plan_prints_it(budget, client_for):
    page = _detail(client_for("bmg"), budget)
    for text in [
        "BSCB Budget 2014-2015",
        "Balance B/Fwd 2013/14",
        "-£59,170",
        "Income / Contributions",
        "Royal Free Hospital Trust (inc Barnet &amp; Chase Farm Hospital)",
        "-£550",
        "Total income, including the balance brought forward",
        "-£227,220",
        "Commitments 2014/15",
        "£400/day, 3 days/week from Sep 14",
        "Total staffing costs",
        "£167,120",
        "£58,000",
        "£225,120",
        "-£2,100",
        "Underspend: income exceeds commitments by £2,100",
        "money coming in (the balance brought forward and partner contributions) is shown as minus",
    ]:
        assert text in page, text
    # Readers get no editing links.
    assert reverse("budget:income_line_create", args=[budget.pk]) not in page
    assert "Remove" not in page


def test_administrator_sees_change_links(budget, client_for):
    page = _detail(client_for("admin"), budget)
    line = budget.income_lines.get(description="Probation")
    assert reverse("budget:income_line_update", args=[line.pk]) in page
    assert reverse("budget:commitment_line_create", args=[budget.pk]) + "?category=staffing" in page


def test_totals_recompute_when_a_line_changes_and_the_change_is_recorded(budget, client_for, world):
    client = client_for("admin")
    line = budget.income_lines.get(description="London Borough of Barnet")
    response = client.post(
        reverse("budget:income_line_update", args=[line.pk]),
        {"description": "London Borough of Barnet", "agency": line.agency_id, "amount": "-100,000", "order": "1"},
    )
    assert response.status_code == 302
    page = _detail(client, budget)
    assert "-£229,220" in page and "-£4,100" in page and "-£227,220" not in page
    history = client.get(reverse("budget:budget_history", args=[budget.pk])).content.decode()
    assert "Contribution: London Borough of Barnet" in history
    assert "Amount: -£98,000 to -£100,000" in history
    assert world.users["admin"].get_full_name() in history
    record = IncomeLine.history.filter(id=line.pk).latest()
    assert record.history_user == world.users["admin"] and record.history_type == "~"


def test_removing_a_commitment_changes_the_totals_and_is_recorded(budget, client_for):
    client = client_for("admin")
    line = budget.commitment_lines.get(description="Catering")
    confirm = client.get(reverse("budget:commitment_line_delete", args=[line.pk])).content.decode()
    assert "Remove Catering?" in confirm and "£1,000" in confirm
    client.post(reverse("budget:commitment_line_delete", args=[line.pk]))
    assert not CommitmentLine.objects.filter(pk=line.pk).exists()
    page = _detail(client, budget)
    assert "£57,000" in page and "£224,120" in page and "-£3,100" in page
    history = client.get(reverse("budget:budget_history", args=[budget.pk])).content.decode()
    assert "Removed</strong> Commitment: Catering" in history


def test_decimal_round_trip_through_the_form_the_page_and_the_exports(budget, client_for):
    client = client_for("admin")
    response = client.post(
        reverse("budget:commitment_line_create", args=[budget.pk]),
        {
            "category": "other",
            "description": "Venue hire",
            "amount": "£1,234.56",
            "note": "Annual conference",
            "order": "7",
        },
    )
    assert response.status_code == 302
    line = budget.commitment_lines.get(description="Venue hire")
    assert line.amount == Decimal("1234.56")
    assert "£1,234.56" in _detail(client, budget)
    form = client.get(reverse("budget:commitment_line_update", args=[line.pk])).content.decode()
    assert 'value="1234.56"' in form
    # Saving the form unchanged keeps the amount exactly.
    client.post(
        reverse("budget:commitment_line_update", args=[line.pk]),
        {
            "category": "other",
            "description": "Venue hire",
            "amount": "1234.56",
            "note": "Annual conference",
            "order": "7",
        },
    )
    line.refresh_from_db()
    assert line.amount == Decimal("1234.56")
    rows = _csv_rows(client, budget)
    assert rows[("Other expenses", "Venue hire")] == Decimal("1234.56")
    assert rows[("Total", "Total other expenses")] == Decimal("59234.56")
    sheet = _xlsx_rows(client, budget)
    assert Decimal(str(sheet[("Other expenses", "Venue hire")])) == Decimal("1234.56")


INCOME_BAD_AMOUNTS = [
    ("twelve thousand", "Enter the contribution as a number, like -98,000"),
    ("-12,500.555", "Enter the contribution in pounds and pence, with no more than 2 decimal places"),
    ("-99999999999", "Enter the contribution of less than £10,000,000"),
    ("-1e5", "Enter the contribution as a number, like -98,000"),
    ("12500", "Enter the contribution as a negative amount, like -98,000"),
    ("", "Enter the contribution"),
]


@pytest.mark.parametrize(("amount", "message"), INCOME_BAD_AMOUNTS)
def test_bad_income_amounts_get_a_clear_error_and_change_nothing(budget, client_for, amount, message):
    line = budget.income_lines.get(description="Barnet CCG")
    before = list(IncomeLine.objects.values_list("description", "amount"))
    response = client_for("admin").post(
        reverse("budget:income_line_update", args=[line.pk]),
        {"description": "Barnet CCG", "amount": amount, "order": "4"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert 'href="#id_amount"' in page
    assert list(IncomeLine.objects.values_list("description", "amount")) == before


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-500", "Enter the amount as a positive amount, like 98,000"),
        ("500.001", "no more than 2 decimal places"),
        ("10,000,000", "Enter the amount of less than £10,000,000"),
        ("£", "Enter the amount as a number"),
    ],
)
def test_bad_commitment_amounts_are_refused(budget, client_for, amount, message):
    count = CommitmentLine.objects.count()
    response = client_for("admin").post(
        reverse("budget:commitment_line_create", args=[budget.pk]),
        {"category": "other", "description": "Venue hire", "amount": amount, "order": "9"},
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert CommitmentLine.objects.count() == count


def test_a_duplicate_line_is_refused(budget, client_for):
    response = client_for("admin").post(
        reverse("budget:income_line_create", args=[budget.pk]), {"description": "CAFCASS", "amount": "-1", "order": "9"}
    )
    assert "This budget already has a contribution with that name" in response.content.decode()


def test_the_agency_list_offers_only_the_boards_agencies(budget, client_for, world):
    f.AgencyFactory(board=world.other_board, name="Other Board Council")
    page = client_for("admin").get(reverse("budget:income_line_create", args=[budget.pk])).content.decode()
    assert "Probation" in page and "Other Board Council" not in page


def _csv_rows(client, budget):
    response = client.get(reverse("budget:budget_export_csv", args=[budget.pk]))
    assert response["Content-Type"].startswith("text/csv")
    reader = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    header = next(reader)
    assert header == ["Section", "Line", "Agency", "Note", "Amount (£)"]
    return {(row[0], row[1]): Decimal(row[4]) for row in reader}


def _xlsx_rows(client, budget):
    response = client.get(reverse("budget:budget_export_xlsx", args=[budget.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Budget 2014-15"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert all(isinstance(row[4], (int, float)) for row in rows)  # numbers, never text
    return {(row[0], row[1]): row[4] for row in rows}


def test_exports_read_back_with_every_printed_figure(budget, client_for):
    client = client_for("board_member")
    for rows in (_csv_rows(client, budget), {k: Decimal(str(v)) for k, v in _xlsx_rows(client, budget).items()}):
        assert rows[("Balance", "Balance B/Fwd 2013/14")] == Decimal("-59170")
        assert rows[("Income / Contributions", "CAFCASS")] == Decimal("-550")
        assert rows[("Total", "Total income including balance brought forward")] == Decimal("-227220")
        assert rows[("Total", "Total staffing costs")] == Decimal("167120")
        assert rows[("Total", "Total other expenses")] == Decimal("58000")
        assert rows[("Total", "Total commitments")] == Decimal("225120")
        assert rows[("Total", "Variance (income plus commitments; minus is an underspend)")] == Decimal("-2100")
        assert len(rows) == 1 + 8 + 1 + 10 + 2 + 2


def test_statement_and_exports_use_the_same_number_of_queries_at_n_and_2n_lines(budget, client_for):
    client = client_for("bmg")
    urls = [
        reverse("budget:budget_detail", args=[budget.pk]),
        reverse("budget:budget_export_csv", args=[budget.pk]),
        reverse("budget:budget_export_xlsx", args=[budget.pk]),
        reverse("budget:budget_history", args=[budget.pk]),
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    for _ in range(10):
        f.CommitmentLineFactory(budget=budget)
        f.IncomeLineFactory(budget=budget, agency=f.AgencyFactory(board=budget.plan.board))
    assert counts() == before
    # Pinned (includes the session, user, roles and the request savepoints): no query per line.
    assert before == [15, 13, 13, 17]

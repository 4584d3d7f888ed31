"""Downloading the current plan's action plan as XLSX and CSV, in the plan's column layout."""

import datetime

import pytest
from django.urls import reverse

from priorities.models import Action
from priorities.transfer import HEADERS
from tests import factories as f

from .helpers import read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def _rows_by_reference(rows):
    return {r[HEADERS.index("Reference")]: r for r in rows[1:]}


def test_xlsx_has_all_actions_then_a_sheet_per_priority_in_the_plans_columns(world, client_for):
    neglect = f.PriorityFactory(plan=world.plan, title="Neglect", slug="neglect", code="NEG", order=2)
    objective = f.ObjectiveFactory(priority=neglect, order=1, approach_heading="Intervene & Support", what="Audit")
    f.ActionFactory(objective=objective, order=1, reference="NEG-01", timescale="Oct 2014", responsible_leads="MASE")

    response = client_for("board_member").get(reverse("priorities:export_xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="hscb-2014-2016-action-plan.xlsx"'
    sheets = read_xlsx(response.content)
    assert list(sheets) == ["All actions", "Child Sexual Exploitation", "Neglect"]
    assert sheets["All actions"][0] == HEADERS
    assert HEADERS[:8] == [
        "Priority",
        "Strategic Approach",
        "What we will do",
        "How we will do it",
        "Responsible Leads",
        "Evidence of improvement in performance / Expected outcomes",
        "Timescale",
        "RAG",
    ]
    assert [r[HEADERS.index("Reference")] for r in sheets["All actions"][1:]] == ["CSE-01", "CSE-02", "NEG-01"]
    assert [r[8] for r in sheets["Neglect"][1:]] == ["NEG-01"]
    action = world.action
    assert _rows_by_reference(sheets["Child Sexual Exploitation"])["CSE-01"] == [
        "Child Sexual Exploitation",
        "Prevent",
        "Reduce the risks of CSE",
        action.how,
        "Jo Moses",
        "Expected outcome",
        "July 2014 to July 2015",
        "Not started",
        "CSE-01",
        "2014-07-01",
        "2015-07-31",
        "No",
    ]
    assert _rows_by_reference(sheets["Neglect"])["NEG-01"][1] == "Intervene & Support"


def test_csv_has_the_same_columns_and_rows(world, client_for):
    Action.objects.filter(pk=world.other_action.pk).update(
        rag="red", timescale_needs_review=True, start_date=None, due_date=None
    )

    response = client_for("lead").get(reverse("priorities:export_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hscb-2014-2016-action-plan.csv"'
    rows = read_csv(response)
    assert rows[0] == HEADERS
    by_reference = _rows_by_reference(rows)
    assert list(by_reference) == ["CSE-01", "CSE-02"]
    assert by_reference["CSE-02"][4:] == [
        "Kaye Wise",
        "Expected outcome",
        "July 2014 to July 2015",
        "Red",
        "CSE-02",
        "",
        "",
        "Yes",
    ]


def test_formula_like_cells_are_shown_never_run(world, client_for):
    Action.objects.filter(pk=world.action.pk).update(how="=1+1", outcomes="@SUM(A1:A9)", responsible_leads="-Jo")

    sheets = read_xlsx(client_for("bmg").get(reverse("priorities:export_xlsx")).content)
    csv_rows = read_csv(client_for("bmg").get(reverse("priorities:export_csv")))

    for rows in (sheets["All actions"], csv_rows):
        cells = _rows_by_reference(rows)["CSE-01"]
        assert cells[3:6] == ["'=1+1", "'-Jo", "'@SUM(A1:A9)"]


def test_xlsx_formula_cells_are_text_cells(world, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    Action.objects.filter(pk=world.action.pk).update(how='=HYPERLINK("http://example.org")')
    content = client_for("bmg").get(reverse("priorities:export_xlsx")).content
    sheet = load_workbook(BytesIO(content))["All actions"]
    cell = sheet.cell(row=2, column=4)
    assert cell.data_type == "s"
    assert cell.value.startswith("'=HYPERLINK")


def test_another_boards_administrator_downloads_their_own_plan_only(world, client_for):
    sheets = read_xlsx(client_for("other_board_admin").get(reverse("priorities:export_xlsx")).content)
    csv_rows = read_csv(client_for("other_board_admin").get(reverse("priorities:export_csv")))

    for rows in (sheets["All actions"], csv_rows):
        assert [r[8] for r in rows[1:]] == ["NEG-01"]
        assert all(r[0] == "Neglect" for r in rows[1:])
    assert "Child Sexual Exploitation" not in sheets


def test_the_action_lists_filters_narrow_the_download(world, client_for):
    Action.objects.filter(pk=world.other_action.pk).update(rag="amber")

    amber = read_csv(client_for("lead").get(reverse("priorities:export_csv") + "?rag=amber"))
    searched = read_xlsx(client_for("lead").get(reverse("priorities:export_xlsx") + "?q=Kaye").content)
    unfiltered = read_csv(client_for("lead").get(reverse("priorities:export_csv") + "?page=2&sort=reference"))

    assert [r[8] for r in amber[1:]] == ["CSE-02"]
    assert [r[8] for r in searched["All actions"][1:]] == ["CSE-02"]
    assert [r[8] for r in unfiltered[1:]] == ["CSE-01", "CSE-02"]


def test_only_the_current_plan_is_exported(world, client_for):
    old_plan = f.PlanFactory(board=world.board, slug="2012-2014", is_current=False, start_year=2012, end_year=2014)
    old_priority = f.PriorityFactory(plan=old_plan, title="Old priority", slug="old", order=1)
    f.ActionFactory(objective=f.ObjectiveFactory(priority=old_priority, order=1), reference="OLD-01")

    rows = read_csv(client_for("admin").get(reverse("priorities:export_csv")))

    assert [r[8] for r in rows[1:]] == ["CSE-01", "CSE-02"]


def _add_actions(world, n):
    for i in range(n):
        objective = f.ObjectiveFactory(priority=world.priority, order=100 + i + Action.objects.count())
        f.ActionFactory(objective=objective, order=1, start_date=datetime.date(2014, 7, 1))


# Session, user, membership with its board, roles, the plan and the actions, plus the savepoints and session save of a
# request: the same at 5 and at 15 actions.
EXPORT_QUERIES = 11


@pytest.mark.parametrize("url_name", ["priorities:export_xlsx", "priorities:export_csv"])
def test_export_query_count_does_not_grow_with_the_plan(world, client_for, django_assert_num_queries, url_name):
    client = client_for("board_member")
    _add_actions(world, 5)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert len(read_csv_or_xlsx(client.get(reverse(url_name)))) == 1 + 7
    _add_actions(world, 10)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert len(read_csv_or_xlsx(client.get(reverse(url_name)))) == 1 + 17


def read_csv_or_xlsx(response):
    if response["Content-Type"].startswith("text/csv"):
        return read_csv(response)
    return read_xlsx(response.content)["All actions"]

"""`manage.py load_plan`: loaddata compatibility, idempotency, all-or-nothing errors, a second board, history."""

import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plans.models import Agency, Board, BusinessPlan, CoreMeasure, Lead, Quarter, SurveyResult
from priorities.models import Action, Objective, Priority

from .conftest import BARNET

FILES = sorted(path.name for path in BARNET.glob("*.json"))


def load(directory=BARNET):
    out = io.StringIO()
    call_command("load_plan", str(directory), stdout=out)
    return out.getvalue()


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Board,
            Agency,
            Lead,
            BusinessPlan,
            SurveyResult,
            Priority,
            Objective,
            Action,
            CoreMeasure,
            Quarter,
        )
    }


def snapshot(board):
    """Everything of a board's plan as text, to prove a later load did not touch it."""
    actions = Action.objects.filter(objective__priority__plan__board=board).order_by("pk")
    return {
        "board": (board.pk, board.name, board.slug),
        "leads": list(Lead.objects.filter(board=board).order_by("pk").values_list("pk", "name", "kind")),
        "actions": list(actions.values_list("pk", "reference", "how", "timescale", "due_date")),
        "links": list(actions.values_list("pk", "leads__name").order_by("pk", "leads__name")),
    }


@pytest.fixture
def copy_of_barnet(tmp_path):
    def make(edit):
        target = tmp_path / "plan"
        shutil.copytree(BARNET, target)
        records = {name: json.loads((target / name).read_text(encoding="utf-8")) for name in FILES}
        edit(records)
        for name, data in records.items():
            (target / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return target

    return make


def test_loaddata_loads_the_files_into_an_empty_database(db):
    call_command("loaddata", *[str(BARNET / name) for name in FILES], stdout=io.StringIO())
    counts = table_counts()
    assert counts == {
        "Board": 1, "Agency": 10, "Lead": 28, "BusinessPlan": 1, "SurveyResult": 6, "Priority": 4,
        "Objective": 29, "Action": 55, "CoreMeasure": 40, "Quarter": 0,
    }  # fmt: skip
    assert Action.objects.get(reference="CSE-01").leads.count() == 2


def test_load_plan_loads_once_and_twice_is_once(db):
    assert "loaded (10 plans.agency, 1 plans.board" in load()
    first = table_counts()
    assert first["Action"] == 55 and first["Quarter"] == 8
    plan = BusinessPlan.objects.get()
    assert [(q.financial_year, q.number) for q in Quarter.objects.filter(plan=plan).order_by("start_date")][:2] == [
        (2014, 1),
        (2014, 2),
    ]
    history_rows = Action.history.count()

    assert load() == "Barnet Safeguarding Children Board, Business Plan 2014-2016: already loaded; nothing changed.\n"
    assert table_counts() == first
    assert Action.history.count() == history_rows


def test_a_changed_plan_under_the_same_slug_is_refused_and_nothing_changes(db, copy_of_barnet):
    load()
    before = snapshot(Board.objects.get())

    def edit(records):
        records["03_priorities.json"][-1]["fields"]["how"] = "Something else"

    with pytest.raises(
        CommandError, match=r"already has plan '2014-2016' and it differs .*first difference in actions"
    ):
        load(copy_of_barnet(edit))
    assert snapshot(Board.objects.get()) == before


def test_a_broken_file_loads_nothing_and_names_file_record_and_field(db, copy_of_barnet):
    def edit(records):
        lead = next(r for r in records["01_board.json"] if r["model"] == "plans.lead" and r["pk"] == 12)
        lead["fields"]["kind"] = "persn"

    with pytest.raises(CommandError) as error:
        load(copy_of_barnet(edit))
    assert str(error.value) == (
        'Nothing was loaded. 01_board.json: plans.lead pk=12 field "kind": "persn" is not a valid choice'
    )
    assert set(table_counts().values()) == {0}


def test_an_error_in_the_last_file_rolls_back_the_earlier_ones(db, copy_of_barnet):
    def edit(records):
        records["04_core_business.json"][-1]["fields"]["core_priority"] = 99

    with pytest.raises(
        CommandError,
        match=r'04_core_business.json: plans.coreoutcome pk=14 field "core_priority": '
        r"refers to plans.corepriority pk=99, which is not in the plan directory",
    ):
        load(copy_of_barnet(edit))
    assert set(table_counts().values()) == {0}
    assert Action.history.count() == 0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda r: r["03_priorities.json"][0]["fields"].update(colour="red"),
            '03_priorities.json: priorities.priority pk=1 field "colour": priorities.priority has no such field',
        ),
        (
            lambda r: r["03_priorities.json"][-1]["fields"].update(timescale=""),
            '03_priorities.json: priorities.action pk=55 field "timescale": This field cannot be blank.',
        ),
        (
            lambda r: r["03_priorities.json"][10]["fields"].update(stages=["protect"]),
            '03_priorities.json: priorities.objective pk=7 field "stages": '
            "no priorities.strategicstage with pk protect",
        ),
        (
            lambda r: r["02_plan.json"].append({"model": "accounts.membership", "pk": 1, "fields": {}}),
            "02_plan.json: accounts.membership pk=1: this model does not belong in a plan",
        ),
    ],
)
def test_errors_name_the_record_and_field(db, copy_of_barnet, edit, message):
    with pytest.raises(CommandError) as error:
        load(copy_of_barnet(edit))
    assert message in str(error.value)
    assert set(table_counts().values()) == {0}


def test_a_file_that_is_not_json_is_named(db, copy_of_barnet):
    target = copy_of_barnet(lambda records: None)
    (target / "02_plan.json").write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match=r"02_plan.json: not valid JSON"):
        load(target)
    assert set(table_counts().values()) == {0}


def test_a_second_board_loads_beside_the_first_without_touching_it(db, copy_of_barnet):
    load()
    barnet = Board.objects.get(slug="barnet")
    before = snapshot(barnet)

    def edit(records):
        board = records["01_board.json"][0]["fields"]
        board.update(slug="enfield", name="Enfield Safeguarding Children Board", short_name="ESCB")

    assert "loaded" in load(copy_of_barnet(edit))
    enfield = Board.objects.get(slug="enfield")
    assert snapshot(barnet) == before
    assert Action.objects.filter(objective__priority__plan__board=enfield).count() == 55
    assert Action.objects.filter(objective__priority__plan__board=barnet).count() == 55
    assert Lead.objects.filter(board=enfield).count() == 28
    # Every link of the new board's actions stays inside the new board.
    linked_boards = set(
        Action.objects.filter(objective__priority__plan__board=enfield).values_list("leads__board__slug", flat=True)
    )
    assert linked_boards == {"enfield"}
    mase = Lead.objects.get(board=enfield, name="MASE")
    assert set(mase.members.values_list("board__slug", flat=True)) == {"enfield"}
    assert Quarter.objects.filter(plan__board=enfield).count() == 8


def test_a_second_plan_period_of_the_same_board_reuses_its_leads(db, copy_of_barnet):
    load()

    def edit(records):
        plan = records["02_plan.json"][0]["fields"]
        plan.update(slug="2016-2018", title="Business Plan 2016-2018", period="2016-2018", start_year=2016,
                    end_year=2018, is_current=False)  # fmt: skip

    load(copy_of_barnet(edit))
    assert Board.objects.count() == 1 and Lead.objects.count() == 28 and Agency.objects.count() == 10
    new_plan = BusinessPlan.objects.get(slug="2016-2018")
    jo = Lead.objects.get(name="Jo Moses")
    assert jo.actions.filter(objective__priority__plan=new_plan).count() == jo.actions.count() // 2
    assert Quarter.objects.count() == 16


def test_history_baseline_for_every_loaded_object(db):
    load()
    for model in (Board, Agency, Lead, BusinessPlan, Priority, Objective, Action, CoreMeasure):
        rows = model.history.all()
        assert rows.count() == model.objects.count(), model.__name__
        assert set(rows.values_list("history_type", flat=True)) == {"+"}
    baseline = Action.objects.get(reference="CSE-05").history.get()
    assert baseline.history_change_reason == "Loaded from barnet-2014-2016"
    # The baseline holds the many-to-many links as loaded, so a later change of leads has a "before".
    assert sorted(baseline.leads.values_list("lead__name", flat=True)) == [
        "Jo Moses", "MASE", "Mari Martin", "YOS", "Zainab Bundu",
    ]  # fmt: skip
    assert sorted(Lead.objects.get(name="Jo Moses").history.get().groups.values_list("to_lead__name", flat=True)) == [
        "LA Social Care",
        "MASE",
    ]
    assert list(Objective.objects.get(priority__code="DA", order=5).history.get().stages.values_list(
        "strategicstage_id", flat=True).order_by("strategicstage_id")) == ["intervene", "support"]  # fmt: skip


def test_the_folder_is_found_from_any_working_directory_and_a_missing_one_is_named(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "loaded" in load("fixtures/barnet-2014-2016")
    with pytest.raises(CommandError, match="No folder fixtures/nowhere"):
        load("fixtures/nowhere")

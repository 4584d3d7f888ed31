"""Django admin of the plan for board administrators: their own board only, edits recorded, updates read-only."""

import pytest

from plans.models import Lead
from priorities.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin(world, client_for):
    user = world.users["admin"]
    user.is_staff = True
    user.save()
    return client_for("admin")


def test_every_model_of_plans_and_priorities_is_in_the_admin(staff_admin):
    html = staff_admin.get("/admin/").content.decode()
    for path in (
        "plans/board",
        "plans/agency",
        "plans/businessplan",
        "plans/lead",
        "plans/corepriority",
        "plans/coremeasure",
        "plans/coreoutcome",
        "plans/surveyresult",
        "priorities/priority",
        "priorities/objective",
        "priorities/action",
        "priorities/statusupdate",
    ):
        assert f"/admin/{path}/" in html, path


def test_admin_lists_only_the_boards_own_rows_and_searches(world, staff_admin):
    html = staff_admin.get("/admin/priorities/action/").content.decode()
    assert "CSE-01" in html and "NEG-01" not in html
    assert "Other Safeguarding" not in html  # no other board's plan in the filters
    html = staff_admin.get("/admin/priorities/action/?q=CSE-02").content.decode()
    assert "CSE-02" in html and "CSE-01" not in html
    assert staff_admin.get(f"/admin/priorities/action/{world.other_board_action.pk}/change/").status_code == 404


def test_an_admin_edit_is_recorded_with_who_and_when(world, staff_admin):
    response = staff_admin.get(f"/admin/priorities/action/{world.action.pk}/change/")
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["timescale"] = "Oct 2014"
    data["leads"] = [world.lead_person.pk]
    response = staff_admin.post(f"/admin/priorities/action/{world.action.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = Action.history.filter(id=world.action.pk).latest("history_date")
    assert latest.timescale == "Oct 2014"
    assert latest.history_user == world.users["admin"]


def test_lead_choices_in_the_admin_are_the_boards_own(world, staff_admin):
    Lead.objects.create(board=world.other_board, name="Someone Elsewhere", kind=Lead.Kind.PERSON)
    html = staff_admin.get(f"/admin/priorities/action/{world.action.pk}/change/").content.decode()
    assert "Jo Moses" in html and "Someone Elsewhere" not in html


def test_status_updates_are_read_only_in_the_admin(staff_admin):
    html = staff_admin.get("/admin/priorities/statusupdate/").content.decode()
    assert "/admin/priorities/statusupdate/add/" not in html
    assert staff_admin.get("/admin/priorities/statusupdate/add/").status_code == 403

"""The Django admin never lets one board's administrator reach another board's rows (issue 12, findings 1 and 2).

Every reproduction of the penetration test is here: history and revert across boards, choices of every form and
inline, saves with another board's ids, the "view on site" shortcut and the list filters. Both boards of the world
hold one row of every model the admin shows (tests/admin_world.py), so that each check has something to leak.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.forms import ModelChoiceField
from django.test import RequestFactory

from accounts.admin_base import BoardScopedAdminMixin, board_path_for, is_board_administrator
from plans.models import Agency, Board, BusinessPlan, Lead
from priorities.models import Action, StatusUpdate
from reporting.models import Indicator
from tests.admin_world import admin_object, every_admin_object
from tests.security.helpers import changed_tables, database_fingerprint

pytestmark = pytest.mark.django_db

OTHER_MARKERS = ["Other Safeguarding Children Board", "OSCB", "(other)", "Ola Other", "otherboardlead", "NEG-01"]


@pytest.fixture
def both_boards(world):
    every_admin_object(world, "home")
    every_admin_object(world, "other")
    return world


def _request(user, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def _choice_fields(model_admin, request, obj):
    form = model_admin.get_form(request, obj)
    for name, field in form.base_fields.items():
        if isinstance(field, ModelChoiceField):
            yield f"{type(model_admin).__name__}.{name}", field
    for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
        for name, field in formset.form.base_fields.items():
            if isinstance(field, ModelChoiceField):
                yield f"{type(inline).__name__}.{name}", field


def test_every_choice_of_every_admin_form_and_inline_is_of_the_administrators_board(both_boards):
    """Walks every add and change form (and their inlines) as the home board's administrator."""
    world = both_boards
    request = _request(world.users["admin"])
    checked, could_leak = 0, 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(request):
            continue
        home_object = admin_object(world, model._meta.label_lower, "home")
        for obj in (None, home_object):
            if obj is None and not model_admin.has_add_permission(request):
                continue
            for name, field in _choice_fields(model_admin, request, obj):
                path = board_path_for(field.queryset.model)
                if path is None:
                    continue  # rows every board shares (roles, strategic stages)
                board = world.board.pk if path in ("pk", "id") else world.board
                unscoped = field.queryset.model._default_manager.exclude(**{path: board})
                could_leak += unscoped.exists()
                leaked = list(field.queryset.exclude(**{path: board})[:5])
                assert not leaked, f"{name} offers another board's rows: {leaked}"
                checked += 1
    assert checked >= 40, checked
    assert could_leak >= 30, could_leak  # the other board really has rows of the related models to offer


def test_every_changelist_and_form_names_nothing_of_the_other_board(both_boards, client_for):
    client = client_for("admin")
    request = _request(both_boards.users["admin"])
    pages = 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(request):
            continue
        info = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
        home_object = admin_object(both_boards, model._meta.label_lower, "home")
        urls = [f"{info}/", f"{info}/{home_object.pk}/change/"]
        if model_admin.has_add_permission(request):
            urls.append(f"{info}/add/")
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            for marker in OTHER_MARKERS:
                assert marker not in html, f"{url} shows {marker!r}"
            pages += 1
    assert pages >= 60


def test_another_boards_history_and_history_forms_are_not_found(both_boards, client_for):
    client = client_for("other_board_admin")
    for label in ["plans.board", "plans.businessplan", "priorities.action", "budget.budget", "plans.lead"]:
        obj = admin_object(both_boards, label, "home")
        app, model = label.split(".")
        version = obj.history.order_by("-history_id").first().history_id
        assert client.get(f"/admin/{app}/{model}/{obj.pk}/history/").status_code == 404, label
        assert client.get(f"/admin/{app}/{model}/{obj.pk}/history/{version}/").status_code == 404, label


def test_revert_of_another_boards_plan_into_ones_own_board_is_refused(both_boards, client_for):
    plan = both_boards.plan
    version = plan.history.order_by("-history_id").first().history_id
    data = {"board": both_boards.other_board.pk, "title": "Taken", "slug": plan.slug, "period": plan.period}
    response = client_for("other_board_admin").post(f"/admin/plans/businessplan/{plan.pk}/history/{version}/", data)
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.board_id == both_boards.board.pk and plan.title != "Taken"


def test_revert_is_switched_off_even_on_ones_own_board(both_boards, client_for):
    board = both_boards.board
    version = board.history.order_by("-history_id").first().history_id
    client = client_for("admin")
    page = client.get(f"/admin/plans/board/{board.pk}/history/{version}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Revert" not in html  # a past version is read, not edited
    assert re.search(r'<input[^>]*name="name"[^>]*disabled', html)
    response = client.post(f"/admin/plans/board/{board.pk}/history/{version}/", {"name": "Renamed", "slug": "x"})
    assert response.status_code == 403
    board.refresh_from_db()
    assert board.name == "Home Safeguarding Children Board"


def test_history_of_a_deleted_row_is_shown_to_its_own_board_only(both_boards, client_for):
    agency = Agency.objects.create(board=both_boards.board, name="Closed Youth Service", sector="Voluntary")
    pk = agency.pk
    agency.delete()
    assert client_for("admin").get(f"/admin/plans/agency/{pk}/history/").status_code == 200
    assert client_for("other_board_admin").get(f"/admin/plans/agency/{pk}/history/").status_code == 404


@pytest.mark.parametrize(
    "url_of, data_of",
    [
        # Moving a plan into another board.
        (lambda w: f"/admin/plans/businessplan/{w.plan.pk}/change/", lambda w: {"board": w.other_board.pk}),
        # Linking a lead to another board's account (whose person would then get this board's reminders).
        (
            lambda w: f"/admin/plans/lead/{w.lead_person.pk}/change/",
            lambda w: {"user": admin_object(w, "auth.user", "other").pk},
        ),
        # An indicator of another board's plan (the other board's dashboard would show it).
        (lambda w: "/admin/reporting/indicator/add/", lambda w: {"plan": w.other_plan.pk}),
        # A Section 11 cycle for another board.
        (lambda w: "/admin/audits/auditcycle/add/", lambda w: {"board": w.other_board.pk, "plan": w.plan.pk}),
        # Budget monitoring of another board's commitment line.
        (
            lambda w: "/admin/budget/commitmentmonitoring/add/",
            lambda w: {
                "line": admin_object(w, "budget.budget", "other").commitment_lines.first().pk,
                "quarter": w.quarters[0].pk,
            },
        ),
        # An action moved into another board's objective.
        (
            lambda w: f"/admin/priorities/action/{w.action.pk}/change/",
            lambda w: {"objective": w.other_board_action.objective_id},
        ),
    ],
    ids=[
        "plan-into-other-board",
        "lead-to-other-account",
        "indicator-on-other-plan",
        "cycle-of-other-board",
        "monitoring-of-other-line",
        "action-into-other-objective",
    ],
)
def test_saving_with_another_boards_ids_is_a_validation_error_that_changes_nothing(
    both_boards, client_for, url_of, data_of
):
    client = client_for("admin")
    before = database_fingerprint()
    response = client.post(url_of(both_boards), data_of(both_boards))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert changed_tables(before, database_fingerprint()) == []


def test_a_return_cannot_be_added_or_moved_in_the_admin(both_boards, client_for):
    client = client_for("admin")
    assert client.get("/admin/audits/agencyreturn/add/").status_code == 403
    agency_return = admin_object(both_boards, "audits.agencyreturn", "home")
    other_cycle = admin_object(both_boards, "audits.auditcycle", "other")
    response = client.post(f"/admin/audits/agencyreturn/{agency_return.pk}/change/", {"cycle": other_cycle.pk})
    assert response.status_code == 403
    agency_return.refresh_from_db()
    assert agency_return.cycle_id != other_cycle.pk


def test_save_model_refuses_a_row_of_another_board_whatever_the_form(both_boards):
    request = _request(both_boards.users["admin"])
    model_admin = admin.site._registry[Action]
    other_action = both_boards.other_board_action
    with pytest.raises(PermissionDenied):
        model_admin.save_model(request, other_action, form=None, change=True)
    indicator = Indicator(plan=both_boards.other_plan, order=9, name="Smuggled", good_direction="lower")
    with pytest.raises(PermissionDenied):
        admin.site._registry[Indicator].save_model(request, indicator, form=None, change=False)
    assert not Indicator.objects.filter(name="Smuggled").exists()


def test_object_level_permissions_check_the_board(both_boards):
    request = _request(both_boards.users["admin"])
    for model in (Board, BusinessPlan, Action, Lead):
        model_admin = admin.site._registry[model]
        other = admin_object(both_boards, model._meta.label_lower, "other")
        assert not model_admin.has_view_permission(request, other), model
        assert not model_admin.has_change_permission(request, other), model
        assert not model_admin.has_delete_permission(request, other), model
    own = admin.site._registry[Action]
    assert own.has_change_permission(request, both_boards.action)


def test_view_on_site_never_reveals_another_boards_row(both_boards, client_for):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Action)
    url = f"/admin/r/{content_type.pk}/{both_boards.action.pk}/"
    assert client_for("other_board_admin").get(url).status_code == 404


def test_an_app_the_administrator_has_nothing_of_is_forbidden_not_missing(both_boards, client_for):
    assert client_for("admin").get("/admin/axes/").status_code == 403
    assert client_for("platform_admin").get("/admin/axes/").status_code == 200


def test_the_role_not_staff_status_admits_to_the_admin(both_boards, client_for):
    user = both_boards.users["admin"]
    assert not user.is_staff and is_board_administrator(user)
    assert client_for("admin").get("/admin/").status_code == 200
    staff_lead = both_boards.users["lead"]
    get_user_model().objects.filter(pk=staff_lead.pk).update(is_staff=True)
    assert client_for("lead").get("/admin/").status_code == 403


def test_status_update_admin_lists_only_own_board(both_boards, client_for):
    home = admin_object(both_boards, "priorities.statusupdate", "home")
    other = admin_object(both_boards, "priorities.statusupdate", "other")
    html = client_for("admin").get("/admin/priorities/statusupdate/").content.decode()
    assert f"/admin/priorities/statusupdate/{home.pk}/change/" in html
    assert f"/admin/priorities/statusupdate/{other.pk}/change/" not in html
    assert StatusUpdate.objects.count() >= 2


def test_every_board_scoped_admin_has_a_path_to_the_board():
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, BoardScopedAdminMixin):
            path = model_admin.board_path
            assert path == "pk" or model._meta.label == "auth.User" or path.endswith("board"), (model, path)


def test_autocomplete_offers_only_the_administrators_own_accounts(both_boards, client_for):
    url = "/admin/autocomplete/?app_label=plans&model_name=lead&field_name=user&term="
    ids = {int(item["id"]) for item in client_for("admin").get(url).json()["results"]}
    home_users = set(get_user_model().objects.filter(memberships__board=both_boards.board).values_list("pk", flat=True))
    assert ids and ids <= home_users
    assert admin_object(both_boards, "auth.user", "other").pk not in ids
    assert both_boards.users["platform_admin"].pk not in ids

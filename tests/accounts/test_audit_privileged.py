"""The audit log records privileged actions with their actor and their board, and never loses or rewrites a row.

- Deleting a user who acted is refused (PROTECT) on every database: no audit row is rewritten (SQLite used to set
  their rows' user to NULL) and PostgreSQL's append-only trigger is never reached (it used to answer 500).
- Role, membership, account-status and password changes (accounts.audit_signals), admin additions, changes and
  deletions (accounts.audit.record_admin_action, called by the admin mixin), plan imports and quarter closes and
  reopenings each write one event naming the actor (`username` at the time), the board and what was done.
"""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import ProtectedError
from django.forms import CheckboxInput, MultiWidget
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts import audit
from accounts.audit import record_admin_action, record_event
from accounts.models import AuditEvent, Membership
from accounts.roles import Role
from plans.models import Agency
from tests import factories as f
from tests.factories import PASSWORD
from tests.transfer.helpers import import_data, row, xlsx_bytes
from tests.transfer.import_jobs import run_import_tasks

pytestmark = pytest.mark.django_db

Kind = AuditEvent.Kind
NEW_PASSWORD = "a-new-long-passphrase-2026"


@pytest.fixture(autouse=True)
def _since_world(world):
    """Building the world records its own role, membership and password events (by the system): tests look only at
    the events after it."""
    global _START
    _START = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


_START = 0


def _rows():
    """Every audit row, every column: what must never change."""
    return list(AuditEvent.objects.order_by("pk").values())


def _sign_in(username, password=PASSWORD):
    client = Client()
    response = client.post(reverse("accounts:sign_in"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _events(kind, **lookup):
    return list(AuditEvent.objects.filter(pk__gt=_START, kind=kind, **lookup).order_by("pk"))


def _only(kind, **lookup):
    events = _events(kind, **lookup)
    assert len(events) == 1, [(e.kind, e.username, e.detail) for e in AuditEvent.objects.filter(pk__gt=_START)]
    return events[0]


def _form_data(response) -> dict:
    """What a browser posts back from an admin change page left as it is: the main form, then every inline formset's
    management form and forms."""
    context = response.context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            if bound.field.disabled:
                continue
            value, widget, name = bound.value(), bound.field.widget, bound.html_name
            if isinstance(widget, MultiWidget):
                parts = value if isinstance(value, list | tuple) else widget.decompress(value)
                data.update({f"{name}_{i}": part for i, part in enumerate(parts) if part is not None})
            elif isinstance(widget, CheckboxInput):
                if value:
                    data[name] = "on"
            elif isinstance(value, list | tuple):
                data[name] = [str(v) for v in value]
            elif value is not None:
                data[name] = value
    return data


def _change_user(client, user, **changes):
    """Open a user's admin change page, change some fields, post it; the admin answers with a redirect."""
    url = f"/admin/auth/user/{user.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = {**_form_data(page), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def _group(role):
    return Group.objects.get(name=str(role))


# --- A: deleting a user never rewrites the audit log ----------------------------------------------------------------


def test_deleting_a_user_who_signed_in_is_refused_and_no_audit_row_changes(world):
    lead = world.users["lead"]
    _sign_in("lead")
    assert AuditEvent.objects.filter(user=lead, kind=Kind.SIGN_IN).exists()
    before = _rows()

    with pytest.raises(ProtectedError), transaction.atomic():
        lead.delete()

    assert get_user_model().objects.filter(pk=lead.pk).exists()
    assert _rows() == before


def test_the_platform_operator_deleting_such_a_user_in_the_admin_sees_the_protected_page_not_a_500(world, client_for):
    lead = world.users["lead"]
    _sign_in("lead")
    before = _rows()
    client = client_for("platform_admin")
    url = f"/admin/auth/user/{lead.pk}/delete/"

    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    # Django's refusal page: the audit events are protected, and no one may delete audit events.
    assert "Cannot delete user" in text and "audit event" in text
    response = client.post(url, {"post": "yes"})

    assert response.status_code == 200  # the same page again: nothing deleted
    assert get_user_model().objects.filter(pk=lead.pk).exists()
    assert [row for row in _rows() if row["id"] <= before[-1]["id"]] == before


def test_every_event_keeps_the_actors_name_as_it_was(world, client_for):
    lead = world.users["lead"]
    _sign_in("lead")
    client_for("admin").post(f"/admin/auth/user/{lead.pk}/password/", _password_data())
    lead.username = "renamed.lead"
    lead.save()

    signed_in = _only(Kind.SIGN_IN, user=lead)
    assert signed_in.username == "lead"
    for event in AuditEvent.objects.filter(user__isnull=False).select_related("user"):
        assert event.username, event.detail
    assert _only(Kind.PASSWORD_RESET, user=world.users["admin"]).username == "admin"


# --- B: roles and membership ---------------------------------------------------------------------------------------


def test_a_board_administrator_giving_a_role_in_the_admin_records_a_role_change(world, client_for):
    bmg = world.users["bmg"]
    groups = [str(g.pk) for g in bmg.groups.all()] + [str(_group(Role.LEAD).pk)]

    _change_user(client_for("admin"), bmg, groups=groups)

    event = _only(Kind.ROLE_CHANGE, user=world.users["admin"])
    assert (event.username, event.board, event.path) == ("admin", world.board, f"/admin/auth/user/{bmg.pk}/change/")
    assert event.detail == "Roles of bmg: added Lead"
    assert not _events(Kind.MEMBERSHIP_CHANGE, user=world.users["admin"])  # the inline was left as it was


def test_the_platform_operator_removing_a_role_records_it_for_the_accounts_board(world, client_for):
    lead = world.users["lead"]

    _change_user(client_for("platform_admin"), lead, groups=[])

    event = _only(Kind.ROLE_CHANGE, user=world.users["platform_admin"])
    assert (event.username, event.board, event.detail) == ("platform", world.board, "Roles of lead: removed Lead")


def test_granting_superuser_status_is_a_role_change(world, client_for):
    _change_user(client_for("platform_admin"), world.users["bmg"], is_superuser="on")

    event = _only(Kind.ROLE_CHANGE, user=world.users["platform_admin"])
    assert (event.board, event.detail) == (world.board, "Superuser status of bmg granted")


def test_a_role_change_outside_a_request_is_recorded_as_the_systems(world):
    lead = world.users["lead"]
    lead.groups.add(_group(Role.BMG_MEMBER))
    _group(Role.BOARD_MEMBER).user_set.add(lead)
    lead.groups.clear()

    events = [(e.user, e.username, e.board, e.detail) for e in _events(Kind.ROLE_CHANGE, detail__contains="of lead")]
    assert events == [
        (None, "", world.board, "Roles of lead: added Business Management Group member (by the system)"),
        (None, "", world.board, "Roles of lead: added Board member (by the system)"),
        (
            None,
            "",
            world.board,
            "Roles of lead: removed Board member, Business Management Group member, Lead (by the system)",
        ),
    ]


def test_changing_a_membership_in_the_admin_records_what_changed(world, client_for):
    """The membership inline is the platform operator's (board administrators are not offered it)."""
    contact = world.users["agency_contact"]

    _change_user(
        client_for("platform_admin"),
        contact,
        **{"memberships-0-agency": str(world.other_agency.pk), "memberships-0-job_title": "Safeguarding lead"},
    )

    event = _only(Kind.MEMBERSHIP_CHANGE, user=world.users["platform_admin"])
    assert (event.username, event.board) == ("platform", world.board)
    assert event.detail == (
        "Membership of contact changed: agency Home Borough Council → Home Police; job title “” → “Safeguarding lead”"
    )
    assert Membership.objects.get(user=contact).job_title == "Safeguarding lead"


def test_moving_an_account_to_another_board_is_recorded_on_the_new_board(world, client_for):
    bmg = world.users["bmg"]

    _change_user(client_for("platform_admin"), bmg, **{"memberships-0-board": str(world.other_board.pk)})

    event = _only(Kind.MEMBERSHIP_CHANGE, user=world.users["platform_admin"])
    assert (event.board, event.detail) == (world.other_board, "Membership of bmg changed: board HSCB → OSCB")


def test_a_new_membership_is_recorded_on_its_board(world):
    user = f.UserFactory(username="newcomer")
    Membership.objects.create(user=user, board=world.other_board, job_title="Analyst")

    event = _only(Kind.MEMBERSHIP_CHANGE, detail__contains="newcomer")
    assert (event.user, event.board) == (None, world.other_board)
    assert event.detail == "Membership of newcomer created: board OSCB, job title “Analyst” (by the system)"


def test_deactivating_an_account_is_recorded(world, client_for):
    lead = world.users["lead"]

    _change_user(client_for("admin"), lead, is_active="")

    event = _only(Kind.ACCOUNT_STATUS, user=world.users["admin"])
    assert (event.board, event.detail) == (world.board, "Account of lead deactivated")


# --- B: passwords --------------------------------------------------------------------------------------------------


def _password_data(password=NEW_PASSWORD):
    return {"password1": password, "password2": password, "usable_password": "true"}


def test_a_board_administrator_resetting_a_password_records_a_password_reset(world, client_for):
    lead = world.users["lead"]

    response = client_for("admin").post(f"/admin/auth/user/{lead.pk}/password/", _password_data())

    assert response.status_code == 302
    event = _only(Kind.PASSWORD_RESET)
    assert (event.user, event.username, event.board) == (world.users["admin"], "admin", world.board)
    assert event.detail == "Password of lead reset"
    assert not _events(Kind.PASSWORD_CHANGE)


def test_changing_ones_own_password_records_a_password_change(world):
    client = _sign_in("lead")

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    event = _only(Kind.PASSWORD_CHANGE)
    assert (event.user, event.username, event.board) == (world.users["lead"], "lead", world.board)
    assert event.detail == "lead changed their own password"
    assert not _events(Kind.PASSWORD_RESET)


def test_a_password_rehashed_at_sign_in_is_not_a_password_change(world):
    """Django re-hashes an outdated hash (here: a short salt) when someone signs in; the password is the same."""
    lead = world.users["lead"]
    get_user_model().objects.filter(pk=lead.pk).update(password=make_password(PASSWORD, salt="short"))

    _sign_in("lead")

    lead.refresh_from_db()
    assert "$short$" not in lead.password  # it was re-hashed
    assert not _events(Kind.PASSWORD_RESET) and not _events(Kind.PASSWORD_CHANGE)


# --- B: admin additions, changes and deletions (over HTTP: proves the admin mixin's wiring) -------------------------


def test_the_admin_records_additions_changes_and_deletions_with_each_objects_board(world, client_for):
    platform, admin = client_for("platform_admin"), client_for("admin")

    response = platform.post(
        "/admin/plans/agency/add/", {"board": world.other_board.pk, "name": "Other Health", "sector": "Health"}
    )
    assert response.status_code == 302
    added = Agency.objects.get(name="Other Health")
    response = admin.post(
        f"/admin/plans/agency/{world.other_agency.pk}/change/",
        {"board": world.board.pk, "name": "Home Police Service", "short_name": "", "sector": "Police"},
    )
    assert response.status_code == 302
    spare = Agency.objects.create(board=world.board, name="Spare agency")
    response = platform.post(
        "/admin/plans/agency/", {"action": "delete_selected", "_selected_action": [spare.pk, added.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Agency.objects.filter(pk__in=[spare.pk, added.pk]).exists()

    event = _only(Kind.ADMIN_ADD)
    assert (event.username, event.board) == ("platform", world.other_board)
    assert event.detail.startswith(f"Added plans.Agency {added.pk} “Other Health”")
    event = _only(Kind.ADMIN_CHANGE)
    assert (event.username, event.board) == ("admin", world.board)
    assert event.detail == f"Changed plans.Agency {world.other_agency.pk} “Home Police Service”: Changed Name."
    deletions = [(e.username, e.board, e.detail) for e in _events(Kind.ADMIN_DELETE)]
    assert sorted(deletions, key=lambda d: d[2]) == [
        ("platform", world.other_board, f"Deleted plans.Agency {added.pk} “Other Health”"),
        ("platform", world.board, f"Deleted plans.Agency {spare.pk} “Spare agency”"),
    ]


def test_a_password_reset_in_the_admin_is_also_an_admin_change(world, client_for):
    lead = world.users["lead"]
    client_for("admin").post(f"/admin/auth/user/{lead.pk}/password/", _password_data())

    event = _only(Kind.ADMIN_CHANGE)
    assert (event.username, event.board) == ("admin", world.board)
    assert event.detail.startswith(f"Changed auth.User {lead.pk} “lead”")


# --- record_admin_action, the function the admin mixin calls ------------------------------------------------------


def _admin_request(user, path="/admin/somewhere/"):
    request = RequestFactory().post(path)
    request.user = user
    return request


def test_record_admin_action_names_model_id_representation_and_message(world):
    request = _admin_request(world.users["admin"])
    agency = Agency.objects.create(board=world.board, name="x" * 200)  # a long representation is cut short

    (event,) = record_admin_action(request, agency, CHANGE, [{"changed": {"fields": ["Name"]}}])

    assert (event.kind, event.user, event.username, event.board) == (
        Kind.ADMIN_CHANGE,
        world.users["admin"],
        "admin",
        world.board,
    )
    assert event.path == "/admin/somewhere/"
    assert event.detail == f"Changed plans.Agency {agency.pk} “{'x' * (audit.REPR_LENGTH - 1)}…”: Changed Name."


def test_record_admin_action_gives_each_object_its_own_board(world):
    request = _admin_request(world.users["platform_admin"])
    objects = [world.action, world.other_board_action]

    events = record_admin_action(request, objects, DELETION)

    assert [(e.kind, e.board, e.username) for e in events] == [
        (Kind.ADMIN_DELETE, world.board, "platform"),
        (Kind.ADMIN_DELETE, world.other_board, "platform"),
    ]


def test_record_admin_action_takes_a_board_or_a_function_finding_it(world):
    request = _admin_request(world.users["platform_admin"])
    group = _group(Role.LEAD)  # shared by every board: no board of its own

    (no_board,) = record_admin_action(request, group, ADDITION, "Added.")
    (given,) = record_admin_action(request, group, CHANGE, "", board=world.other_board)
    (found,) = record_admin_action(request, group, CHANGE, "", board=lambda obj: world.board.pk)

    assert (no_board.board, given.board, found.board) == (None, world.other_board, world.board)
    assert no_board.detail == f"Added auth.Group {group.pk} “Lead”: Added."


def test_deleting_a_board_is_recorded_without_holding_on_to_the_board(world):
    board = f.BoardFactory(name="Mistaken board", short_name="MB", slug="mistake")

    (event,) = record_admin_action(_admin_request(world.users["platform_admin"]), board, DELETION)
    board.delete()  # the event does not protect it

    assert event.board is None and "Mistaken board" in event.detail


# --- B: imports and quarters ---------------------------------------------------------------------------------------


def test_an_import_is_recorded_with_the_plan_and_its_counts(world, client_for):
    content = xlsx_bytes([row(), row(how="Second action", reference="NEG-02")])

    response = client_for("admin").post(reverse("onboarding:plan_import"), import_data(content))
    assert response.status_code == 302
    run_import_tasks()  # the import runs on the task queue: the event is written with the plan

    event = _only(Kind.IMPORT)
    assert (event.user, event.username, event.board) == (world.users["admin"], "admin", world.board)
    # Where the upload came from, although the worker that imported it had no request.
    assert (event.ip_address, event.path) == ("127.0.0.1", reverse("onboarding:plan_import"))
    assert "Imported plan Business Plan 2016-2018" in event.detail
    assert "1 priorities, 1 objectives, 2 actions" in event.detail and "from plan.xlsx" in event.detail


def test_closing_and_reopening_a_quarter_are_recorded_with_the_reason(world, client_for):
    quarter = world.open_quarter
    client = client_for("admin")

    assert client.post(reverse("reporting:quarter_close", kwargs={"pk": quarter.pk})).status_code == 302
    response = client.post(
        reverse("reporting:quarter_reopen", kwargs={"pk": quarter.pk}), {"reason": "The police update came late"}
    )
    assert response.status_code == 302

    closed, reopened = _only(Kind.QUARTER_CLOSE), _only(Kind.QUARTER_REOPEN)
    for event in (closed, reopened):
        assert (event.user, event.username, event.board) == (world.users["admin"], "admin", world.board)
    assert closed.detail.startswith(f"{world.plan.title}: {quarter.label} closed; 2 actions frozen")
    assert reopened.detail == f"{world.plan.title}: {quarter.label} reopened. Reason: The police update came late"


# --- B: one board's events never carry another board --------------------------------------------------------------


def test_events_of_one_board_never_carry_another_board(world, client_for):
    other_user = f.UserFactory(username="oscb.member", roles=[Role.BMG_MEMBER])
    f.MembershipFactory(user=other_user, board=world.other_board)
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    sides = [
        ("admin", world.users["bmg"], world.open_quarter, world.board),
        ("other_board_admin", other_user, world.other_plan.quarters.get(state="open"), world.other_board),
    ]
    for persona, member, quarter, _board in sides:
        client = client_for(persona)
        _change_user(client, member, groups=[str(_group(Role.LEAD).pk)])
        client.post(f"/admin/auth/user/{member.pk}/password/", _password_data())
        client.post(reverse("reporting:quarter_close", kwargs={"pk": quarter.pk}))
        client.post(reverse("onboarding:plan_import"), import_data(xlsx_bytes([row()])))
    run_import_tasks()  # the imports

    events = list(AuditEvent.objects.filter(pk__gt=start).select_related("user"))
    for persona, member, _quarter, board in sides:
        actor = world.users[persona]
        mine = [e for e in events if e.user == actor]
        kinds = {e.kind for e in mine}
        assert {
            Kind.ROLE_CHANGE,
            Kind.PASSWORD_RESET,
            Kind.QUARTER_CLOSE,
            Kind.IMPORT,
            Kind.SIGN_IN,
        } <= kinds
        assert all(e.board == board for e in mine), [(e.kind, e.board, e.detail) for e in mine]
        about_member = [e for e in events if f" {member.username}:" in e.detail or f" {member.username} " in e.detail]
        assert about_member and all(e.board == board for e in about_member)


# --- the request context -------------------------------------------------------------------------------------------


def test_the_actor_is_forgotten_when_the_request_ends(world, client_for):
    client_for("admin").get(reverse("home"))
    assert audit.current_request() is None

    event = record_event(kind=Kind.CHANGE, detail="from a management command")
    assert (event.user, event.username, event.board, event.path) == (None, "", None, "")

"""Permission cases for the Django admin: every URL of every registered ModelAdmin, and the site's own URLs.

Object URLs use a row of the home board (tests/admin_world.py), so another board's administrator must get 404;
people of the board without the administrator role get 403; the platform operator (superuser) reaches everything.
What each admin allows is written out below, not read from the admins themselves, so that a change of an admin's
permissions fails here until this table is changed with it.
"""

from dataclasses import replace

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tests.admin_world import admin_object

from .case import Case

HOME_ADMINS = frozenset({"admin", "platform_admin"})  # for a row of the home board
ANY_ADMIN = frozenset({"admin", "other_board_admin", "platform_admin"})  # lists and add forms: each their own board
PLATFORM = frozenset({"platform_admin"})
NOBODY = frozenset()

# label: (who lists and views, who adds, who changes, who deletes). "board": a board administrator of the row's board
# and the platform operator; "shared": rows every board reads (the strategic stages); "platform": the operator only.
ADMINS = {
    "auth.user": ("board", "board", "board", "platform"),  # accounts are deactivated, not deleted
    "auth.group": ("platform", "platform", "platform", "platform"),  # the roles themselves
    "axes.accessattempt": ("platform", "none", "platform", "platform"),
    "axes.accesslog": ("platform", "none", "platform", "platform"),
    "axes.accessfailurelog": ("platform", "none", "platform", "platform"),
    "accounts.auditevent": ("platform", "none", "none", "none"),
    "plans.board": ("board", "platform", "board", "platform"),
    "plans.agency": ("board", "board", "board", "board"),
    "plans.businessplan": ("board", "board", "board", "board"),
    "plans.surveyresult": ("board", "board", "board", "board"),
    "plans.lead": ("board", "board", "board", "board"),
    "plans.corepriority": ("board", "board", "board", "board"),
    "plans.coremeasure": ("board", "board", "board", "board"),
    "plans.coreoutcome": ("board", "board", "board", "board"),
    "priorities.strategicstage": ("shared", "none", "none", "none"),
    "priorities.priority": ("board", "board", "board", "board"),
    "priorities.objective": ("board", "board", "board", "board"),
    "priorities.action": ("board", "board", "board", "board"),
    "priorities.statusupdate": ("board", "none", "none", "none"),
    "corebusiness.coremeasureupdate": ("board", "none", "none", "none"),  # append-only: the update form writes it
    "plans.quarter": ("board", "none", "none", "none"),
    "plans.quarterevent": ("board", "none", "none", "none"),
    "reporting.actionsnapshot": ("board", "none", "none", "none"),
    "reporting.challenge": ("board", "none", "none", "none"),
    "reporting.indicator": ("board", "board", "board", "board"),
    "audits.auditcycle": ("board", "board", "board", "board"),
    "audits.agencyreturn": ("board", "none", "none", "none"),  # moves only through the workflow pages
    "audits.themedaudit": ("board", "board", "board", "board"),
    "audits.singleagencyaudit": ("board", "board", "board", "board"),
    "budget.budget": ("board", "board", "board", "board"),
    "budget.commitmentmonitoring": ("board", "board", "board", "board"),
    "budget.contributionmonitoring": ("board", "board", "board", "board"),
    "annualreport.yearlyreport": ("board", "none", "none", "none"),  # written on the yearly report pages
    "notifications.notification": ("board", "none", "none", "none"),  # the record of what was sent: read-only
    "evidence.attachment": ("board", "none", "none", "none"),  # added and removed on the record's page only
    "django_tasks_database.dbtaskresult": ("platform", "none", "none", "none"),  # the task queue, of every board
}


# Deleting these rows of the world would delete rows nobody may delete (a plan's quarters, snapshots and status
# updates): the confirmation page lists them, and the POST is refused with 403 for everyone.
DELETE_REFUSED = {"plans.businessplan"}


def _who(kind, *, of_object):
    if kind == "board":
        return HOME_ADMINS if of_object else ANY_ADMIN
    if kind == "shared":
        return ANY_ADMIN
    if kind == "platform":
        return PLATFORM
    return NOBODY


def _object_id(label):
    return lambda w: {"object_id": admin_object(w, label).pk}


def _history_args(label):
    def args(w):
        obj = admin_object(w, label)
        return [obj.pk, obj.history.order_by("-history_id").first().history_id]

    return args


def _cases_for(model, model_admin):
    label = model._meta.label_lower
    view, add, change, delete = ADMINS[label]
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    # A row of the home board (or a row of no board, for shared and platform rows).
    on_board = view == "board"
    obj = _object_id(label)
    viewers = _who(view, of_object=on_board)
    cases = [
        Case(f"{name}_changelist", _who(view, of_object=False)),
        Case(f"{name}_add", _who(add, of_object=False)),
        Case(f"{name}_add", _who(add, of_object=False), method="post", data=lambda w: {}),
        Case(f"{name}_change", viewers, kwargs=obj, board_object=on_board),
        Case(
            f"{name}_change",
            _who(change, of_object=on_board),
            kwargs=obj,
            method="post",
            data=lambda w: {},
            board_object=on_board,
            ok_statuses=(200, 302),
            note="An empty form: re-shown with errors, or (axes, all read-only fields) saved unchanged",
        ),
        Case(f"{name}_delete", _who(delete, of_object=on_board), kwargs=obj, board_object=on_board),
        Case(
            f"{name}_delete",
            NOBODY if label in DELETE_REFUSED else _who(delete, of_object=on_board),
            kwargs=obj,
            method="post",
            data=lambda w: {"post": "yes"},
            board_object=on_board,
            ok_statuses=(200, 302),
            note="Deleted (302), or refused with the protected rows listed (200)",
        ),
        Case(f"{name}_history", viewers, kwargs=obj, board_object=on_board),
    ]
    if isinstance(model_admin, SimpleHistoryAdmin):
        history = _history_args(label)
        cases += [
            Case(f"{name}_simple_history", viewers, args=history, board_object=on_board),
            Case(
                f"{name}_simple_history",
                NOBODY,
                args=history,
                method="post",
                data=lambda w: {},
                board_object=on_board,
                note="Reverting is switched off for everyone (SIMPLE_HISTORY_REVERT_DISABLED, refused on POST)",
            ),
        ]
    if label == "auth.user":
        user = lambda w: {"id": admin_object(w, label).pk}  # noqa: E731
        cases += [
            Case("admin:auth_user_password_change", HOME_ADMINS, kwargs=user, board_object=True),
            Case(
                "admin:auth_user_password_change",
                HOME_ADMINS,
                kwargs=user,
                method="post",
                data=lambda w: {},
                board_object=True,
                note="An empty form is re-shown with errors",
            ),
        ]
    return cases


def _site_cases():
    return [
        Case("admin:index", ANY_ADMIN),
        Case("admin:app_list", ANY_ADMIN, kwargs=lambda w: {"app_label": "priorities"}, board_object=False),
        Case(
            "admin:login",
            ANY_ADMIN,
            ok_statuses=(302,),
            a11y=False,
            note="The admin signs in through the application's sign-in page; administrators go to the index",
        ),
        Case("admin:logout", ANY_ADMIN, method="post", ok_statuses=(200, 302)),
        Case("admin:password_change", ANY_ADMIN, ok_statuses=(302,), a11y=False, note="The application's form"),
        Case("admin:password_change_done", ANY_ADMIN, ok_statuses=(302,), a11y=False),
        Case("admin:jsi18n", ANY_ADMIN, a11y=False),
        Case(
            "admin:autocomplete",
            ANY_ADMIN,
            query="app_label=plans&model_name=lead&field_name=user&term=a",
            a11y=False,
            note="JSON of the administrator's own board's accounts (tests/admin/test_board_scoping.py)",
        ),
        Case(
            "admin:view_on_site",
            NOBODY,
            kwargs=lambda w: {
                "content_type_id": _content_type_id(w.action),
                "object_id": w.action.pk,
            },
            not_found=frozenset({"admin", "platform_admin"}),
            a11y=False,
            note="No model has a page of its own, so the shortcut finds nothing for anyone; never another board's",
        ),
    ]


def _content_type_id(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def _all_cases():
    cases = _site_cases()
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower):
        cases += _cases_for(model, model_admin)
    # A page nobody may open is not swept for accessibility (there is no persona to open it as).
    return [replace(case, a11y=False) if not case.allowed else case for case in cases]


CASES = _all_cases()

"""The Django admin of a service that hosts several boards: the site, and the mixins every app's admin is built on.

One rule, applied in one place: a board administrator reaches only their own board's rows, through every admin view
(changelist, add, change, delete, history, the history form, autocomplete and "view on site"), every choice a form
offers, and every row a form saves. Another board's object answers 404, as it does on the application's pages, so that
its existence is not revealed; a signed-in person without the board administrator role answers 403. The platform
operator (a superuser, of no board) sees every board.

How a model reaches its board is its admin's `board_path` (e.g. "objective__priority__plan__board"); for models
without an admin of their own (budget lines, standards...) `board_path_for` finds the shortest chain of foreign keys
to the board, so that a new model is scoped without anyone remembering to register a path.
"""

from functools import update_wrapper

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.admin.utils import unquote
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.choices import BaseChoiceIterator
from django.utils.decorators import method_decorator

from .access import board_of
from .audit import record_admin_action
from .board_paths import board_path_for, board_pk_of, scope_to_board  # noqa: F401  (used by every app's admin)
from .roles import Role, has_role


def is_board_administrator(user) -> bool:
    return bool(
        user.is_active and (user.is_superuser or (has_role(user, Role.BOARD_ADMIN) and board_of(user) is not None))
    )


class TrackerAdminSite(admin.AdminSite):
    """The admin for board administrators and the platform operator.

    Sign-in goes through the application's own page (lockout, audit log, one password form); a signed-in person
    who is not a board administrator is refused with 403, not sent to a second sign-in form. The role, not the
    "staff status" flag, is what admits a board administrator.
    """

    site_header = "Plan tracker administration"
    site_title = "Plan tracker administration"
    index_title = "Administration of your board"

    def has_permission(self, request):
        return is_board_administrator(request.user)

    def admin_view(self, view, cacheable=False):
        checked = super().admin_view(view, cacheable)

        def inner(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied("The Django admin is for board administrators.")
            return checked(request, *args, **kwargs)

        return update_wrapper(inner, view)

    @method_decorator(login_not_required)
    def login(self, request, extra_context=None):
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if request.user.is_authenticated:
            if not self.has_permission(request):
                raise PermissionDenied("The Django admin is for board administrators.")
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        return redirect_to_login(target)

    def password_change(self, request, extra_context=None):
        # One password form for everyone: the application's, with its attempt limit and audit record.
        return HttpResponseRedirect(reverse("accounts:password_change"))

    def password_change_done(self, request, extra_context=None):
        return HttpResponseRedirect(reverse("home"))

    def app_index(self, request, app_label, extra_context=None):
        # Django answers 404 for an app whose models the user may not see; the app exists, so the answer is 403.
        if not self.get_app_list(request, app_label) and any(
            model._meta.app_label == app_label for model in self._registry
        ):
            raise PermissionDenied("Only the platform operator sees this part of the admin.")
        return super().app_index(request, app_label, extra_context)

    def get_urls(self):
        urls = super().get_urls()
        for pattern in urls:
            if getattr(pattern, "name", None) == "view_on_site":
                pattern.callback = self.admin_view(self.view_on_site)
            if hasattr(getattr(pattern, "callback", None), "login_url"):
                # LoginRequiredMiddleware sends anonymous requests straight to the application's sign-in page.
                pattern.callback.login_url = settings.LOGIN_URL
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """Django's "view on site" shortcut, answering 404 for an object outside the administrator's board (the
        stock view would redirect to it and so reveal that it exists)."""
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, ContentType.DoesNotExist) as exc:
            raise Http404("No such object") from exc
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_permission(request):
            raise Http404("No such object")
        if not model_admin.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404("No such object")
        return shortcut(request, content_type_id, object_id)


class AuditedAdminMixin:
    """Every addition, change and deletion made in the admin is written to the audit log too, with the actor and
    the row's board (Django's own LogEntry is kept as well: it feeds the admin's "Recent actions")."""

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        record_admin_action(request, obj, ADDITION, message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        record_admin_action(request, obj, CHANGE, message)
        return entry

    def log_deletions(self, request, queryset):
        # Before the deletion, as Django logs it, so that each row's board can still be found.
        record_admin_action(request, queryset, DELETION)
        return super().log_deletions(request, queryset)


class BoardScopedAdminMixin(AuditedAdminMixin):
    """Board administrators see, choose and save only their own board's rows.

    - `get_queryset` filters every list and every object lookup; an object outside it answers 404 (not Django's
      redirect to the index with "doesn't exist", which still differs from a missing object's page).
    - Every foreign-key and many-to-many choice, in the form and in its inlines, is limited to the board.
    - `save_model` and `save_formset` refuse a row whose board is not the administrator's (a second lock behind
      the choices: a form class built elsewhere cannot bypass it).
    - django-simple-history's history and history-form views are scoped the same way, and reverting is off: a
      revert re-saves an old row without the services' checks (it could move an action into another objective).
    """

    board_path: str = "board"
    formfield_overrides = {}  # filled in below, shared with the inline mixin

    # --- which rows -------------------------------------------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        board = board_of(request.user)
        if board is None:
            return queryset.none()
        return queryset.filter(**{self.board_path: board.pk if self.board_path in ("pk", "id") else board})

    def in_board(self, request, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        board = board_of(request.user)
        return board is not None and board_pk_of(obj, self.board_path) == board.pk

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(f"No {opts.verbose_name} found")

    def _object_in_board_or_404(self, request, object_id):
        # Before any permission check, which would answer 403 and so tell another board that the row exists.
        if object_id is not None and self.get_object(request, unquote(object_id)) is None:
            raise Http404(f"No {self.opts.verbose_name} found")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self._object_in_board_or_404(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._object_in_board_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    # --- who may -----------------------------------------------------------------------------------------------
    def has_module_permission(self, request):
        return is_board_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and self.in_board(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and self.in_board(request, obj)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and self.in_board(request, obj)

    # --- which choices -----------------------------------------------------------------------------------------
    def _scoped(self, request, db_field, kwargs):
        if request.user.is_superuser:
            return kwargs
        board = board_of(request.user)
        related = db_field.remote_field.model
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = related._default_manager.all()
        kwargs["queryset"] = scope_to_board(queryset, board) if board is not None else queryset.none()
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._scoped(request, db_field, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = accessible_manytomany(self._scoped(request, db_field, kwargs))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- what is saved -----------------------------------------------------------------------------------------
    def _refuse_outside_board(self, request, obj, path):
        if request.user.is_superuser:
            return
        board = board_of(request.user)
        if board is None or board_pk_of(obj, path) != board.pk:
            raise PermissionDenied("That row belongs to another board.")

    def save_model(self, request, obj, form, change):
        self._refuse_outside_board(request, obj, self.board_path)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        path = board_path_for(formset.model)
        if path is not None:
            for inline_form in formset.forms:
                if inline_form.has_changed() and not getattr(inline_form, "cleaned_data", {}).get("DELETE"):
                    self._refuse_outside_board(request, inline_form.instance, path)
        super().save_formset(request, form, formset, change)

    # --- django-simple-history ---------------------------------------------------------------------------------
    def _history_object_or_404(self, request, object_id):
        """The object whose history is asked for, if it is (or, deleted, was) of the administrator's board."""
        object_id = unquote(object_id)
        obj = self.get_object(request, object_id)
        if obj is not None:
            return obj
        if self.model._default_manager.filter(pk=object_id).exists():
            raise Http404("No such object")  # it exists, on another board
        history = getattr(self.model, "history", None)
        # A historical row's own primary key is history_id; the object's id is a plain field of the same name.
        lookup = {self.model._meta.pk.attname: object_id}
        last = history.filter(**lookup).order_by("-history_date").first() if history is not None else None
        if last is None or not self.in_board(request, last.instance):
            raise Http404("No such object")
        return last.instance

    def history_view(self, request, object_id, extra_context=None):
        self._history_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._history_object_or_404(request, object_id)
        if request.method != "GET":
            # SIMPLE_HISTORY_REVERT_DISABLED only hides the button; the view would still save a POST.
            raise PermissionDenied("Reverting to an earlier version is switched off: edit the row instead.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _showing_a_past_version(self, request):
        match = getattr(request, "resolver_match", None)
        return bool(match and match.url_name and match.url_name.endswith("_simple_history"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if self._showing_a_past_version(request):
            # A past version is shown, never edited: every field disabled (each call builds a new form class).
            for field in form.base_fields.values():
                field.disabled = True
        return form


def accessible_manytomany(kwargs):
    """Tick boxes, not the admin's two-list filter widget, whose labels fail axe (aria-prohibited-attr)."""
    kwargs.setdefault("widget", CheckboxSelectMultiple)
    return kwargs


# One labelled text box for a date and time: the admin's split date/time widget leaves both boxes without a label.
ACCESSIBLE_WIDGETS = {models.DateTimeField: {"widget": forms.DateTimeInput(attrs={"class": "vDateTimeField"})}}
BoardScopedAdminMixin.formfield_overrides = ACCESSIBLE_WIDGETS


class _SharedChoices(BaseChoiceIterator):
    """A field's choices read at most once, when first rendered, and shared by every copy of the field (every form of
    an inline formset). Lazy: a view-only inline builds its forms but never renders their selects."""

    def __init__(self, choices):
        self._source = choices
        self._read = None

    def __iter__(self):
        if self._read is None:
            self._read = list(self._source)
        return iter(self._read)

    def __deepcopy__(self, memo):
        return self  # each form deep-copies its fields; the choices stay shared


class BoardScopedInlineMixin:
    """Use it with StackedInline: the tabular inline labels its inputs by column headings only, which axe refuses.

    Inline rows offer only the board's choices (an income line's agency, a membership's board), and are shown to
    board administrators, who hold a role rather than Django's model permissions. The parent admin has already
    limited the parent row to the board; an inline class may still narrow these answers (append-only rows)."""

    formfield_overrides = ACCESSIBLE_WIDGETS

    def has_view_permission(self, request, obj=None):
        return is_board_administrator(request.user)

    def has_add_permission(self, request, obj=None):
        return is_board_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_board_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_board_administrator(request.user)

    def _scoped(self, request, db_field, kwargs):
        return BoardScopedAdminMixin._scoped(self, request, db_field, kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **self._scoped(request, db_field, kwargs))
        if field is not None and request is not None:
            # Every form of the formset deep-copies this field, and a ModelChoiceField runs its queryset again for
            # each copy: one query per inline row (a budget with 40 income lines ran 40 agency queries). The choices
            # are read once per request and shared; the queryset still validates what is posted.
            memo = request.__dict__.setdefault("_inline_choices", {})
            key = (type(self).__name__, db_field.name)
            if key not in memo:
                memo[key] = _SharedChoices(field.choices)
            field.choices = memo[key]
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = accessible_manytomany(self._scoped(request, db_field, kwargs))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyAdminMixin:
    """For append-only records (audit log, status updates, snapshots, events): viewable, never added, changed or
    deleted through the admin. Put it before BoardScopedAdminMixin so that these answers win."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

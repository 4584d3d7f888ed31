"""Admin for accounts and the audit log. The board scoping every app's admin uses is in admin_base.py."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from .access import board_of
from .admin_base import (
    AuditedAdminMixin,
    BoardScopedAdminMixin,
    BoardScopedInlineMixin,
    ReadOnlyAdminMixin,
    accessible_manytomany,
)
from .models import AuditEvent, Membership


class MembershipInline(BoardScopedInlineMixin, admin.StackedInline):
    """The person's board and agency: a board administrator is offered only their own board and its agencies."""

    model = Membership
    can_delete = False
    # Roles are the account's groups in this admin (accounts/role_sync.py copies them to the membership): one field
    # for them, not two that could disagree.
    exclude = ["roles"]
    # A new account joins one board here; a person joins further boards by invitation (the people page).
    max_num = 1


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(AuditedAdminMixin, GroupAdmin):
    """The roles (accounts/roles.py), created by a migration; only the platform operator sees them here."""

    filter_horizontal = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **accessible_manytomany(kwargs))


@admin.register(User)
class TrackerUserAdmin(BoardScopedAdminMixin, UserAdmin):
    """Board administrators manage their own board's accounts: add people, give roles, reset passwords,
    deactivate. Only the platform operator (superuser) sees every account and can grant superuser rights.

    Accounts are deactivated, never deleted by a board administrator: a person's status updates, challenges and
    audit log entries keep naming them (the audit log refuses the deletion of anyone who ever signed in).
    """

    board_path = "memberships__board"
    inlines = [MembershipInline]
    filter_horizontal = ()  # roles as tick boxes (accounts/admin_base.py)
    readonly_fields = ["last_login", "date_joined"]
    list_filter = [*UserAdmin.list_filter, "memberships__board"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # Staff status does not admit anyone to this admin (the board administrator role does), and only the
        # platform operator grants superuser rights or model permissions.
        hidden = {"is_superuser", "is_staff", "user_permissions"}
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for name, opts in fieldsets]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "is_active" in form.base_fields:
            form.base_fields["is_active"].help_text = (
                "Untick to stop this person signing in. Accounts are never deleted, so that their updates and the "
                "audit log keep their name."
            )
        return form

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # A person who also works with another partnership shares their account with it: one board's administrator
        # does not change it here (its name, address, password or status); they manage that person's place on their
        # own board on the people page (/people/), which changes only this board's membership.
        board = board_of(request.user)
        return queryset.exclude(pk__in=Membership.objects.exclude(board=board).values("user_id"))

    def save_model(self, request, obj, form, change):
        # A new account has no membership yet: save_related gives it this board. An existing one must be ours.
        if change:
            self._refuse_outside_board(request, obj, self.board_path)
        super(BoardScopedAdminMixin, self).save_model(request, obj, form, change)

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else ["is_active", "groups"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # An account added by a board administrator always belongs to their board, even if they left the inline empty.
        if not request.user.is_superuser and not Membership.objects.filter(user=form.instance).exists():
            Membership.objects.create(user=form.instance, board=board_of(request.user))


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the audit log cannot be edited or deleted through the application."""

    list_display = ["at", "kind", "username", "ip_address", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "path", "detail"]
    date_hierarchy = "at"


# django-axes' lockout records: deleting one unlocks a person, a privileged act that the audit log must show.
for _model in (AccessAttempt, AccessLog, AccessFailureLog):
    _registered = type(admin.site._registry[_model])
    admin.site.unregister(_model)
    admin.site.register(_model, type(_registered.__name__, (AuditedAdminMixin, _registered), {}))

"""Admin for accounts and the audit log, and the board-scoping mixin every app's admin uses."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .access import board_of
from .models import AuditEvent, Membership
from .roles import Role, has_role


class BoardScopedAdminMixin:
    """Board administrators see and edit only their own board's rows in the Django admin.

    `board_path` is the lookup from the model to its board, e.g. "objective__priority__plan__board".
    Superusers (the platform operator) see every board.
    """

    board_path: str = "board"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        board = board_of(request.user)
        if board is None:
            return queryset.none()
        # A board's own admin filters on its primary key; everything else on a path to its board.
        return queryset.filter(**{self.board_path: board.pk if self.board_path in ("pk", "id") else board})

    def has_module_permission(self, request):
        return request.user.is_superuser or (
            request.user.is_staff and has_role(request.user, Role.BOARD_ADMIN) and board_of(request.user) is not None
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ReadOnlyAdminMixin:
    """For append-only records (audit log, status updates, snapshots, events): viewable, never added, changed or
    deleted through the admin. Put it before BoardScopedAdminMixin so that these answers win."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A board administrator can only place people on their own board and its agencies.
        if not request.user.is_superuser and db_field.name in ("board", "agency"):
            board = board_of(request.user)
            model = db_field.remote_field.model
            kwargs["queryset"] = model.objects.filter(
                **({"pk": board.pk} if db_field.name == "board" else {"board": board})
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.unregister(User)


@admin.register(User)
class TrackerUserAdmin(BoardScopedAdminMixin, UserAdmin):
    """Board administrators manage their own board's accounts: add people, give roles, reset passwords,
    deactivate. Only the platform operator (superuser) sees every account and can grant superuser rights."""

    board_path = "membership__board"
    inlines = [MembershipInline]
    list_filter = [*UserAdmin.list_filter, "membership__board"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        hidden = {"is_superuser", "user_permissions"}
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for name, opts in fieldsets]

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

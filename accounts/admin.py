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
        return queryset.filter(**{self.board_path: board})

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


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False


admin.site.unregister(User)


@admin.register(User)
class TrackerUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_filter = [*UserAdmin.list_filter, "membership__board"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log cannot be edited or deleted through the application."""

    list_display = ["at", "kind", "username", "ip_address", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "path", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

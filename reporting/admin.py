"""Django admin for reporting. Snapshots and challenges are read-only here; indicators are kept on the performance
dataset's pages (and here), their quarterly values on those pages. The quarters are the plan's (plans/admin.py)."""

from django.contrib import admin

from accounts.admin_base import BoardScopedAdminMixin, ReadOnlyAdminMixin

from .models import ActionSnapshot, Challenge, Indicator


@admin.register(ActionSnapshot)
class ActionSnapshotAdmin(ReadOnlyAdminMixin, BoardScopedAdminMixin, admin.ModelAdmin):
    board_path = "quarter__plan__board"
    list_display = ["quarter", "reference", "rag", "needs_escalation", "is_overdue", "updated_this_quarter"]
    list_filter = ["rag", "needs_escalation", "is_overdue"]
    search_fields = ["reference"]


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdminMixin, BoardScopedAdminMixin, admin.ModelAdmin):
    board_path = "quarter__plan__board"
    list_display = ["quarter", "action", "author", "created_at", "is_demo"]


@admin.register(Indicator)
class IndicatorAdmin(BoardScopedAdminMixin, admin.ModelAdmin):
    """Indicators are added, changed, archived and removed on the performance dataset's pages (which record each
    change in the audit log); here too, but an indicator with values is never deleted (its values PROTECT it):
    archive it on its page instead."""

    board_path = "plan__board"
    list_display = ["name", "unit", "good_direction", "target", "tolerance", "frequency", "archived_at", "plan"]
    list_filter = ["frequency", "good_direction"]
    fields = ["plan", "order", "name", "source", "unit", "good_direction", "target", "tolerance", "frequency"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.values.exists():
            return False
        return super().has_delete_permission(request, obj)

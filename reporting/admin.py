"""Django admin for reporting. Snapshots and challenges are read-only here; indicators are edited here (names,
targets) and their quarterly values on the performance dataset pages. The quarters are the plan's (plans/admin.py)."""

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
    board_path = "plan__board"
    list_display = ["name", "unit", "good_direction", "target", "plan"]
    fields = ["plan", "order", "name", "source", "unit", "target", "good_direction"]

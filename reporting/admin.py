"""Django admin for reporting. Quarters, snapshots, events and challenges are read-only here: opening, closing and
reopening go through the quarters page (services that freeze snapshots and record events). Indicators are edited
here (names, targets); their quarterly values are entered on the performance dataset pages."""

from django.contrib import admin

from accounts.admin_base import BoardScopedAdminMixin, ReadOnlyAdminMixin

from .models import ActionSnapshot, Challenge, Indicator, Quarter, QuarterEvent


@admin.register(Quarter)
class QuarterAdmin(ReadOnlyAdminMixin, BoardScopedAdminMixin, admin.ModelAdmin):
    board_path = "plan__board"
    list_display = ["label", "plan", "state", "update_deadline", "closed_at", "review_done_at"]
    list_filter = ["state"]


@admin.register(QuarterEvent)
class QuarterEventAdmin(ReadOnlyAdminMixin, BoardScopedAdminMixin, admin.ModelAdmin):
    board_path = "quarter__plan__board"
    list_display = ["quarter", "kind", "at", "by", "reason"]
    list_filter = ["kind"]


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

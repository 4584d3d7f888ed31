"""Django admin for priorities, objectives and actions (history kept), and a read-only view of status updates.

Status updates are append-only: the admin can read them but never add, change or delete one; a lead records an
update through the application, which also refreshes the action's cached status.
"""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter as RelatedOnly
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_base import (
    BoardScopedAdminMixin,
    BoardScopedInlineMixin,
    ReadOnlyAdminMixin,
    is_board_administrator,
)

from .models import Action, Objective, Priority, StatusUpdate, StrategicStage


@admin.register(StrategicStage)
class StrategicStageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The five stages are seeded by a migration and shared by every board: read-only here."""

    list_display = ["name", "code", "order"]

    def has_module_permission(self, request):
        return is_board_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_board_administrator(request.user)


class ObjectiveInline(BoardScopedInlineMixin, admin.StackedInline):
    model = Objective
    extra = 0
    fields = ["order", "approach_heading", "what"]
    show_change_link = True


@admin.register(Priority)
class PriorityAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    board_path = "plan__board"
    list_display = ["title", "code", "order", "plan"]
    list_filter = [("plan", RelatedOnly)]
    search_fields = ["title", "code", "narrative"]
    list_select_related = ["plan__board"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ObjectiveInline]


class ActionInline(BoardScopedInlineMixin, admin.StackedInline):
    model = Action
    extra = 0
    fields = ["order", "reference", "how", "responsible_leads", "timescale"]
    show_change_link = True


@admin.register(Objective)
class ObjectiveAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    board_path = "priority__plan__board"
    list_display = ["__str__", "approach_heading", "order", "priority"]
    list_filter = [("priority__plan", RelatedOnly), ("priority", RelatedOnly), ("stages", RelatedOnly)]
    search_fields = ["what", "approach_heading"]
    list_select_related = ["priority"]
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    board_path = "objective__priority__plan__board"
    list_display = ["reference", "__str__", "timescale", "due_date", "rag", "timescale_needs_review"]
    list_filter = [
        ("objective__priority__plan", RelatedOnly),
        ("objective__priority", RelatedOnly),
        "rag",
        "timescale_needs_review",
        ("leads", RelatedOnly),
    ]
    search_fields = ["reference", "how", "responsible_leads", "outcomes", "timescale", "leads__name"]
    list_select_related = ["objective__priority"]
    readonly_fields = ["rag", "latest_update", "version"]
    date_hierarchy = "due_date"


@admin.register(StatusUpdate)
class StatusUpdateAdmin(ReadOnlyAdminMixin, BoardScopedAdminMixin, admin.ModelAdmin):
    board_path = "action__objective__priority__plan__board"
    list_display = ["action", "created_at", "author", "rag_before", "rag", "needs_escalation", "quarter"]
    list_filter = ["rag", "needs_escalation", ("quarter", RelatedOnly), "is_demo"]
    search_fields = ["action__reference", "commentary", "author__username", "author__last_name"]
    list_select_related = ["action", "author", "quarter"]
    date_hierarchy = "created_at"

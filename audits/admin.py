"""Read-mostly admin for support: audit data is changed through the service's pages, which keep the workflow log."""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter as RelatedOnly

from accounts.admin_base import BoardScopedAdminMixin, BoardScopedInlineMixin, ReadOnlyAdminMixin

from .models import AgencyReturn, AuditCycle, ReturnEvent, SingleAgencyAudit, Standard, ThemedAudit


class StandardInline(BoardScopedInlineMixin, admin.StackedInline):
    model = Standard
    extra = 0
    # Deleting a standard would delete every agency's assessment against it, submitted and moderated ones included.
    can_delete = False


@admin.register(AuditCycle)
class AuditCycleAdmin(BoardScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "board", "financial_year", "deadline"]
    list_filter = [("board", RelatedOnly)]
    inlines = [StandardInline]


class ReturnEventInline(BoardScopedInlineMixin, admin.StackedInline):
    model = ReturnEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AgencyReturn)
class AgencyReturnAdmin(ReadOnlyAdminMixin, BoardScopedAdminMixin, admin.ModelAdmin):
    """Read-only: a return moves only through the workflow pages, which write its step log; a return added or
    moved here would have no log, or a log that belongs to another cycle."""

    board_path = "cycle__board"
    list_display = ["agency", "cycle", "status", "submitted_at", "is_demo"]
    list_filter = [("cycle", RelatedOnly), "status"]
    readonly_fields = ["status", "submitted_at"]
    inlines = [ReturnEventInline]


@admin.register(ThemedAudit)
class ThemedAuditAdmin(BoardScopedAdminMixin, admin.ModelAdmin):
    list_display = ["theme", "board", "commissioned_on", "reported_on"]
    list_filter = [("board", RelatedOnly)]


@admin.register(SingleAgencyAudit)
class SingleAgencyAuditAdmin(BoardScopedAdminMixin, admin.ModelAdmin):
    list_display = ["agency", "topic", "reported_on"]
    list_filter = [("board", RelatedOnly)]

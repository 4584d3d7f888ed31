"""Read-mostly admin for support: audit data is changed through the service's pages, which keep the workflow log."""

from django.contrib import admin

from accounts.admin import BoardScopedAdminMixin

from .models import AgencyReturn, AuditCycle, ReturnEvent, SingleAgencyAudit, Standard, ThemedAudit


class StandardInline(admin.TabularInline):
    model = Standard
    extra = 0


@admin.register(AuditCycle)
class AuditCycleAdmin(BoardScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "board", "financial_year", "deadline"]
    list_filter = ["board"]
    inlines = [StandardInline]


class ReturnEventInline(admin.TabularInline):
    model = ReturnEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AgencyReturn)
class AgencyReturnAdmin(BoardScopedAdminMixin, admin.ModelAdmin):
    board_path = "cycle__board"
    list_display = ["agency", "cycle", "status", "submitted_at", "is_demo"]
    list_filter = ["cycle", "status"]
    readonly_fields = ["status", "submitted_at"]
    inlines = [ReturnEventInline]


@admin.register(ThemedAudit)
class ThemedAuditAdmin(BoardScopedAdminMixin, admin.ModelAdmin):
    list_display = ["theme", "board", "commissioned_on", "reported_on"]
    list_filter = ["board"]


@admin.register(SingleAgencyAudit)
class SingleAgencyAuditAdmin(BoardScopedAdminMixin, admin.ModelAdmin):
    list_display = ["agency", "topic", "reported_on"]
    list_filter = ["board"]

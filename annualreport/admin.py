"""Django admin for yearly reports: read-only, scoped to the administrator's board. Reports are written on the
yearly report pages (drafting, sign-off and its undoing keep their record there)."""

from django.contrib import admin

from accounts.admin_base import BoardScopedAdminMixin, ReadOnlyAdminMixin

from .models import YearlyReport


@admin.register(YearlyReport)
class YearlyReportAdmin(ReadOnlyAdminMixin, BoardScopedAdminMixin, admin.ModelAdmin):
    board_path = "board"
    list_display = ["title", "template", "period_start", "period_end", "status", "signed_off_at"]
    list_filter = ["template", "status"]
    list_select_related = ["board"]
    exclude = ["frozen"]

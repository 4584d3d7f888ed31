"""Django admin for the budget, scoped to the administrator's board. Day-to-day editing is on the budget pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_base import BoardScopedAdminMixin, BoardScopedInlineMixin

from .models import Budget, CommitmentLine, CommitmentMonitoring, ContributionMonitoring, IncomeLine


class IncomeLineInline(BoardScopedInlineMixin, admin.StackedInline):
    model = IncomeLine
    extra = 0
    fields = ["order", "description", "agency", "amount"]


class CommitmentLineInline(BoardScopedInlineMixin, admin.StackedInline):
    model = CommitmentLine
    extra = 0
    fields = ["category", "order", "description", "amount", "note"]


@admin.register(Budget)
class BudgetAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    board_path = "plan__board"
    list_display = ["title", "plan", "financial_year", "balance_brought_forward"]
    list_select_related = ["plan__board"]
    inlines = [IncomeLineInline, CommitmentLineInline]


@admin.register(CommitmentMonitoring)
class CommitmentMonitoringAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    board_path = "line__budget__plan__board"
    list_display = ["line", "quarter", "spent_to_date", "forecast_outturn"]
    list_select_related = ["line", "quarter"]


@admin.register(ContributionMonitoring)
class ContributionMonitoringAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    board_path = "line__budget__plan__board"
    list_display = ["line", "quarter", "received_to_date"]
    list_select_related = ["line", "quarter"]

"""Django admin for the plan: boards, plans, agencies, leads, core business and the survey.

Board administrators see, choose and save only their own board's rows (accounts/admin_base.py); SimpleHistoryAdmin
keeps and shows who changed what (reverting is switched off).
"""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter as RelatedOnly
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_base import BoardScopedAdminMixin, BoardScopedInlineMixin, ReadOnlyAdminMixin

from .models import (
    Agency,
    Board,
    BusinessPlan,
    CoreMeasure,
    CoreOutcome,
    CorePriority,
    Lead,
    Quarter,
    QuarterEvent,
    SurveyResult,
)


@admin.register(Board)
class BoardAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    board_path = "pk"
    list_display = ["name", "short_name", "slug"]
    search_fields = ["name", "short_name", "slug"]

    def has_add_permission(self, request):
        # A new board is set up by the platform operator, not by one board's administrator.
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Agency)
class AgencyAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "sector", "board"]
    list_filter = ["sector", ("board", RelatedOnly)]
    search_fields = ["name", "short_name", "sector"]
    list_select_related = ["board"]


class SurveyResultInline(BoardScopedInlineMixin, admin.StackedInline):
    model = SurveyResult
    extra = 0


@admin.register(BusinessPlan)
class BusinessPlanAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "period", "dated", "is_current", "board"]
    list_filter = ["is_current", ("board", RelatedOnly)]
    search_fields = ["title", "period", "slug"]
    list_select_related = ["board"]
    inlines = [SurveyResultInline]


@admin.register(SurveyResult)
class SurveyResultAdmin(BoardScopedAdminMixin, admin.ModelAdmin):
    board_path = "plan__board"
    list_display = ["area", "response_percent", "response_count", "plan"]
    list_filter = [("plan", RelatedOnly)]
    search_fields = ["area"]
    list_select_related = ["plan__board"]


@admin.register(Lead)
class LeadAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "agency", "user", "board"]
    list_filter = ["kind", ("agency", RelatedOnly), ("board", RelatedOnly)]
    search_fields = ["name", "description", "email", "agency__name"]
    list_select_related = ["agency", "user", "board"]
    # A select of this board's accounts (the mixin limits it), not a raw id box that would take anyone's id.


class CoreMeasureInline(BoardScopedInlineMixin, admin.StackedInline):
    model = CoreMeasure
    extra = 0


class CoreOutcomeInline(BoardScopedInlineMixin, admin.StackedInline):
    model = CoreOutcome
    extra = 0


@admin.register(CorePriority)
class CorePriorityAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    board_path = "plan__board"
    list_display = ["__str__", "order", "plan"]
    list_filter = [("plan", RelatedOnly)]
    search_fields = ["title", "measures__text", "outcomes__text"]
    list_select_related = ["plan__board"]
    inlines = [CoreMeasureInline, CoreOutcomeInline]


@admin.register(CoreMeasure)
class CoreMeasureAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    board_path = "core_priority__plan__board"
    list_display = ["__str__", "order", "core_priority"]
    list_filter = [("core_priority__plan", RelatedOnly)]
    search_fields = ["text"]
    list_select_related = ["core_priority"]


@admin.register(CoreOutcome)
class CoreOutcomeAdmin(BoardScopedAdminMixin, SimpleHistoryAdmin):
    board_path = "core_priority__plan__board"
    list_display = ["__str__", "order", "core_priority"]
    list_filter = [("core_priority__plan", RelatedOnly)]
    search_fields = ["text"]
    list_select_related = ["core_priority"]


# Quarters and their events are read-only here: opening, closing and reopening go through the quarters page, whose
# services freeze the snapshots and record the events.
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

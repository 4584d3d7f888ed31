"""Django admin for the plan: boards, plans, agencies, leads, core business and the survey.

Board administrators see only their own board's rows (BoardScopedAdminMixin); SimpleHistoryAdmin keeps and shows
who changed what. Choices of related rows (plan, agency, groups) are limited to the administrator's board.
"""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter as RelatedOnly
from simple_history.admin import SimpleHistoryAdmin

from accounts.access import board_of
from accounts.admin import BoardScopedAdminMixin

from .models import Agency, Board, BusinessPlan, CoreMeasure, CoreOutcome, CorePriority, Lead, SurveyResult

# How each related model reaches its board, for limiting the choices offered in forms.
RELATED_BOARD_PATHS = {
    Board: "pk",
    BusinessPlan: "board",
    Agency: "board",
    Lead: "board",
    CorePriority: "plan__board",
}


class BoardScopedChoicesMixin(BoardScopedAdminMixin):
    """Also limit foreign-key and many-to-many choices to the administrator's board."""

    def _scope(self, request, db_field, kwargs):
        related = db_field.remote_field.model
        path = RELATED_BOARD_PATHS.get(related)
        if path and not request.user.is_superuser:
            queryset = kwargs.get("queryset", related._default_manager.all())
            board = board_of(request.user)
            kwargs["queryset"] = queryset.filter(**{path: board.pk if path in ("pk", "id") else board})
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._scope(request, db_field, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._scope(request, db_field, kwargs))


@admin.register(Board)
class BoardAdmin(BoardScopedChoicesMixin, SimpleHistoryAdmin):
    board_path = "pk"
    list_display = ["name", "short_name", "slug"]
    search_fields = ["name", "short_name", "slug"]

    def has_add_permission(self, request):
        # A new board is set up by the platform operator, not by one board's administrator.
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Agency)
class AgencyAdmin(BoardScopedChoicesMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "sector", "board"]
    list_filter = ["sector", ("board", RelatedOnly)]
    search_fields = ["name", "short_name", "sector"]
    list_select_related = ["board"]


class SurveyResultInline(admin.TabularInline):
    model = SurveyResult
    extra = 0


@admin.register(BusinessPlan)
class BusinessPlanAdmin(BoardScopedChoicesMixin, SimpleHistoryAdmin):
    list_display = ["title", "period", "dated", "is_current", "board"]
    list_filter = ["is_current", ("board", RelatedOnly)]
    search_fields = ["title", "period", "slug"]
    list_select_related = ["board"]
    inlines = [SurveyResultInline]


@admin.register(SurveyResult)
class SurveyResultAdmin(BoardScopedChoicesMixin, admin.ModelAdmin):
    board_path = "plan__board"
    list_display = ["area", "response_percent", "response_count", "plan"]
    list_filter = [("plan", RelatedOnly)]
    search_fields = ["area"]
    list_select_related = ["plan__board"]


@admin.register(Lead)
class LeadAdmin(BoardScopedChoicesMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "agency", "user", "board"]
    list_filter = ["kind", ("agency", RelatedOnly), ("board", RelatedOnly)]
    search_fields = ["name", "description", "email", "agency__name"]
    list_select_related = ["agency", "user", "board"]
    filter_horizontal = ["groups"]
    raw_id_fields = ["user"]


class CoreMeasureInline(admin.TabularInline):
    model = CoreMeasure
    extra = 0


class CoreOutcomeInline(admin.TabularInline):
    model = CoreOutcome
    extra = 0


@admin.register(CorePriority)
class CorePriorityAdmin(BoardScopedChoicesMixin, SimpleHistoryAdmin):
    board_path = "plan__board"
    list_display = ["__str__", "order", "plan"]
    list_filter = [("plan", RelatedOnly)]
    search_fields = ["title", "measures__text", "outcomes__text"]
    list_select_related = ["plan__board"]
    inlines = [CoreMeasureInline, CoreOutcomeInline]


@admin.register(CoreMeasure)
class CoreMeasureAdmin(BoardScopedChoicesMixin, SimpleHistoryAdmin):
    board_path = "core_priority__plan__board"
    list_display = ["__str__", "order", "core_priority"]
    list_filter = [("core_priority__plan", RelatedOnly)]
    search_fields = ["text"]
    list_select_related = ["core_priority"]


@admin.register(CoreOutcome)
class CoreOutcomeAdmin(BoardScopedChoicesMixin, SimpleHistoryAdmin):
    board_path = "core_priority__plan__board"
    list_display = ["__str__", "order", "core_priority"]
    list_filter = [("core_priority__plan", RelatedOnly)]
    search_fields = ["text"]
    list_select_related = ["core_priority"]

"""Django admin: a read-only view of the core measures' updates (append-only: recorded only through the update
form). A measure's leads are changed on the measure's leads page, and in the core priority's admin (plans)."""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter as RelatedOnly

from accounts.admin_base import BoardScopedAdminMixin, ReadOnlyAdminMixin

from .models import CoreMeasureUpdate


@admin.register(CoreMeasureUpdate)
class CoreMeasureUpdateAdmin(ReadOnlyAdminMixin, BoardScopedAdminMixin, admin.ModelAdmin):
    board_path = "measure__core_priority__plan__board"
    list_display = ["measure", "created_at", "author", "rag_before", "rag", "quarter"]
    list_filter = ["rag", ("quarter", RelatedOnly), "is_demo"]
    search_fields = ["measure__text", "commentary", "author__username", "author__last_name"]
    list_select_related = ["measure", "author", "quarter"]
    date_hierarchy = "created_at"

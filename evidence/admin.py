from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from accounts.admin_base import BoardScopedAdminMixin, ReadOnlyAdminMixin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdminMixin, BoardScopedAdminMixin, admin.ModelAdmin):
    """Every attachment of the board, removed ones included (the record keeps them). Read-only: evidence is added and
    removed on the record's page, where the record's own rule decides who may."""

    board_path = "board"
    list_display = ["__str__", "content_type", "object_id", "size", "uploaded_by", "uploaded_at", "removed_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "title", "url"]
    date_hierarchy = "uploaded_at"
    readonly_fields = [
        "board",
        "content_type",
        "object_id",
        "download",
        "original_name",
        "size",
        "mime_type",
        "url",
        "title",
        "uploaded_by",
        "uploaded_at",
        "removed_at",
        "removed_by",
        "removal_reason",
    ]
    exclude = ["file"]  # its storage path is never shown: files are reached only through the download view

    @admin.display(description="Download")
    def download(self, obj):
        if obj.is_link or obj.is_removed:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("evidence:download", args=[obj.pk]), obj.original_name)

from django.contrib import admin

from accounts.admin_base import BoardScopedAdminMixin, ReadOnlyAdminMixin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, BoardScopedAdminMixin, admin.ModelAdmin):
    """Who was told what, when, and whether the mail server took it. Read-only: the record is the proof."""

    board_path = "board"
    list_display = ["created_at", "kind", "email", "subject", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["email", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "board",
        "kind",
        "recipient",
        "email",
        "subject",
        "body",
        "dedupe_key",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]

"""The board administrator's record of every email the service sent for the board: who was told what, when, and
whether the mail server took it."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import require_board, role_required
from accounts.roles import Role
from bscb.pagination import configure_table

from .filters import NotificationFilter
from .models import Notification
from .tables import NotificationTable


@require_GET
@role_required(Role.BOARD_ADMIN)
def notification_list(request):
    board = require_board(request)
    emails = Notification.objects.filter(board=board).select_related("recipient")
    email_filter = NotificationFilter(request.GET, queryset=emails)
    table = NotificationTable(email_filter.qs)
    configure_table(request, table, per_page=50)
    since = timezone.now() - timezone.timedelta(days=30)
    recent = emails.filter(created_at__gte=since)
    return render(
        request,
        "notifications/notification_list.html",
        {
            "table": table,
            "filter": email_filter,
            "sent_30_days": recent.filter(status=Notification.Status.SENT).count(),
            "waiting": emails.filter(status__in=[Notification.Status.QUEUED, Notification.Status.RETRYING]).count(),
            "failed_30_days": recent.filter(status=Notification.Status.FAILED).count(),
        },
    )

import django_tables2 as tables
from django.utils.html import format_html

from .models import Notification

# Status as words, each with its own tag colour; the word carries the meaning, never the colour alone.
STATUS_TAG = {
    Notification.Status.SENT: "govuk-tag--green",
    Notification.Status.QUEUED: "govuk-tag--grey",
    Notification.Status.RETRYING: "govuk-tag--yellow",
    Notification.Status.FAILED: "govuk-tag--red",
}
# A cell's main value with a smaller grey line under it.
SECOND_LINE = "{}<br><span class='govuk-hint govuk-!-font-size-16 govuk-!-margin-0'>{}</span>"


class NotificationTable(tables.Table):
    created_at = tables.DateTimeColumn(verbose_name="Recorded", format="j M Y, H:i")
    recipient = tables.Column(verbose_name="To", empty_values=(), order_by=("email",))
    kind = tables.Column(verbose_name="What")
    subject = tables.Column()
    status = tables.Column(empty_values=())

    caption = "Emails the service has sent or is sending for this board"

    class Meta:
        model = Notification
        fields = ["created_at", "recipient", "kind", "subject", "status"]
        order_by = "-created_at"
        empty_text = "No emails yet."

    def render_recipient(self, record):
        name = record.recipient.get_full_name() if record.recipient else ""
        if name:
            return format_html(
                "{}<br><span class='govuk-hint govuk-!-font-size-16 govuk-!-margin-0'>{}</span>", name, record.email
            )
        return record.email

    def render_status(self, record):
        tag = format_html(
            '<strong class="govuk-tag {}">{}</strong>', STATUS_TAG[record.status], record.get_status_display()
        )
        if record.status == Notification.Status.SENT:
            detail = f"{record.sent_at:%-d %b %Y, %H:%M}" + (
                f" after {record.attempts} attempts" if record.attempts > 1 else ""
            )
        elif record.status == Notification.Status.RETRYING:
            detail = f"Attempt {record.attempts} failed; next try {record.next_attempt_at:%-d %b, %H:%M}"
        elif record.status == Notification.Status.FAILED:
            detail = f"Gave up after {record.attempts} attempts: {record.last_error[:200]}"
        else:
            detail = "Waiting for the worker"
        return format_html(
            "{}<br><span class='govuk-hint govuk-!-font-size-16 govuk-!-margin-0'>{}</span>", tag, detail
        )

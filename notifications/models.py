from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """One email to one person, recorded before it is sent and kept afterwards: who was told what, when, and whether
    it arrived at the mail server.

    Every email of the service goes through here (notifications.services.queue_email) and is sent by the task queue
    (notifications.tasks.deliver_notification), never inside a request. `dedupe_key` names the occasion (e.g.
    "update-reminder:<quarter>:<stage>:<user>"): it is unique, so a second run of a job, or a second scheduler on
    another server, records nothing new and sends nothing twice. A failed send is retried with backoff
    (NOTIFICATION_MAX_ATTEMPTS); `last_error` keeps the mail server's answer.
    """

    class Kind(models.TextChoices):
        ACTION_ALERT = "action_alert", "Action turned Red or needs escalation"
        UPDATE_REMINDER = "update_reminder", "Status update reminder"
        UPDATE_CHASER = "update_chaser", "Status update overdue"
        CHALLENGE = "challenge", "BMG challenge on an action"
        ERROR_REPORT = "error_report", "Server error report to ADMINS"
        INVITATION = "invitation", "Invitation to join a board"
        PASSWORD_RESET = "password_reset", "Password reset link"
        # Section 11 audits (audits/notify.py): each step of a return's workflow, and the reminders around its deadline.
        AUDIT_CYCLE_OPENED = "audit_cycle_opened", "Section 11 return requested"
        AUDIT_SUBMITTED = "audit_submitted", "Section 11 return submitted"
        AUDIT_CHALLENGED = "audit_challenged", "Section 11 return challenged"
        AUDIT_RESUBMITTED = "audit_resubmitted", "Section 11 return resubmitted"
        AUDIT_ACCEPTED = "audit_accepted", "Section 11 return accepted"
        AUDIT_REMINDER = "audit_reminder", "Section 11 return due soon"
        AUDIT_OVERDUE = "audit_overdue", "Section 11 return overdue"
        # The independent scrutineer's log (scrutiny/services.py).
        SCRUTINY_RAISED = "scrutiny_raised", "Scrutiny observation or challenge raised"
        SCRUTINY_RESPONSE = "scrutiny_response", "Response to a scrutiny entry"
        # The learning reviews ledger (learning/services.py).
        LEARNING_RECOMMENDATION = "learning_recommendation", "Review recommendation to lead"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RETRYING = "retrying", "Waiting to retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["board", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.email}: {self.subject}"


class ScheduledRun(models.Model):
    """One run of a scheduled job (settings.SCHEDULED_JOBS) for one time slot. The unique (job, slot) pair is the lock
    that makes several schedulers safe: the first to insert the row runs the job, the others skip it."""

    job = models.CharField(max_length=50)
    slot = models.DateTimeField(help_text="The start of the time slot this run covers")
    host = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(null=True)
    output = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduledrun_one_per_slot")]

    def __str__(self):
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}"

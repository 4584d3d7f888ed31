"""The independent scrutineer's log: observations and challenges addressed to the board, a partner agency or a lead,
with the responses and the outcome (issue 20). Shown in the yearly report."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from bscb.history import AppendOnlyModel


class ScrutinyEntry(models.Model):
    """One observation or challenge of the independent scrutineer, addressed to the board, a partner agency or a lead
    of the plan. The addressee responds (ScrutinyResponse, append-only); the scrutineer records the outcome and closes
    it. Nothing is deleted: a closed entry stays in the log and in the yearly report of its year."""

    class Kind(models.TextChoices):
        OBSERVATION = "observation", "Observation"
        CHALLENGE = "challenge", "Challenge"

    class AddressedTo(models.TextChoices):
        BOARD = "board", "The board"
        PARTNER = "partner", "A partner agency"
        LEAD = "lead", "A lead"

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Awaiting a response"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"

    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, related_name="scrutiny_entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    addressed_to = models.CharField(max_length=20, choices=AddressedTo.choices)
    agency = models.ForeignKey(
        "plans.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="scrutiny_entries"
    )
    lead = models.ForeignKey("plans.Lead", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.ForeignKey(
        "priorities.Action",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The plan action the entry is about, if any",
    )
    subject = models.CharField(max_length=200)
    detail = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField(default=timezone.localdate)
    response_due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING)
    outcome = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name_plural = "scrutiny entries"
        constraints = [
            # The addressee is named exactly as the kind of addressee says.
            models.CheckConstraint(
                name="scrutiny_entry_addressee",
                condition=(
                    models.Q(addressed_to="board", agency__isnull=True, lead__isnull=True)
                    | models.Q(addressed_to="partner", agency__isnull=False, lead__isnull=True)
                    | models.Q(addressed_to="lead", agency__isnull=True, lead__isnull=False)
                ),
            ),
            # A closed entry says what came of it.
            models.CheckConstraint(
                name="scrutiny_entry_closed_with_outcome",
                condition=~models.Q(status="closed") | (~models.Q(outcome="") & models.Q(closed_on__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def addressee_label(self) -> str:
        if self.addressed_to == self.AddressedTo.PARTNER and self.agency_id:
            return self.agency.name
        if self.addressed_to == self.AddressedTo.LEAD and self.lead_id:
            return self.lead.name
        return "the board"


class ScrutinyResponse(AppendOnlyModel):
    """A response to a scrutiny entry, for the board, a partner or a lead. Append-only: never edited or deleted
    (bscb.history.AppendOnlyModel; on PostgreSQL a trigger refuses UPDATE and DELETE too, `bscb.db.AppendOnly`)."""

    entry = models.ForeignKey(ScrutinyEntry, on_delete=models.PROTECT, related_name="responses")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    responding_for = models.CharField(max_length=200)
    text = models.TextField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"Response for {self.responding_for} on {self.at:%d %B %Y}"

"""Section 11 audit cycles, agencies' returns, moderation, the practitioner questionnaire, multi-agency themed audits
and the audit map of single-agency audits.

A return's status is changed only by `audits.services` (explicit allowed transitions); every change is an
append-only `ReturnEvent`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bscb.history import AppendOnlyModel
from priorities.models import Rag

# The eight key features of Section 11 arrangements (Working Together), used as a new cycle's default standards.
DEFAULT_STANDARDS = [
    (
        "Senior management commitment",
        "Senior managers have a commitment to the importance of safeguarding and promoting children's welfare.",
    ),
    (
        "Statement of responsibilities towards children",
        "A clear statement of the agency's responsibilities towards children is available for all staff.",
    ),
    (
        "Clear line of accountability",
        "A clear line of accountability within the organisation for work on safeguarding and promoting the welfare "
        "of children.",
    ),
    (
        "Service development takes account of the views of children and families",
        "Service development takes account of the need to safeguard and promote welfare and is informed, where "
        "appropriate, by the views of children and families.",
    ),
    ("Training", "Training on safeguarding and promoting the welfare of children for all staff working with them."),
    ("Safer recruitment", "Safer recruitment procedures, including vetting, are in place."),
    ("Effective inter-agency working", "Effective inter-agency working to safeguard and promote children's welfare."),
    ("Information sharing", "Effective information sharing, in line with the board's information sharing protocol."),
]

DEFAULT_QUESTIONS = [
    "Do you know who the designated safeguarding lead is in your agency?",
    "Have you had safeguarding children training in the last three years?",
    "Do you know how to make a referral to the Multi-Agency Safeguarding Hub (MASH)?",
    "Do you know how to escalate a concern when you disagree with a decision about a child?",
    "Does your supervision give you time to reflect on safeguarding cases?",
]


class Rating(models.TextChoices):
    """A self-assessed or moderated rating of one standard. Always shown as its words."""

    FULLY_MET = "fully_met", "Fully met"
    PARTIALLY_MET = "partially_met", "Partially met"
    NOT_MET = "not_met", "Not met"


RATING_RANK = {Rating.FULLY_MET: 3, Rating.PARTIALLY_MET: 2, Rating.NOT_MET: 1}


class AuditCycle(models.Model):
    """A Section 11 audit cycle of a board (e.g. "Section 11 audit 2014/15"): the agencies required to return
    (one `AgencyReturn` each), the deadline and the standards audited."""

    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, related_name="audit_cycles")
    plan = models.ForeignKey(
        "plans.BusinessPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_cycles"
    )
    title = models.CharField(max_length=200)
    financial_year = models.PositiveSmallIntegerField(help_text="Calendar year the financial year starts in")
    deadline = models.DateField(help_text="Returns are due by this date")
    introduction = models.TextField(blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["board", "-financial_year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["board", "title"], name="audit_cycle_unique_title_per_board"),
        ]

    def __str__(self):
        return self.title


class Standard(models.Model):
    """One standard audited in a cycle (by default the eight key features), editable per cycle."""

    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="standards")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["cycle", "order"]
        constraints = [models.UniqueConstraint(fields=["cycle", "order"], name="standard_unique_order_per_cycle")]

    def __str__(self):
        return f"{self.order}. {self.title}"


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHALLENGED = "challenged", "Challenged"
    RESUBMITTED = "resubmitted", "Resubmitted"
    ACCEPTED = "accepted", "Accepted"
    # The agency was removed from an open cycle: the return and its history are kept, and it no longer counts.
    WITHDRAWN = "withdrawn", "Withdrawn"


# Statuses in which the agency may edit its return; in every other status the return is with the coordinator.
EDITABLE_STATUSES = frozenset({ReturnStatus.DRAFT, ReturnStatus.CHALLENGED})
# Statuses that count as "received" in the overview and the dashboard.
RECEIVED_STATUSES = frozenset(
    {ReturnStatus.SUBMITTED, ReturnStatus.CHALLENGED, ReturnStatus.RESUBMITTED, ReturnStatus.ACCEPTED}
)


class AgencyReturn(models.Model):
    """An agency's Section 11 self-assessment in one cycle. `status` is a cache of the last `ReturnEvent`,
    written only by `audits.services` in the same transaction as the event.

    A return with workflow history cannot be deleted (its events PROTECT it), nor can a cycle that has returns: the
    deletion raises ProtectedError, and the admin shows its "Cannot delete" page listing them. A return without events
    (never opened through `audits.services`) can still be deleted, with its assessments and improvement actions.
    """

    # PROTECT: deleting a cycle would otherwise cascade to its returns and so to their append-only workflow log.
    cycle = models.ForeignKey(AuditCycle, on_delete=models.PROTECT, related_name="returns")
    agency = models.ForeignKey("plans.Agency", on_delete=models.PROTECT, related_name="s11_returns")
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False, help_text="First submission")
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text="The agency's accepted return of an earlier cycle this one started from",
    )
    is_demo = models.BooleanField(default=False, help_text="Part of the clearly marked demo data")

    class Meta:
        ordering = ["cycle", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["cycle", "agency"], name="return_unique_agency_per_cycle")]
        indexes = [
            # The overview and dashboard count returns by status.
            models.Index(fields=["cycle", "status"], name="return_cycle_status_idx"),
        ]

    def __str__(self):
        return f"{self.agency} – {self.cycle}"

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def is_received(self):
        return self.status in RECEIVED_STATUSES

    def is_overdue(self, today=None):
        """Not yet submitted and the cycle's deadline has passed. A challenged return is with the agency but was
        received on time, so it is not overdue."""
        today = today or timezone.localdate()
        return self.status == ReturnStatus.DRAFT and self.cycle.deadline < today


class ReturnEvent(AppendOnlyModel):
    """An append-only record of a step in a return's workflow: who, when, from -> to, and the note (the reviewer's
    questions for a challenge). Never edited or deleted.

    Refused at three levels: the model and its queryset (every database), and on PostgreSQL a trigger that refuses
    UPDATE and DELETE of any row (migration `0002_history_append_only_in_database`, `bscb.db.AppendOnly`).
    """

    # PROTECT: a return with history cannot be deleted (a CASCADE would delete its workflow log).
    agency_return = models.ForeignKey(AgencyReturn, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for steps loaded by a command (demo data)",
    )
    from_status = models.CharField(max_length=20, choices=ReturnStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["agency_return", "at", "id"]

    def __str__(self):
        return f"{self.agency_return}: {self.from_status or 'new'} -> {self.to_status}"


class StandardAssessment(models.Model):
    """An agency's self-assessment of one standard (rating and evidence), and the coordinator's moderation of it."""

    # CASCADE stays: only a return without workflow history can be deleted, and its assessments belong to it alone.
    agency_return = models.ForeignKey(AgencyReturn, on_delete=models.CASCADE, related_name="assessments")
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="assessments")
    self_rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    moderated_rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    moderation_notes = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Copied from the agency's accepted return of the previous cycle: shown as "Carried forward" until the agency
    # confirms or changes it (a return cannot be submitted with an unconfirmed carried-forward assessment).
    carried_forward = models.BooleanField(default=False)

    class Meta:
        ordering = ["agency_return", "standard__order"]
        constraints = [
            models.UniqueConstraint(fields=["agency_return", "standard"], name="assessment_unique_per_standard"),
        ]

    def __str__(self):
        return f"{self.agency_return.agency}: {self.standard.title}"

    @property
    def is_complete(self):
        return bool(self.self_rating and self.evidence.strip())

    @property
    def rating(self):
        """The rating the board relies on: the moderated one once recorded, else the agency's own."""
        return self.moderated_rating or self.self_rating

    @property
    def moderation_difference(self):
        """The moderated rating compared with the self-assessment, in words."""
        if not self.moderated_rating:
            return "Not moderated yet"
        if not self.self_rating:
            return "No self-assessment"
        moderated, own = RATING_RANK[self.moderated_rating], RATING_RANK[self.self_rating]
        if moderated < own:
            return "Moderated lower"
        if moderated > own:
            return "Moderated higher"
        return "Agreed"


class ImprovementAction(models.Model):
    """An action the agency will take to improve against a standard: description, owner, due date and progress.

    Tracked work, not a line of a form: it stays open after its return is accepted until it is complete. The owner is
    a lead of the plan (`owner_lead`, a person or a group, so it is on their My actions) or, for someone outside the
    plan, the free text `owner`. `progress` is a cache of the latest `FindingUpdate`, written only by audits services
    in the same transaction. It may feed plan actions (`plan_actions`), which list it."""

    assessment = models.ForeignKey(StandardAssessment, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200, blank=True, help_text="An owner outside the plan's leads, as written")
    owner_lead = models.ForeignKey(
        "plans.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="improvement_actions"
    )
    due_date = models.DateField()
    progress = models.CharField(max_length=20, choices=Rag.choices, default=Rag.NOT_STARTED)
    progress_note = models.TextField(blank=True)
    plan_actions = models.ManyToManyField("priorities.Action", related_name="improvement_actions", blank=True)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text="The open improvement action of the previous cycle this one continues",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment__standard__order", "due_date", "id"]

    def __str__(self):
        return self.description[:80]

    @property
    def owner_name(self):
        return self.owner_lead.name if self.owner_lead_id else self.owner

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.due_date < today and self.progress != Rag.COMPLETE


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    DONT_KNOW = "dont_know", "Don't know"


class QuestionnaireQuestion(models.Model):
    """A question of a cycle's practitioner questionnaire."""

    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["cycle", "order"]
        constraints = [models.UniqueConstraint(fields=["cycle", "order"], name="question_unique_order_per_cycle")]

    def __str__(self):
        return self.text


class QuestionnaireResponse(models.Model):
    """One practitioner's anonymous answers, known only by agency and date: no user is stored, on purpose."""

    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="responses")
    agency = models.ForeignKey("plans.Agency", on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField(default=timezone.localdate)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["cycle", "agency__name", "id"]

    def __str__(self):
        return f"{self.cycle}: response from {self.agency}"


class QuestionnaireAnswer(models.Model):
    """One answer (Yes, No, Don't know) of an anonymous response."""

    response = models.ForeignKey(QuestionnaireResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(QuestionnaireQuestion, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(max_length=10, choices=Answer.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_unique_per_question")]
        indexes = [
            # The summary counts answers per question.
            models.Index(fields=["question", "answer"], name="answer_question_idx"),
        ]

    def __str__(self):
        return f"{self.question}: {self.get_answer_display()}"


class QuestionnaireRespondent(models.Model):
    """That a user has answered a cycle's questionnaire, so that each person answers once: written in the same
    transaction as their `QuestionnaireResponse` but with no link to it, and nothing that would allow one to be
    matched to the other (no date or time; a random key, not a sequence that would follow the responses' ids)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "user"], name="questionnaire_one_response_per_person")]

    def __str__(self):
        return f"{self.cycle}: answered by {self.user}"


class ThemedAudit(models.Model):
    """A multi-agency themed audit commissioned by the PQA sub-group (four a year): theme, scope, agencies, dates,
    findings, the learning disseminated, and the plan priorities it informs."""

    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, related_name="themed_audits")
    theme = models.CharField(max_length=200)
    scope = models.TextField()
    agencies = models.ManyToManyField("plans.Agency", related_name="themed_audits", blank=True)
    priorities = models.ManyToManyField("priorities.Priority", related_name="themed_audits", blank=True)
    commissioned_on = models.DateField()
    audit_date = models.DateField(null=True, blank=True, help_text="When the case files were audited")
    reported_on = models.DateField(null=True, blank=True, help_text="When findings were reported to PQA")
    findings = models.TextField(blank=True)
    learning_disseminated = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["board", "-commissioned_on", "theme"]

    def __str__(self):
        return self.theme


class Recommendation(models.Model):
    """A recommendation of a themed audit, with its owner, due date and RAG status: tracked like an improvement action
    (owner a lead of the plan or free text, `rag` a cache of the latest `FindingUpdate`, plan actions it feeds)."""

    themed_audit = models.ForeignKey(ThemedAudit, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    owner = models.CharField(max_length=200, blank=True, help_text="An owner outside the plan's leads, as written")
    owner_lead = models.ForeignKey(
        "plans.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    due_date = models.DateField()
    rag = models.CharField(max_length=20, choices=Rag.choices, default=Rag.NOT_STARTED)
    progress_note = models.TextField(blank=True)
    plan_actions = models.ManyToManyField("priorities.Action", related_name="recommendations", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["themed_audit", "due_date", "id"]

    def __str__(self):
        return self.text[:80]

    @property
    def owner_name(self):
        return self.owner_lead.name if self.owner_lead_id else self.owner

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.due_date < today and self.rag != Rag.COMPLETE


class FindingUpdate(AppendOnlyModel):
    """An append-only progress update of a finding (an improvement action or a themed audit's recommendation): its
    status before and after, and the note. Exactly one of the two is set. Never edited or deleted."""

    improvement_action = models.ForeignKey(
        ImprovementAction, on_delete=models.PROTECT, null=True, blank=True, related_name="updates"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, null=True, blank=True, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    rag_before = models.CharField(max_length=20, choices=Rag.choices)
    rag = models.CharField(max_length=20, choices=Rag.choices)
    note = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(improvement_action__isnull=False, recommendation__isnull=True)
                    | models.Q(improvement_action__isnull=True, recommendation__isnull=False)
                ),
                name="finding_update_one_finding",
            )
        ]

    def __str__(self):
        finding = self.improvement_action or self.recommendation
        return f"{finding}: {self.rag_before} -> {self.rag}"


class SingleAgencyAudit(models.Model):
    """An entry of the audit map: a single-agency safeguarding audit reported to the board."""

    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, related_name="single_agency_audits")
    agency = models.ForeignKey("plans.Agency", on_delete=models.PROTECT, related_name="single_agency_audits")
    topic = models.CharField(max_length=200)
    reported_on = models.DateField(help_text="When it was reported to the board")
    summary_of_findings = models.TextField()
    is_demo = models.BooleanField(default=False)

    # Every change and removal kept (who, when, what it was): the audit map is a record.
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "-reported_on", "agency__name"]
        indexes = [models.Index(fields=["board", "-reported_on"], name="audit_map_board_date_idx")]

    def __str__(self):
        return f"{self.agency}: {self.topic}"

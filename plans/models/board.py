from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class BoardManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def validate_reminder_days(value: str) -> None:
    """Whole numbers of days from 1 to 90, separated by commas; empty for no reminders."""
    for part in value.split(","):
        part = part.strip()
        if part and (not part.isdigit() or not 1 <= int(part) <= 90):
            raise ValidationError(
                "Enter the days before the deadline as whole numbers from 1 to 90 separated by commas, like 14,3"
            )


class Board(models.Model):
    """A safeguarding partnership (a children's board, an adults' board or a community safety partnership). Every
    plan, person and record belongs to exactly one board."""

    class Kind(models.TextChoices):
        CHILDREN = "children", "Safeguarding children partnership"
        ADULTS = "adults", "Safeguarding adults board"
        COMMUNITY_SAFETY = "community_safety", "Community safety partnership"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, help_text="As the plan abbreviates it, e.g. BSCB")
    slug = models.SlugField(max_length=50, unique=True)
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.CHILDREN,
        help_text="The partnership's kind: it names the plan's people and reviews in the partnership's words",
    )
    # When leads whose status update is missing are emailed (send_update_reminders, run hourly by the scheduler):
    # a reminder on each of these days before the open quarter's update deadline, and one chaser after it.
    reminder_days_before = models.CharField(
        max_length=50,
        default="14,3",
        validators=[validate_reminder_days],
        help_text="Days before a quarter's update deadline to remind leads whose update is missing, e.g. 14,3",
    )
    chaser_days_after = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=1,
        validators=[MaxValueValidator(60)],
        help_text="Days after the deadline to chase leads whose update is still missing (once); empty for none",
    )

    objects = BoardManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def has_current_plan(self) -> bool:
        """Whether the board has a plan its people see (the home page leads an administrator to set-up if not)."""
        return self.plans.filter(is_current=True).exists()

    def reminder_days(self) -> list[int]:
        """The reminder days before the deadline, largest first, e.g. [14, 3]."""
        return sorted({int(day) for day in self.reminder_days_before.split(",") if day.strip()}, reverse=True)


class Agency(models.Model):
    """A partner organisation of the board (council, police, health trust, probation, CAFCASS, schools...)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    sector = models.CharField(max_length=100, blank=True, help_text="e.g. Local authority, Police, Health")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [models.UniqueConstraint(fields=["board", "name"], name="agency_unique_name_per_board")]

    def __str__(self):
        return self.name


class BusinessPlan(models.Model):
    """A board's two-year business plan: the period, its narrative and the lists that frame the priorities."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=50)
    period = models.CharField(max_length=20, help_text="As written, e.g. 2014-2016")
    start_year = models.PositiveSmallIntegerField(help_text="Calendar year in which the first financial year starts")
    end_year = models.PositiveSmallIntegerField()
    dated = models.CharField(max_length=40, help_text="As printed on the plan, e.g. June 2014")
    introduction = models.TextField(blank=True)
    vision = models.TextField(blank=True)
    mission = models.JSONField(default=list, blank=True, help_text="The mission bullets, in order")
    ambition_intro = models.TextField(blank=True)
    ambition = models.JSONField(default=list, blank=True, help_text="The ambition bullets, in order")
    ambition_summary = models.TextField(blank=True)
    strategic_priorities_intro = models.TextField(blank=True)
    continuing_priorities = models.JSONField(default=list, blank=True, help_text="'The Board will:' bullets")
    continuing_priorities_note = models.TextField(
        blank=True, help_text="The footnote printed under the continuing priorities (Section 11, Children Act 2004)"
    )
    # The JSON lists below hold a printed section as a list of strings in order: its paragraphs and, after the
    # paragraph that introduces them, each of its bullets (docs/plan-data.md lists which items are bullets).
    evidence_of_improvement = models.JSONField(
        default=list, blank=True, help_text="Section 8/9: how the board will evidence improvement, paragraphs"
    )
    budget_and_risk = models.JSONField(default=list, blank=True, help_text="Budget, risk and change paragraphs")
    survey_introduction = models.JSONField(default=list, blank=True, help_text="Appendix 1 paragraphs")
    survey_question = models.CharField(max_length=200, blank=True)
    survey_members = models.PositiveSmallIntegerField(null=True, blank=True)
    survey_answered = models.PositiveSmallIntegerField(null=True, blank=True)
    survey_skipped = models.PositiveSmallIntegerField(null=True, blank=True)
    is_current = models.BooleanField(default=True, help_text="The plan people see first for this board")

    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["board", "slug"], name="plan_unique_slug_per_board"),
            models.CheckConstraint(
                condition=models.Q(end_year__gt=models.F("start_year")), name="plan_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.board.short_name} {self.title}"


class SurveyResult(models.Model):
    """Appendix 1: one area of the priorities survey with its response count and printed percentage."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="survey_results")
    order = models.PositiveSmallIntegerField()
    area = models.CharField(max_length=100)
    response_percent = models.DecimalField(max_digits=4, decimal_places=1, help_text="As printed, e.g. 65.2")
    response_count = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "area"], name="survey_unique_area_per_plan")]

    def __str__(self):
        return f"{self.area}: {self.response_count}"

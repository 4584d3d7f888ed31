from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Lead(models.Model):
    """Someone or something named in a 'Responsible Leads' cell, kept as written.

    A lead is a person ("Jo Moses", "DI John Cannon"), a group or body ("MASE", "DV & VAWG", "Youth Shield") or a
    placeholder ("Task Group to be established", "Lead contact for each partner", "All"). People may belong to
    groups and to an agency, and may have a user account: that is how a signed-in lead finds the actions they lead,
    directly or through a group.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        GROUP = "group", "Group or body"
        PLACEHOLDER = "placeholder", "Placeholder"

    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, related_name="leads")
    name = models.CharField(max_length=200, help_text="As written in the plan")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=300, blank=True, help_text="e.g. what the acronym stands for")
    agency = models.ForeignKey("plans.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="leads")
    groups = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": "group"},
        help_text="Groups this person belongs to",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="lead"
    )
    email = models.EmailField(blank=True)

    history = HistoricalRecords(m2m_fields=[groups])

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["board", "name"], name="lead_unique_name_per_board")]

    def __str__(self):
        return self.name

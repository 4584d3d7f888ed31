"""Evidence attached to a record of another app: a file kept through Django's storage API, or a link to a document
held elsewhere (SharePoint). The `evidence` app stands on the ground floor and refers to the records it is attached
to only through a generic foreign key; which records accept evidence, and who may see and add it, is the registry's
business (evidence/registry.py)."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone


def attachment_path(instance, filename):
    """Where the file is stored: the board's folder and a random name, never the name the user gave (which could
    hold a path, collide with another file or leak through a listing). The extension is kept, already checked against
    the allowed list, so that an operator or an S3 console can tell a PDF from a spreadsheet."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"evidence/board-{instance.board_id}/{uuid.uuid4().hex}{suffix}"


class AttachmentQuerySet(models.QuerySet):
    def delete(self):
        raise TypeError("Evidence is never deleted: remove it with evidence.services.remove_attachment")

    def visible(self):
        """Not removed: what the lists show."""
        return self.filter(removed_at__isnull=True)


class Attachment(models.Model):
    """A document kept as evidence for one record (a Section 11 return, a standard's assessment, an improvement
    action, a plan action's status update...): either a file (`file`, with its sanitised `original_name`, `size` and
    the `mime_type` it is served with) or a link (`url` and `title`), never both.

    Every query is scoped by `board`. An attachment is never deleted: removing it records who, when and why and hides
    it from the lists, and the row and the stored file are kept. Attachments are kept when their record is superseded
    (a newer status update) and shown in its history.
    """

    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, related_name="evidence_attachments")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")

    file = models.FileField(upload_to=attachment_path, max_length=255, blank=True)
    original_name = models.CharField(max_length=120, blank=True, help_text="The file's name, sanitised")
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes")
    mime_type = models.CharField(max_length=100, blank=True, help_text="Decided from the checked type, not the browser")

    url = models.URLField(max_length=1000, blank=True, validators=[URLValidator(schemes=["http", "https"])])
    title = models.CharField(max_length=200, blank=True)

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [
            # Every list reads a record's (or a page of records') attachments.
            models.Index(fields=["content_type", "object_id"], name="evidence_record_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url="")) | (~models.Q(file="") & models.Q(url="")),
                name="evidence_file_or_link",
            ),
            models.CheckConstraint(
                condition=models.Q(removed_at__isnull=True) | ~models.Q(removal_reason=""),
                name="evidence_removal_has_reason",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.original_name if self.file else self.title

    @property
    def is_link(self):
        return not self.file

    @property
    def is_removed(self):
        return self.removed_at is not None

    def delete(self, *args, **kwargs):
        raise TypeError("Evidence is never deleted: remove it with evidence.services.remove_attachment")

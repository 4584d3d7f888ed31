"""Reads of the evidence app. Every read is scoped by the board and costs one query (plus the content types, cached
per process) however many records and attachments a page shows."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import Attachment


def record_key(record) -> tuple[int, int]:
    return ContentType.objects.get_for_model(record).pk, record.pk


def attachments_for(board, records) -> dict[tuple[int, int], list[Attachment]]:
    """{(content type id, object id): [attachment, ...]} of the records' attachments that are not removed, oldest
    first, with their uploader: one query for any number of records of any models (none when there are no records)."""
    ids_by_type = defaultdict(set)
    for record in records:
        content_type_id, object_id = record_key(record)
        ids_by_type[content_type_id].add(object_id)
    found = defaultdict(list)
    if not ids_by_type or board is None:
        return found
    matches = Q()
    for content_type_id, object_ids in ids_by_type.items():
        matches |= Q(content_type_id=content_type_id, object_id__in=sorted(object_ids))
    for attachment in Attachment.objects.visible().filter(matches, board=board).select_related("uploaded_by"):
        found[(attachment.content_type_id, attachment.object_id)].append(attachment)
    return found


def get_attachment(board, pk) -> Attachment | None:
    """An attachment of `board` that is not removed, or None (the views answer 404)."""
    return Attachment.objects.visible().filter(board=board, pk=pk).select_related("content_type").first()

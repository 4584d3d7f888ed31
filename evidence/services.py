"""Writes of the evidence app: attach a file or a link to a record, remove an attachment. Each checks what it is
given (a refused file changes nothing) and runs in a transaction.

What a file may be (decision, docs/audits.md "Evidence"): PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, plain
text and CSV, up to `settings.EVIDENCE_MAX_BYTES`. The name's extension AND the file's first bytes must agree: a
".pdf" must start with %PDF-, Office Open XML and OpenDocument files are zip files holding their own manifest, images
carry their signature, text must decode as UTF-8 with no NUL byte. The old binary Office formats (.doc, .xls, .ppt)
are accepted when they carry the OLE compound file signature, because partners still produce them; their macros
never run here (the file is only ever served as a download, with nosniff). Anything else is refused with a sentence
that names the file and the reason.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename

from .models import Attachment
from .registry import target_for

PDF = b"%PDF-"
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"

OOXML = "ooxml"  # a zip holding [Content_Types].xml
ODF = "odf"  # a zip whose first entry "mimetype" names an OpenDocument type
TEXT = "text"  # UTF-8 without NUL bytes


@dataclass(frozen=True)
class FileType:
    kind: str  # in the refusal: "is not a real PDF"
    mime_type: str  # what the download is served as
    signature: bytes | str  # leading bytes, or OOXML / ODF / TEXT


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
FILE_TYPES = {
    ".pdf": FileType("PDF", "application/pdf", PDF),
    ".docx": FileType("Word document", _OOXML + "wordprocessingml.document", OOXML),
    ".xlsx": FileType("Excel spreadsheet", _OOXML + "spreadsheetml.sheet", OOXML),
    ".pptx": FileType("PowerPoint presentation", _OOXML + "presentationml.presentation", OOXML),
    ".doc": FileType("Word document", "application/msword", OLE),
    ".xls": FileType("Excel spreadsheet", "application/vnd.ms-excel", OLE),
    ".ppt": FileType("PowerPoint presentation", "application/vnd.ms-powerpoint", OLE),
    ".odt": FileType("OpenDocument text", _ODF + "text", ODF),
    ".ods": FileType("OpenDocument spreadsheet", _ODF + "spreadsheet", ODF),
    ".odp": FileType("OpenDocument presentation", _ODF + "presentation", ODF),
    ".png": FileType("PNG image", "image/png", PNG),
    ".jpg": FileType("JPEG image", "image/jpeg", JPEG),
    ".jpeg": FileType("JPEG image", "image/jpeg", JPEG),
    ".txt": FileType("text file", "text/plain; charset=utf-8", TEXT),
    ".csv": FileType("CSV file", "text/csv; charset=utf-8", TEXT),
}
ALLOWED_WORDS = "a PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, text or CSV file"
MAX_NAME_LENGTH = 100  # of the sanitised name, extension included (the column holds 120)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedFile:
    name: str  # sanitised
    mime_type: str
    size: int


def sanitise_name(raw: str) -> str:
    """A name safe to store and to send back in Content-Disposition: the last path segment only (no "../", no
    folders, either slash), no control or invisible characters, only letters, digits, "-", "_" and "." (Django's
    get_valid_filename), at most MAX_NAME_LENGTH characters with the extension kept. Never empty."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = _CONTROL.sub("", name).strip().lstrip(".")
    try:
        name = get_valid_filename(name)
    except SuspiciousFileOperation:
        name = ""
    path = PurePosixPath(name or "evidence")
    stem, suffix = path.stem or "evidence", path.suffix.lower()
    if len(suffix) > 10:  # not an extension we know: keep it in the stem, which is cut below
        stem, suffix = f"{stem}{suffix}", ""
    return f"{stem[: MAX_NAME_LENGTH - len(suffix)]}{suffix}"


def _refuse(name, reason):
    raise ValidationError(f"{name} {reason}", code="refused")


def _read(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    content = uploaded_file.read()
    uploaded_file.seek(0)
    return content


def _matches(file_type: FileType, content: bytes) -> bool:
    signature = file_type.signature
    if isinstance(signature, bytes):
        return content.startswith(signature)
    if signature == TEXT:
        if b"\x00" in content:
            return False
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if not content.startswith(ZIP):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if signature == OOXML:
                return "[Content_Types].xml" in names
            return "mimetype" in names and archive.read("mimetype").startswith(_ODF.encode())
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return False


def check_upload(uploaded_file) -> CheckedFile:
    """The sanitised name, the type to serve it as and its size, or ValidationError with a sentence naming the file
    and the reason (too large, empty, a type not allowed, contents that do not match the name)."""
    name = sanitise_name(uploaded_file.name)
    limit = settings.EVIDENCE_MAX_BYTES
    size = uploaded_file.size
    if size > limit:
        _refuse(name, f"is {filesizeformat(size)}: the file must be smaller than {filesizeformat(limit)}")
    if size == 0:
        _refuse(name, "is empty: choose the file again")
    file_type = FILE_TYPES.get(PurePosixPath(name).suffix.lower())
    if file_type is None:
        _refuse(name, f"cannot be added: the file must be {ALLOWED_WORDS}")
    if not _matches(file_type, _read(uploaded_file)):
        _refuse(
            name,
            f"is not a real {file_type.kind}: its contents do not match its name. Save it again as {ALLOWED_WORDS}",
        )
    return CheckedFile(name=name, mime_type=file_type.mime_type, size=size)


def _record_fields(board, record):
    """The attachment's board and record. The record must be of a registered model and of the board: checked here
    too, not only by the views, so that no caller can file one board's evidence under another's record."""
    target = target_for(record)
    if target is None or not target.model.objects.filter(pk=record.pk, **{target.board_path: board}).exists():
        raise ValueError("Evidence can be attached only to a registered record of the same board")
    return {"board": board, "record": record}


@transaction.atomic
def attach_file(*, board, record, uploaded_file, user) -> Attachment:
    """Keep `uploaded_file` as evidence for `record` (checked again here: refused files raise ValidationError and
    nothing is stored). The stored name is random (models.attachment_path); the sanitised name is kept for the
    download. If the transaction fails after the file was written, the file stays in storage unreferenced: that is
    safe, and nothing is lost."""
    checked = check_upload(uploaded_file)
    attachment = Attachment(
        **_record_fields(board, record),
        original_name=checked.name,
        size=checked.size,
        mime_type=checked.mime_type,
        uploaded_by=user,
    )
    attachment.file.save(checked.name, uploaded_file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attach_link(*, board, record, url, title, user) -> Attachment:
    """Record a link to a document held elsewhere (http or https only, checked by the form and the model)."""
    attachment = Attachment(**_record_fields(board, record), url=url, title=title, uploaded_by=user)
    attachment.full_clean(exclude=["board", "content_type", "uploaded_by", "removed_by", "file"])
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, attachment, user, reason) -> Attachment:
    """Hide an attachment from the lists, recording who, when and why. The row and the stored file are kept."""
    attachment = Attachment.objects.select_for_update(of=("self",)).get(pk=attachment.pk)
    if attachment.removed_at is not None:
        return attachment
    attachment.removed_at = timezone.now()
    attachment.removed_by = user
    attachment.removal_reason = reason
    attachment.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    return attachment

"""What a file may be: size, type by extension AND first bytes, sanitised names (evidence/services.py)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.services import check_upload, sanitise_name
from tests.evidence.helpers import PDF_BYTES

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document/>"})


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("policy.pdf", PDF_BYTES, "application/pdf"),
        ("Policy.PDF", PDF_BYTES, "application/pdf"),
        ("record.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("figures.xlsx", DOCX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("slides.pptx", DOCX, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("record.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("old.doc", OLE, "application/msword"),
        ("old.xls", OLE, "application/vnd.ms-excel"),
        ("chart.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("notes.txt", "Réunion: 12 staff trained".encode(), "text/plain; charset=utf-8"),
        ("figures.csv", b"agency,trained\nPolice,12\n", "text/csv; charset=utf-8"),
    ],
)
def test_allowed_types_pass_when_their_bytes_match(settings, name, content, mime_type):
    checked = check_upload(upload(name, content))
    assert checked.mime_type == mime_type
    assert checked.size == len(content)
    assert checked.name == name.rsplit(".", 1)[0] + "." + name.rsplit(".", 1)[1].lower()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("policy.pdf", HTML, "policy.pdf is not a real PDF: its contents do not match its name"),
        ("record.docx", PDF_BYTES, "record.docx is not a real Word document"),
        ("record.docx", _zip({"word/document.xml": "x"}), "record.docx is not a real Word document"),
        ("record.docx", b"PK\x03\x04 not really a zip", "record.docx is not a real Word document"),
        ("record.odt", DOCX, "record.odt is not a real OpenDocument text"),
        ("old.doc", HTML, "old.doc is not a real Word document"),
        ("chart.png", JPEG, "chart.png is not a real PNG image"),
        ("photo.jpg", PNG, "photo.jpg is not a real JPEG image"),
        ("notes.txt", b"\xff\xfe\x00n\x00o", "notes.txt is not a real text file"),
        ("figures.csv", b"a,b\x00,c", "figures.csv is not a real CSV file"),
        ("page.html", HTML, "page.html cannot be added: the file must be a PDF, Word, Excel"),
        ("tool.exe", b"MZ\x90\x00", "tool.exe cannot be added"),
        ("macro.docm", DOCX, "macro.docm cannot be added"),
        ("no-extension", PDF_BYTES, "no-extension cannot be added"),
        ("empty.pdf", b"", "empty.pdf is empty"),
    ],
)
def test_refused_files_are_named_with_the_reason(name, content, reason):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    assert reason in refused.value.messages[0]


def test_the_size_limit_is_a_setting(settings):
    settings.EVIDENCE_MAX_BYTES = len(PDF_BYTES)
    assert check_upload(upload("policy.pdf", PDF_BYTES)).size == len(PDF_BYTES)
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("policy.pdf", PDF_BYTES + b" "))
    assert "policy.pdf is" in refused.value.messages[0]
    assert "the file must be smaller than" in refused.value.messages[0]


def test_the_default_limit_is_10_mb(settings):
    assert settings.EVIDENCE_MAX_BYTES == 10 * 1024 * 1024
    # The request itself may be that large on the upload URL (and only there): the form answers, not a 413.
    assert settings.UPLOAD_URL_BODY_LIMITS["evidence:add"] > settings.EVIDENCE_MAX_BYTES


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        ("/var/www/index.pdf", "index.pdf"),
        ("po\x00li\ncy\x1b\x7f.pdf", "policy.pdf"),
        ("Safeguarding policy 2014 (final).pdf", "Safeguarding_policy_2014_final.pdf"),
        ("rapport\u202egpj.pdf", "rapportgpj.pdf"),  # a right-to-left override that disguises an extension
        ("..", "evidence"),
        ("", "evidence"),
        (".pdf", "pdf"),
        ("<script>.pdf", "script.pdf"),
    ],
)
def test_names_are_sanitised(raw, clean):
    assert sanitise_name(raw) == clean


def test_long_names_are_cut_and_keep_their_extension():
    name = sanitise_name("a" * 300 + ".pdf")
    assert len(name) == 100 and name.endswith("a.pdf")

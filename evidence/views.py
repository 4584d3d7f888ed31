"""Adding, downloading and removing evidence. Files are never under a public URL: every download goes through
`attachment_download`, which checks the board and the record's own rule (evidence/registry.py).

Order of the checks, as everywhere (docs/CONVENTIONS.md): the user must be on a board (else 403); the attachment or
record is looked up on the user's board (another board's: 404); a record the user may not even know about (another
agency's return for an agency audit contact) is a 404; a user who may not see, or may not add, is refused with 403.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.access import get_for_board, require_board, role_required

from . import services
from .forms import AttachmentForm, RemovalForm
from .registry import target_for_label
from .selectors import get_attachment


def _record(request, board, target, object_id):
    """The record on the user's board (else 404), which the user may know about (else 404)."""
    queryset = target.model.objects.select_related(*target.select_related)
    record = get_for_board(queryset, board, target.board_path, pk=object_id)
    if target.is_hidden(request.user, record):
        raise Http404("No record found")
    return record


def _attachment_and_record(request, pk):
    board = require_board(request)
    attachment = get_attachment(board, pk)
    if attachment is None:
        raise Http404("No evidence found")
    target = target_for_label(f"{attachment.content_type.app_label}.{attachment.content_type.model}")
    if target is None:
        raise Http404("No evidence found")
    return attachment, target, _record(request, board, target, attachment.object_id)


@role_required()
def attachment_add(request, label, object_id):
    board = require_board(request)
    target = target_for_label(label)
    if target is None:
        raise Http404("This kind of record takes no evidence")
    record = _record(request, board, target, object_id)
    if not target.can_add(request.user, record):
        raise PermissionDenied("You cannot add evidence to this record.")
    posted = request.method == "POST"
    form = AttachmentForm(
        request.POST if posted else None, request.FILES if posted else None, max_bytes=settings.EVIDENCE_MAX_BYTES
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        if data["file"]:
            attachment = services.attach_file(board=board, record=record, uploaded_file=data["file"], user=request.user)
        else:
            attachment = services.attach_link(
                board=board, record=record, url=data["url"], title=data["title"].strip(), user=request.user
            )
        messages.success(request, f"Evidence added: {attachment.name}")
        return redirect(target.url(record))
    return render(
        request,
        "evidence/attachment_form.html",
        {"form": form, "record": record, "describe": target.describe(record), "back": target.url(record)},
    )


@require_GET
@role_required()
def attachment_download(request, pk):
    attachment, target, record = _attachment_and_record(request, pk)
    if not target.can_view(request.user, record):
        raise PermissionDenied("You cannot see the evidence of this record.")
    if attachment.is_link:
        return redirect(attachment.url)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
    # Never rendered by the browser as something else (an HTML page in a ".txt"), never cached on the way.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required()
def attachment_remove(request, pk):
    attachment, target, record = _attachment_and_record(request, pk)
    if not target.can_add(request.user, record):
        raise PermissionDenied("You cannot remove evidence from this record.")
    form = RemovalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.remove_attachment(attachment=attachment, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"Evidence removed: {attachment.name}. It is kept in the record.")
        return redirect(target.url(record))
    return render(
        request,
        "evidence/attachment_remove.html",
        {"form": form, "attachment": attachment, "describe": target.describe(record), "back": target.url(record)},
    )

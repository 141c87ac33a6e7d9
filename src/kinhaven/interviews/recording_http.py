"""The HTTP side of recordings, shared by the API (bearer token) and the pages (session and
CSRF): the tus 1.0 core upload (HEAD for the offset, PATCH to append), playing by byte ranges,
the download and the export for a court. Every answer is `private, no-store`."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.core.addresses import client_address
from kinhaven.core.errors import ApplicationError, ErrorCode, error_payload
from kinhaven.core.responses import json_error_response
from kinhaven.interviews.enums import CustodyAction, RecordingStatus
from kinhaven.interviews.export import export_documents, export_stream, file_name
from kinhaven.interviews.models import Recording
from kinhaven.interviews.recordings import (
    recording_custody_record,
    recording_receive,
    segment_store,
)
from kinhaven.interviews.services import interviews_write_require

TUS_VERSION = "1.0.0"
OFFSET_MEDIA_TYPE = "application/offset+octet-stream"
_RANGE = re.compile(r"bytes=([0-9]{0,18})-([0-9]{0,18})")
_DIGITS = re.compile(r"[0-9]{1,18}")
NO_STORE = "private, no-store"


def recording_urls(recording: Recording, *, api: bool) -> dict[str, str]:
    interview = recording.interview
    ids = [interview.child.public_id, interview.public_id, recording.public_id]
    if api:
        kwargs = dict(zip(("child_id", "interview_id", "recording_id"), ids, strict=True))
        return {
            "upload_url": reverse("api-v1:recording_upload", kwargs=kwargs),
            "content_url": reverse("api-v1:recording_content", kwargs=kwargs),
        }
    return {
        "upload_url": reverse("interviews:recording_upload", args=ids),
        "content_url": reverse("interviews:recording_content", args=ids),
    }


def recording_out(recording: Recording, *, api: bool = True) -> dict[str, Any]:
    return {
        "id": recording.public_id,
        "media_type": recording.media_type,
        "size": recording.size,
        "received": recording.received,
        "status": recording.status,
        "sha256": recording.sha256,
        "created_at": recording.created_at,
        "completed_at": recording.completed_at,
        **recording_urls(recording, api=api),
    }


def _tus(response: HttpResponse, recording: Recording) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Upload-Offset"] = str(recording.received)
    response["Upload-Length"] = str(recording.size)
    response["Cache-Control"] = NO_STORE
    return response


def upload_offset(recording: Recording) -> HttpResponse:
    """HEAD: where the upload resumes."""
    return _tus(HttpResponse(status=200), recording)


def _refuse(status: int, code: ErrorCode, message: str, field: str) -> HttpResponse:
    response = json_error_response(
        error_payload(message, [{"field": field, "message": message}], code=code), status
    )
    response["Tus-Resumable"] = TUS_VERSION
    response["Tus-Version"] = TUS_VERSION
    return response


def upload_append(request: HttpRequest, user: User, recording: Recording) -> HttpResponse:
    """PATCH: append the body at Upload-Offset; answer the new offset (204)."""
    interviews_write_require(user, recording.interview.child)
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        return _refuse(
            412,
            ErrorCode.MALFORMED_REQUEST,
            _("Send Tus-Resumable: 1.0.0."),
            "Tus-Resumable",
        )
    if request.content_type != OFFSET_MEDIA_TYPE:
        return _refuse(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            _("Send the bytes as application/offset+octet-stream."),
            "Content-Type",
        )
    offset = request.headers.get("Upload-Offset", "")
    if not _DIGITS.fullmatch(offset):
        return _refuse(
            400,
            ErrorCode.MALFORMED_REQUEST,
            _("Upload-Offset must be a number of bytes."),
            "Upload-Offset",
        )
    declared = str(request.META.get("CONTENT_LENGTH") or "0")
    if not _DIGITS.fullmatch(declared):
        # More digits than any recording has (the framing itself was checked before).
        return _refuse(
            413,
            ErrorCode.TOO_LARGE,
            _("The body goes past the recording's declared size."),
            "Content-Length",
        )
    length = int(declared)
    try:
        recording = recording_receive(
            actor=user,
            recording=recording,
            offset=int(offset),
            length=length,
            body=request,
            client_address=client_address(request),
        )
    except ApplicationError as exc:
        if exc.code != ErrorCode.CONFLICT:
            raise
        # The client learns where to resume from the answer itself.
        recording.refresh_from_db()
        return _tus(
            _refuse(409, exc.code, str(exc.message), exc.field or "Upload-Offset"), recording
        )
    return _tus(HttpResponse(status=204), recording)


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The range [start, end] a Range header asks for: None for the whole file (no header, or
    one this server ignores: several ranges, other units, a malformed one); raise
    ApplicationError (416) for a range past the end."""
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        suffix = int(last)
        if suffix == 0:
            raise _unsatisfiable()
        return max(size - suffix, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        raise _unsatisfiable()
    return start, min(end, size - 1)


def _unsatisfiable() -> ApplicationError:
    return ApplicationError(
        ErrorCode.INVALID, _("The range asked for lies outside the recording."), field="Range"
    )


def _complete(recording: Recording) -> None:
    if recording.status != RecordingStatus.COMPLETE:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The recording is not complete yet."), field="status"
        )


def play(request: HttpRequest, user: User, recording: Recording) -> HttpResponseBase:
    """GET: the recording, or the byte range asked for (206), decrypted as it streams. A request
    from byte 0 is a playing, recorded in the custody log; the requests a player makes to seek
    are not each recorded (each leaves its audit entry)."""
    _complete(recording)
    size = recording.size
    try:
        wanted = byte_range(request.headers.get("Range", ""), size)
    except ApplicationError as exc:
        refused = json_error_response(
            error_payload(str(exc.message), [{"field": "Range", "message": str(exc.message)}],
                          code=ErrorCode.INVALID),
            416,
        )  # fmt: skip
        refused["Content-Range"] = f"bytes */{size}"
        refused["Cache-Control"] = NO_STORE
        return refused
    start, end = wanted if wanted is not None else (0, size - 1)
    if start == 0:
        recording_custody_record(
            actor=user,
            recording=recording,
            action=CustodyAction.VIEW,
            client_address=client_address(request),
        )
    response = StreamingHttpResponse(
        segment_store(recording).plaintext(start, end),
        status=206 if wanted is not None else 200,
        content_type=recording.media_type,
    )
    if wanted is not None:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = f'inline; filename="{file_name(recording)}"'
    response["Cache-Control"] = NO_STORE
    return response


def download(
    request: HttpRequest, user: User, recording: Recording, reason: str
) -> HttpResponseBase:
    """The whole recording as a file, with the reason recorded in the custody log."""
    _complete(recording)
    recording_custody_record(
        actor=user,
        recording=recording,
        action=CustodyAction.DOWNLOAD,
        reason=reason,
        client_address=client_address(request),
    )
    response = StreamingHttpResponse(
        segment_store(recording).plaintext(0, recording.size - 1),
        content_type=recording.media_type,
    )
    response["Content-Length"] = str(recording.size)
    response["Content-Disposition"] = f'attachment; filename="{file_name(recording)}"'
    response["Cache-Control"] = NO_STORE
    return response


def export(request: HttpRequest, user: User, recording: Recording, reason: str) -> HttpResponseBase:
    """The export for a court (a ZIP, streamed), recorded in the custody log it carries."""
    _complete(recording)
    recording_custody_record(
        actor=user,
        recording=recording,
        action=CustodyAction.EXPORT,
        reason=reason,
        client_address=client_address(request),
    )
    documents = export_documents(recording)
    response = StreamingHttpResponse(
        export_stream(recording, segment_store(recording), documents),
        content_type="application/zip",
    )
    name = f"export-{recording.public_id}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = NO_STORE
    return response

"""Forensic interviews over the API, under the child: /children/{child_id}/interviews."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja import Router, Status
from pydantic import BaseModel

from kinhaven.accounts.auth import request_user
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.core.schemas import ErrorOut
from kinhaven.interviews.access import access_interview_by_id, access_recording_by_id
from kinhaven.interviews.media import MEDIA_TYPES
from kinhaven.interviews.models import Interview, Recording
from kinhaven.interviews.presenters import earlier_on_matter, interview_out
from kinhaven.interviews.recording_http import (
    TUS_VERSION,
    download,
    export,
    play,
    recording_out,
    upload_append,
    upload_offset,
)
from kinhaven.interviews.recordings import recording_create
from kinhaven.interviews.schemas import (
    InterviewCancelIn,
    InterviewHeldIn,
    InterviewOut,
    InterviewPlanIn,
    RecordingCreateIn,
    RecordingOut,
    RecordingReasonIn,
)
from kinhaven.interviews.selectors import interviews_for_child
from kinhaven.interviews.services import (
    interview_cancel,
    interview_held_record,
    interview_plan,
    interview_repeat_approve,
    interviews_write_require,
)

router = Router(tags=["interviews"])

_ONE = "/{child_id}/interviews/{interview_id}"


def _out(user: Any, interview: Interview) -> dict[str, Any]:
    siblings = list(interviews_for_child(user=user, child=interview.child))
    return interview_out(interview, earlier_on_matter(interview, siblings))


@router.get("/{child_id}/interviews", response=list[InterviewOut])
def interview_list(request: HttpRequest, child_id: uuid.UUID) -> list[dict[str, Any]]:
    """The child's interviews, earliest first, for those who read the interviews section."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    rows = list(interviews_for_child(user=user, child=child))
    audit_consultation(actor=user, object_type="interview", records=rows)
    return [interview_out(i, earlier_on_matter(i, rows)) for i in rows]


@router.post("/{child_id}/interviews", response={201: InterviewOut})
def interview_create(
    request: HttpRequest, child_id: uuid.UUID, payload: InterviewPlanIn
) -> Status[dict[str, Any]]:
    """Plan an interview. A repeat on the same matter without `justification`: 409 naming it;
    with one, it waits for another person's approval (`status` awaiting_approval)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    interview = interview_plan(actor=user, child=child, data=payload)
    return Status(201, _out(user, interview))


@router.get(_ONE, response=InterviewOut)
def interview_detail(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID
) -> dict[str, Any]:
    user = request_user(request)
    return _out(user, access_interview_by_id(user, interview_id, child_id=child_id))


def _write(
    request: HttpRequest,
    child_id: uuid.UUID,
    interview_id: uuid.UUID,
    service: Callable[..., Interview],
    **data: BaseModel,
) -> dict[str, Any]:
    user = request_user(request)
    interview = access_interview_by_id(
        user, interview_id, child_id=child_id, action=AuditAction.INTERVIEW_READ_FOR_UPDATE
    )
    return _out(user, service(actor=user, interview=interview, **data))


@router.post(f"{_ONE}/approval", response=InterviewOut)
def interview_approval(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID
) -> dict[str, Any]:
    """Approve a repeat interview (interview.approve_repeat; not the planner: 409)."""
    return _write(request, child_id, interview_id, interview_repeat_approve)


@router.post(f"{_ONE}/held", response=InterviewOut)
def interview_held(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID, payload: InterviewHeldIn
) -> dict[str, Any]:
    """Record the interview as held. A repeat not yet approved: 409 naming `approval`."""
    return _write(request, child_id, interview_id, interview_held_record, data=payload)


@router.post(f"{_ONE}/cancellation", response=InterviewOut)
def interview_cancellation(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID, payload: InterviewCancelIn
) -> dict[str, Any]:
    return _write(request, child_id, interview_id, interview_cancel, data=payload)


# Recordings of an interview, kept as evidence (docs/interviews.md): announced with their size
# and media type, uploaded by the tus 1.0 core protocol, played by byte ranges, downloaded or
# exported for a court with a reason, every such use in the recording's chain of custody.
_REC = f"{_ONE}/recordings"
_REC_ONE = f"{_REC}/{{recording_id}}"
_MEDIA = {t: {"schema": {"type": "string", "format": "binary"}} for t in MEDIA_TYPES}


def _recording(
    request: HttpRequest,
    child_id: uuid.UUID,
    interview_id: uuid.UUID,
    recording_id: uuid.UUID,
    action: AuditAction = AuditAction.RECORDING_READ,
) -> tuple[User, Recording]:
    user = request_user(request)
    recording = access_recording_by_id(
        user, recording_id, child_id=child_id, interview_id=interview_id, action=action
    )
    return user, recording


@router.get(_REC, response=list[RecordingOut])
def recording_list(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID
) -> list[dict[str, Any]]:
    """The interview's recordings, earliest first."""
    user = request_user(request)
    interview = access_interview_by_id(user, interview_id, child_id=child_id)
    rows = list(interview.recordings.all())
    audit_consultation(actor=user, object_type="recording", records=rows)
    for row in rows:
        row.interview = interview
    return [recording_out(r) for r in rows]


@router.post(_REC, response={201: RecordingOut})
def recording_announce(
    request: HttpRequest,
    response: HttpResponse,
    child_id: uuid.UUID,
    interview_id: uuid.UUID,
    payload: RecordingCreateIn,
) -> Status[dict[str, Any]]:
    """Announce a recording (tus creation): 201 with its id and `upload_url` (also in
    Location), where the bytes go by PATCH. Only to a planned or held interview (409 naming
    `status`); by those who plan interviews and write the interviews section."""
    user = request_user(request)
    interview = access_interview_by_id(
        user, interview_id, child_id=child_id, action=AuditAction.INTERVIEW_READ_FOR_UPDATE
    )
    recording = recording_create(actor=user, interview=interview, data=payload)
    out = recording_out(recording)
    response["Location"] = out["upload_url"]
    response["Tus-Resumable"] = TUS_VERSION
    response["Upload-Offset"] = "0"
    return Status(201, out)


@router.api_operation(["HEAD"], f"{_REC_ONE}/upload", response={200: None})
def recording_upload_offset(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID, recording_id: uuid.UUID
) -> HttpResponse:
    """tus HEAD: the offset where the upload resumes (Upload-Offset), and Upload-Length."""
    user, recording = _recording(
        request, child_id, interview_id, recording_id, AuditAction.RECORDING_READ_FOR_UPDATE
    )
    interviews_write_require(user, recording.interview.child)
    return upload_offset(recording)


@router.api_operation(["PATCH"], f"{_REC_ONE}/upload", response={204: None, 412: ErrorOut})
def recording_upload(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID, recording_id: uuid.UUID
) -> HttpResponse:
    """tus PATCH: the bytes from Upload-Offset, as application/offset+octet-stream; 204 with
    the new Upload-Offset. An offset other than the recording's: 409 (resume from HEAD). Only
    whole segments of a request cut short are kept."""
    user, recording = _recording(
        request, child_id, interview_id, recording_id, AuditAction.RECORDING_READ_FOR_UPDATE
    )
    return upload_append(request, user, recording)


@router.get(
    f"{_REC_ONE}/content",
    response={200: None, 206: None, 416: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {"description": "The whole recording.", "content": _MEDIA},
            "206": {"description": "The byte range asked for.", "content": _MEDIA},
        }
    },
)
def recording_content(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID, recording_id: uuid.UUID
) -> HttpResponseBase:
    """The recording, decrypted as it streams; a Range header gets 206 (or 416 past the end).
    A request from byte 0 is recorded as a playing in the custody log."""
    user, recording = _recording(request, child_id, interview_id, recording_id)
    return play(request, user, recording)


@router.post(
    f"{_REC_ONE}/download",
    response={200: None},
    openapi_extra={"responses": {"200": {"description": "The recording.", "content": _MEDIA}}},
)
def recording_download(
    request: HttpRequest,
    child_id: uuid.UUID,
    interview_id: uuid.UUID,
    recording_id: uuid.UUID,
    payload: RecordingReasonIn,
) -> HttpResponseBase:
    """The whole recording as a file, with the reason (custody log: download)."""
    user, recording = _recording(request, child_id, interview_id, recording_id)
    return download(request, user, recording, payload.reason)


@router.post(
    f"{_REC_ONE}/export",
    response={200: None},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The export: a ZIP.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def recording_export(
    request: HttpRequest,
    child_id: uuid.UUID,
    interview_id: uuid.UUID,
    recording_id: uuid.UUID,
    payload: RecordingReasonIn,
) -> HttpResponseBase:
    """The export for a court, with the reason: a ZIP of the file, manifest.json, custody.json
    and signature.json (custody log: export)."""
    user, recording = _recording(request, child_id, interview_id, recording_id)
    return export(request, user, recording, payload.reason)

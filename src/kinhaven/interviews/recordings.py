"""Writes on the recordings of an interview: announce one, receive its bytes (resumable, in any
number of requests, encrypted as they arrive), seal it when the last byte is in, and record every
playing, download and export in its chain of custody."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.interviews.custody import custody_append
from kinhaven.interviews.enums import CustodyAction, InterviewStatus, RecordingStatus
from kinhaven.interviews.media import (
    SEGMENT_SIZE,
    SegmentStore,
    new_key,
    new_storage_name,
    signature_matches,
)
from kinhaven.interviews.models import CustodyEvent, Interview, Recording
from kinhaven.interviews.schemas import RecordingCreateIn
from kinhaven.interviews.services import interviews_write_require

# A recording is added to a planned interview (uploaded right after the session, before the
# interview is recorded as held) or to a held one; not to one awaiting approval or cancelled.
RECORDABLE = (InterviewStatus.PLANNED, InterviewStatus.HELD)
# How long an upload holds a recording without writing a segment: a crashed upload frees it.
LEASE = dt.timedelta(minutes=2)
READ_BYTES = 256 * 1024


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def segment_store(recording: Recording) -> SegmentStore:
    return SegmentStore(
        public_id=recording.public_id,
        storage_name=recording.storage_name,
        wrapped_key=bytes(recording.wrapped_key),
        nonce_prefix=bytes(recording.nonce_prefix),
        segment_size=recording.segment_size,
        size=recording.size,
    )


@transaction.atomic
def recording_create(*, actor: User, interview: Interview, data: RecordingCreateIn) -> Recording:
    """Announce a recording of the interview: its size and media type; the bytes follow."""
    interviews_write_require(actor, interview.child)
    if interview.status not in RECORDABLE:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("A recording is added to a planned or held interview only."),
            field="status",
        )
    wrapped, prefix = new_key()
    recording = Recording.objects.create(
        interview=interview,
        media_type=data.media_type,
        size=data.size,
        storage_name=new_storage_name(),
        wrapped_key=wrapped,
        nonce_prefix=prefix,
        segment_size=SEGMENT_SIZE,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.RECORDING_CREATE,
        object_type="recording",
        object_id=recording.public_id,
        detail={"interview": str(interview.public_id), "size": data.size},
    )
    return recording


def _offset_conflict(recording: Recording) -> ApplicationError:
    return ApplicationError(
        ErrorCode.CONFLICT,
        _("The upload continues at byte %(offset)d.") % {"offset": recording.received},
        field="Upload-Offset",
    )


def _lease_take(recording: Recording, offset: int) -> uuid.UUID:
    """Hold the recording for this upload, if it is still at `offset` and no other upload
    holds it (a conditional update: two uploads at once cannot both write)."""
    token, now = uuid.uuid4(), time.now()
    taken = (
        Recording.objects.filter(pk=recording.pk, status=RecordingStatus.UPLOADING, received=offset)
        .filter(Q(upload_lease__isnull=True) | Q(lease_until__lt=now))
        .update(upload_lease=token, lease_until=now + LEASE)
    )
    if taken:
        return token
    recording.refresh_from_db()
    if recording.status == RecordingStatus.COMPLETE:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The recording is complete already."), field="Upload-Offset"
        )
    if recording.received != offset:
        raise _offset_conflict(recording)
    raise ApplicationError(
        ErrorCode.CONFLICT,
        _("Another upload of this recording is under way; resume once it stops."),
        field="Upload-Offset",
    )


def recording_receive(
    *,
    actor: User,
    recording: Recording,
    offset: int,
    length: int,
    body: Readable,
    client_address: str = "",
) -> Recording:
    """Receive `length` bytes of the recording from `offset`, encrypting them as they arrive.

    Only whole segments are kept (and the last one, when the file ends there): a request cut
    short keeps the segments it finished, and the recording's `received` is where the upload
    resumes. When the last byte is in, the SHA-256 of the plaintext is computed from the stored
    segments, the recording becomes complete and its custody log begins (ingest).
    """
    interviews_write_require(actor, recording.interview.child)
    if recording.status == RecordingStatus.COMPLETE:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The recording is complete already."), field="Upload-Offset"
        )
    if offset != recording.received:
        raise _offset_conflict(recording)
    if length > recording.size - offset:
        raise ApplicationError(
            ErrorCode.TOO_LARGE,
            _("The body goes past the recording's declared size (%(size)d bytes).")
            % {"size": recording.size},
            field="Content-Length",
        )
    token = _lease_take(recording, offset)
    store = segment_store(recording)
    position, buffer, remaining = offset, bytearray(), length
    try:
        while remaining:
            try:
                chunk = body.read(min(READ_BYTES, remaining))
            except OSError:
                break  # the client went away: keep the whole segments received
            if not chunk:
                break
            buffer += chunk
            remaining -= len(chunk)
            position = _seal_segments(recording, store, token, position, buffer)
    finally:
        Recording.objects.filter(pk=recording.pk, upload_lease=token).update(
            upload_lease=None, lease_until=None
        )
    recording.refresh_from_db()
    if recording.received == recording.size and recording.status == RecordingStatus.UPLOADING:
        _complete(actor, recording, store, client_address)
        recording.refresh_from_db()
    return recording


def _seal_segments(
    recording: Recording, store: SegmentStore, token: uuid.UUID, position: int, buffer: bytearray
) -> int:
    """Write every whole segment in the buffer (and the last, short one at the end of the
    file); return the new position."""
    size, segment = recording.size, recording.segment_size
    while len(buffer) >= segment or (buffer and position + len(buffer) == size):
        take = min(segment, len(buffer))
        index = position // segment
        plaintext = bytes(buffer[:take])
        if index == 0 and not signature_matches(recording.media_type, plaintext[:16]):
            raise ApplicationError(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                _("The file's first bytes do not show the media type declared."),
                field="media_type",
            )
        store.write(index, plaintext)
        del buffer[:take]
        moved = Recording.objects.filter(pk=recording.pk, upload_lease=token).update(
            received=position + take, lease_until=time.now() + LEASE
        )
        if not moved:
            raise ApplicationError(
                ErrorCode.CONFLICT,
                _("This upload lost its hold on the recording; resume from the offset given."),
                field="Upload-Offset",
            )
        position += take
    return position


def _complete(actor: User, recording: Recording, store: SegmentStore, client_address: str) -> None:
    # Hashed outside any transaction: reading gigabytes holds no lock.
    digest = store.sha256()
    with transaction.atomic():
        done = Recording.objects.filter(
            pk=recording.pk, status=RecordingStatus.UPLOADING, received=recording.size
        ).update(status=RecordingStatus.COMPLETE, sha256=digest, completed_at=time.now())
        if done:
            custody_append(
                recording=recording,
                action=CustodyAction.INGEST,
                actor=actor,
                client_address=client_address,
            )


def recording_custody_record(
    *,
    actor: User,
    recording: Recording,
    action: CustodyAction,
    reason: str = "",
    client_address: str = "",
) -> CustodyEvent:
    """Record a playing, download or export of a complete recording in its chain of custody."""
    if recording.status != RecordingStatus.COMPLETE:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The recording is not complete yet."), field="status"
        )
    if action in (CustodyAction.DOWNLOAD, CustodyAction.EXPORT):
        interviews_write_require(actor, recording.interview.child)
        if not reason.strip():
            raise ApplicationError(
                ErrorCode.INVALID, _("Give the reason for taking a copy."), field="reason"
            )
    return custody_append(
        recording=recording,
        action=action,
        actor=actor,
        reason=reason,
        client_address=client_address,
    )

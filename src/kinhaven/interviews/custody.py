"""The chain of custody of a recording: every receipt, playing, download and export, each event
hashed over its fields and the previous event's hash, and the hash written into the audit entry
of the same transaction (which a key outside the database seals). `verify_custody` recomputes
both."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidTag
from django.db import transaction

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.models import AuditEntry
from kinhaven.audit.services import audit_record
from kinhaven.core import time
from kinhaven.interviews.enums import CUSTODY_NEEDS_REASON, CustodyAction, RecordingStatus
from kinhaven.interviews.media import SegmentStore
from kinhaven.interviews.models import CustodyEvent, Recording

GENESIS = "0" * 64
AUDIT_ACTIONS = {
    CustodyAction.INGEST: AuditAction.RECORDING_INGEST,
    CustodyAction.VIEW: AuditAction.RECORDING_VIEW,
    CustodyAction.DOWNLOAD: AuditAction.RECORDING_DOWNLOAD,
    CustodyAction.EXPORT: AuditAction.RECORDING_EXPORT,
}


def event_fields(event: CustodyEvent, recording: Recording, actor_id: str) -> dict[str, Any]:
    """The fields an event's hash covers, as they appear in an export's custody.json."""
    return {
        "recording": str(recording.public_id),
        "seq": event.seq,
        "action": event.action,
        "actor": actor_id,
        "at": event.at.astimezone(dt.UTC).isoformat(),
        "reason": event.reason,
        "client_address": event.client_address,
        "previous_hash": event.previous_hash,
    }


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


def custody_append(
    *,
    recording: Recording,
    action: CustodyAction,
    actor: User,
    reason: str = "",
    client_address: str = "",
) -> CustodyEvent:
    """Append an event to the recording's chain, with its audit entry, in one transaction."""
    with transaction.atomic():
        # One writer at a time per chain: the next event links to the last one.
        Recording.objects.select_for_update().filter(pk=recording.pk).first()
        last = CustodyEvent.objects.filter(recording=recording).order_by("-seq").first()
        event = CustodyEvent(
            recording=recording,
            seq=(last.seq + 1) if last else 1,
            action=action,
            actor=actor,
            # Whole seconds: the stored time and the hashed time agree on every database.
            at=time.now().replace(microsecond=0),
            reason=reason,
            client_address=client_address[:45],
            previous_hash=last.hash if last else GENESIS,
        )
        event.hash = event_hash(event_fields(event, recording, str(actor.public_id)))
        event.save()
        audit_record(
            actor=actor,
            action=AUDIT_ACTIONS[action],
            object_type="recording",
            object_id=recording.public_id,
            detail={"custody_seq": event.seq, "custody_hash": event.hash},
        )
    return event


def custody_log(recording: Recording) -> list[dict[str, Any]]:
    """The whole chain, earliest first: each event's fields and its hash."""
    events = CustodyEvent.objects.filter(recording=recording).select_related("actor")
    return [
        {**event_fields(e, recording, str(e.actor.public_id)), "hash": e.hash}
        for e in events.order_by("seq")
    ]


def verify_content(recording: Recording, store: SegmentStore) -> list[str]:
    """Decrypt every stored segment and recompute the recording's SHA-256; return the problems
    (a segment changed, moved or missing; a hash other than the one sealed at receipt)."""
    if recording.status != RecordingStatus.COMPLETE:
        return []
    digest = hashlib.sha256()
    for index in range(store.last + 1):
        try:
            digest.update(store.read(index))
        except (InvalidTag, OSError):
            return [f"stored segment {index} fails authentication, or is missing"]
    if digest.hexdigest() != recording.sha256:
        return ["the stored file's SHA-256 differs from the one sealed at receipt"]
    return []


def verify_custody(recording: Recording) -> list[str]:
    """Recompute the recording's chain; return its problems (none: the log is whole)."""
    problems: list[str] = []
    events = list(
        CustodyEvent.objects.filter(recording=recording).select_related("actor").order_by("seq")
    )
    audited = {
        str(detail.get("custody_hash"))
        for detail in AuditEntry.objects.filter(
            object_type="recording", object_id=recording.public_id
        ).values_list("detail", flat=True)
        if isinstance(detail, dict) and detail.get("custody_hash")
    }
    previous = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        label = f"event {event.seq} ({event.action})"
        if event.seq != expected_seq:
            problems.append(f"{label}: expected event {expected_seq} here (one is missing)")
        if event.previous_hash != previous:
            problems.append(f"{label}: does not link to the event before it")
        fields = event_fields(event, recording, str(event.actor.public_id))
        if event_hash(fields) != event.hash:
            problems.append(f"{label}: its hash does not match its content")
        if event.hash not in audited:
            problems.append(f"{label}: no audit entry holds its hash")
        if event.action in CUSTODY_NEEDS_REASON and not event.reason.strip():
            problems.append(f"{label}: has no reason")
        previous = event.hash
    missing = audited - {e.hash for e in events}
    if missing:
        problems.append(f"{len(missing)} audited event(s) are missing from the log")
    if recording.status == "complete" and (not events or events[0].action != "ingest"):
        problems.append("the log does not begin with the recording's receipt")
    return problems

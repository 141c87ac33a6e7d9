"""Writes on the child's legal proceedings: asylum, residence and criminal proceedings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.services import audit_record
from kinhaven.cases.services import case_events_record_for_child
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.legal.enums import TRACK_STATUSES, ChildRole, Track
from kinhaven.legal.models import Proceeding, ProceedingChange

TEXT_LIMITS = {"authority": 200, "reference": 100, "next_step": 300, "note": 5000}


def _require_legal_write(actor: User, child: Child) -> None:
    capability_require(actor, Capability.CHILD_EDIT)
    if Section.LEGAL not in child_section_access_for(actor, child).write:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may not change the legal part of this child's file."),
        )


def proceeding_clean(data: Mapping[str, Any], *, track: str) -> dict[str, Any]:
    """Check the fields given for a proceeding on a track; raise FieldErrors naming each bad one.

    Only the fields present are returned, so that updates may be partial.
    """
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    if "status" in data:
        if data["status"] not in TRACK_STATUSES.get(track, []):
            errors["status"] = _("Choose a status of this track.")
        else:
            cleaned["status"] = data["status"]
    for name, limit in TEXT_LIMITS.items():
        if name not in data:
            continue
        value = data[name]
        text = value.strip() if isinstance(value, str) else None
        if text is None and value is not None:
            errors[name] = _("Give text.")
        elif text is not None and len(text) > limit:
            errors[name] = _("At most %(n)d characters.") % {"n": limit}
        else:
            cleaned[name] = text or ""
    if "child_role" in data:
        role = data["child_role"] or ""
        if role and (track != Track.CRIMINAL or role not in ChildRole.values):
            errors["child_role"] = _("A victim or witness, in criminal proceedings only.")
        else:
            cleaned["child_role"] = role
    if "next_date" in data:
        value = data["next_date"]
        if value in (None, ""):
            cleaned["next_date"] = None
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            cleaned["next_date"] = value
        else:
            try:
                cleaned["next_date"] = dt.date.fromisoformat(str(value))
            except ValueError:
                errors["next_date"] = _("Give a date as YYYY-MM-DD.")
    if errors:
        raise FieldErrors(errors)
    return cleaned


def _record(actor: User, proceeding: Proceeding, action: str) -> None:
    now = time.now()
    ProceedingChange.objects.create(
        proceeding=proceeding,
        status=proceeding.status,
        next_date=proceeding.next_date,
        note=proceeding.note,
        changed_by=actor,
        changed_at=now,
    )
    detail = {"track": proceeding.track, "status": proceeding.status}
    audit_record(
        actor=actor,
        action=action,
        object_type="proceeding",
        object_id=proceeding.public_id,
        detail=detail,
    )
    case_events_record_for_child(
        child=proceeding.child, actor=actor, kind="proceeding_updated", data=detail
    )


@transaction.atomic
def proceeding_add(*, actor: User, child: Child, data: Mapping[str, Any]) -> Proceeding:
    """Record a proceeding of the child before an authority."""
    _require_legal_write(actor, child)
    track = data.get("track")
    if track not in Track.values:
        raise FieldErrors({"track": _("Choose asylum, residence or criminal proceedings.")})
    cleaned = proceeding_clean(data, track=str(track))
    if "status" not in cleaned:
        raise FieldErrors({"status": _("Choose a status of this track.")})
    proceeding = Proceeding.objects.create(child=child, track=track, updated_by=actor, **cleaned)
    _record(actor, proceeding, "proceeding.create")
    return proceeding


@transaction.atomic
def proceeding_update(
    *, actor: User, proceeding: Proceeding, changes: Mapping[str, Any]
) -> Proceeding:
    """Change a proceeding: its status, next date and step, authority, reference or note."""
    _require_legal_write(actor, proceeding.child)
    unknown = set(changes) - {"status", "child_role", "next_date", *TEXT_LIMITS}
    if unknown:
        raise FieldErrors(dict.fromkeys(sorted(unknown), _("This field cannot be changed.")))
    cleaned = proceeding_clean(changes, track=proceeding.track)
    locked = Proceeding.objects.select_for_update().select_related("child").get(pk=proceeding.pk)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.updated_by = actor
    locked.save()
    _record(actor, locked, "proceeding.update")
    return locked

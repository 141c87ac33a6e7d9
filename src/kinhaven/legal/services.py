"""Writes on the child's legal proceedings: asylum, residence and criminal proceedings."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.services import case_events_record_for_child
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import input_given
from kinhaven.legal.models import Proceeding, ProceedingChange
from kinhaven.legal.schemas import ProceedingFieldsIn, ProceedingPatch, track_errors


def _require_legal_write(actor: User, child: Child) -> None:
    capability_require(actor, Capability.CHILD_EDIT)
    if Section.LEGAL not in child_section_access_for(actor, child).write:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may not change the legal part of this child's file."),
        )


def _record(actor: User, proceeding: Proceeding, action: AuditAction) -> None:
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
def proceeding_add(*, actor: User, child: Child, data: ProceedingFieldsIn) -> Proceeding:
    """Record a proceeding of the child before an authority."""
    _require_legal_write(actor, child)
    fields = {name: getattr(data, name) for name in ProceedingFieldsIn.model_fields}
    proceeding = Proceeding.objects.create(child=child, updated_by=actor, **fields)
    _record(actor, proceeding, AuditAction.PROCEEDING_CREATE)
    return proceeding


@transaction.atomic
def proceeding_update(
    *, actor: User, proceeding: Proceeding, changes: ProceedingPatch
) -> Proceeding:
    """Change a proceeding: its status, next date and step, authority, reference or note."""
    _require_legal_write(actor, proceeding.child)
    cleaned = input_given(changes)
    errors = track_errors(proceeding.track, cleaned)
    if errors:
        raise FieldErrors(errors)
    locked = Proceeding.objects.select_for_update().select_related("child").get(pk=proceeding.pk)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.updated_by = actor
    locked.save()
    _record(actor, locked, AuditAction.PROCEEDING_UPDATE)
    return locked

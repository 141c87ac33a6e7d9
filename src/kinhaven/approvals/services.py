"""Asking for and deciding approvals: pending → approved | sent back with reasons.

Rules (docs/best-interests.md, "Approvals"):
- Who approves is a capability of the kind of record (approvals.registry), not a role: a
  deployment gives it to whichever roles it wants (by default supervisors, as in Primero's
  approval of assessments and case plans and UNHCR BIP Guidelines 2021: a BIA is approved by a
  supervisor or BIP focal point).
- The one who asked does not approve their own request (four eyes), nor does the one who wrote
  the record where its kind says who did (a best-interests assessment's version), and only in
  the agency the request belongs to.
- Sending back needs reasons; every step is audited; the app of the record writes the
  timeline event in `on_decided`, in the same transaction.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.models import Agency, User
from kinhaven.approvals.enums import ApprovalDecision, ApprovalState
from kinhaven.approvals.models import ApprovalRequest
from kinhaven.approvals.registry import APPROVABLE, ApprovableKind
from kinhaven.approvals.selectors import approval_pending_for
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors


def _kind(code: str) -> ApprovableKind:
    kind = APPROVABLE.get(code)
    if kind is None:
        raise FieldErrors({"kind": _("Records of this kind are not approved.")})
    return kind


def _audit(actor: User, request: ApprovalRequest, action: AuditAction) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="approval",
        object_id=request.public_id,
        detail={"kind": request.kind, "record": str(request.object_id), "state": request.state},
    )


@transaction.atomic
def approval_request(
    *, actor: User, kind: str, object_id: uuid.UUID, agency: Agency
) -> ApprovalRequest:
    """Ask for the record's approval; one pending request per record (409 otherwise)."""
    approvable = _kind(kind)
    try:
        with transaction.atomic():
            request = ApprovalRequest.objects.create(
                kind=kind,
                object_id=object_id,
                agency=agency,
                capability=approvable.capability.value,
                requested_by=actor,
                requested_at=time.now(),
            )
    except IntegrityError:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This record is waiting for approval already."),
            field="approval",
        ) from None
    _audit(actor, request, AuditAction.APPROVAL_REQUEST)
    return request


@transaction.atomic
def approval_decide(
    *, actor: User, request: ApprovalRequest, decision: str, reasons: str = ""
) -> ApprovalRequest:
    """Approve the request, or send it back with reasons; then let the record's app act."""
    approvable = _kind(request.kind)
    if not actor.has_capability(approvable.capability):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Your role does not allow this: it needs the capability “%(label)s” (%(code)s).")
            % {"label": approvable.capability.label, "code": approvable.capability.value},
        )
    if decision not in ApprovalDecision.values:
        raise FieldErrors({"decision": _("Approve or send back.")})
    if decision == ApprovalDecision.SEND_BACK and not reasons.strip():
        raise FieldErrors({"reasons": _("Say why it is sent back.")})
    locked = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    if locked.agency_id != actor.agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Only the agency the record belongs to approves it."),
        )
    if locked.requested_by_id == actor.pk:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Someone other than the one who asked approves it."),
            field="approval",
        )
    if approvable.authors is not None and actor.pk in set(approvable.authors(locked)):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Someone other than the one who wrote it approves it."),
            field="approval",
        )
    if locked.state != ApprovalState.PENDING:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("This approval is decided already."),
            field="approval",
        )
    locked.state = (
        ApprovalState.APPROVED if decision == ApprovalDecision.APPROVE else ApprovalState.SENT_BACK
    )
    locked.reasons = reasons.strip()
    locked.decided_by, locked.decided_at = actor, time.now()
    locked.save()
    _audit(actor, locked, AuditAction.APPROVAL_DECIDE)
    approvable.on_decided(locked, actor)
    return locked


def approval_decide_pending(
    *,
    actor: User,
    kind: str,
    object_id: uuid.UUID | None,
    decision: str,
    reasons: str,
    none_waiting: str,
) -> ApprovalRequest:
    """Decide the request waiting on the record (`object_id`, None where the record has
    nothing submitted); `none_waiting` says so otherwise (409 naming `decision`)."""
    request = (
        approval_pending_for(kind=kind, object_id=object_id) if object_id is not None else None
    )
    if request is None:
        raise ApplicationError(ErrorCode.TRANSITION_NOT_ALLOWED, none_waiting, field="decision")
    return approval_decide(actor=actor, request=request, decision=decision, reasons=reasons)

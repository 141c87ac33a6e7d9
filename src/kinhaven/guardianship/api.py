import uuid

from django.http import HttpRequest
from ninja import Router

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.children.access import access_child_by_id
from kinhaven.guardianship.models import GuardianAppointment
from kinhaven.guardianship.schemas import AppointmentOut, GuardianIn, GuardianOut, HandoverIn
from kinhaven.guardianship.selectors import guardian_history
from kinhaven.guardianship.services import (
    child_guardian_appoint,
    guardian_find,
    guardian_handover,
)

# Mounted under /children: a guardian is appointed on the child's record.
router = Router(tags=["children"])


@router.post("/{child_id}/guardian", response=GuardianOut)
def child_guardian_set(
    request: HttpRequest, child_id: uuid.UUID, payload: GuardianIn
) -> GuardianOut:
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    guardian = guardian_find(guardian_id=payload.guardian) if payload.guardian is not None else None
    child_guardian_appoint(actor=user, child=child, guardian=guardian)
    # The answer names the guardian only: a user who cleared themselves sees the file no more.
    return GuardianOut(guardian=guardian.public_id if guardian else None)


@router.post("/{child_id}/guardian/handover", response=GuardianOut)
def child_guardian_handover(
    request: HttpRequest, child_id: uuid.UUID, payload: HandoverIn
) -> GuardianOut:
    """Hand the child over to the next guardian, ending the current appointment."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    guardian = guardian_find(guardian_id=payload.guardian)
    guardian_handover(actor=user, child=child, guardian=guardian, reason=payload.reason)
    return GuardianOut(guardian=guardian.public_id)


@router.get("/{child_id}/guardians", response=list[AppointmentOut])
def child_guardian_list(request: HttpRequest, child_id: uuid.UUID) -> list[GuardianAppointment]:
    """The child's guardians over time, the current one first."""
    child = access_child_by_id(request_user(request), child_id)
    return list(guardian_history(child=child))

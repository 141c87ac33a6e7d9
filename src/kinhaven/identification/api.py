"""The child's identification: the status in force, how it was reached, every decision."""

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.children.access import access_child_by_id
from kinhaven.identification.access import access_identification_by_child_id
from kinhaven.identification.presenters import identification_dict
from kinhaven.identification.schemas import IdentificationDecisionIn, IdentificationOut
from kinhaven.identification.services import identification_decide

router = Router(tags=["children"])


@router.get("/{child_id}/identification", response=IdentificationOut)
def child_identification(request: HttpRequest, child_id: uuid.UUID) -> dict[str, Any]:
    """The child's identification as a victim of trafficking: the status in force and the
    decisions it was reached by, every decision recorded, the country's rule, and the recovery
    and reflection period. Needs the legal section of the file (or identification.decide in the
    agency that holds it)."""
    _child, view = access_identification_by_child_id(request_user(request), child_id)
    return identification_dict(view)


@router.post("/{child_id}/identification", response={201: IdentificationOut})
def child_identification_decide(
    request: HttpRequest, child_id: uuid.UUID, payload: IdentificationDecisionIn
) -> Status[dict[str, Any]]:
    """Record an identification decision: preliminary (reasonable grounds), conclusive, or a
    review or appeal of the decision in force (`reviews_id`). Decisions are never changed; the
    answer is the identification with the new decision."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    identification_decide(actor=user, child=child, data=payload)
    _child, view = access_identification_by_child_id(user, child.public_id)
    return Status(201, identification_dict(view))

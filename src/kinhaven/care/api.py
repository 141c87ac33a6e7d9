"""Placements over the API, under the child: /children/{child_id}/placements."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.care.access import access_placement_by_id
from kinhaven.care.presenters import placement_out, visit_out
from kinhaven.care.schemas import (
    PlacementEndIn,
    PlacementIn,
    PlacementOut,
    VettingIn,
    VisitIn,
    VisitOut,
)
from kinhaven.care.selectors import placement_with_visits, placements_for_child
from kinhaven.care.services import (
    placement_end,
    placement_start,
    placement_vetting_update,
    placement_visit_record,
)
from kinhaven.children.access import access_child_by_id

# Mounted under /children: a placement belongs to the child's record.
router = Router(tags=["alternative care"])


@router.get("/{child_id}/placements", response=list[PlacementOut])
def placement_list(request: HttpRequest, child_id: uuid.UUID) -> list[dict[str, Any]]:
    """The child's placements, newest first, with their visits, if you read the care section of
    the file (else none)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    placements = list(placements_for_child(user=user, child=child))
    audit_consultation(actor=user, object_type="placement", records=placements)
    return [placement_out(p) for p in placements]


@router.post("/{child_id}/placements", response={201: PlacementOut})
def placement_create(
    request: HttpRequest, child_id: uuid.UUID, payload: PlacementIn
) -> Status[dict[str, Any]]:
    """Place the child. A child has one current placement: while one stands, 409."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    placement = placement_start(actor=user, child=child, data=payload)
    return Status(201, placement_out(placement_with_visits(placement=placement)))


@router.get("/{child_id}/placements/{placement_id}", response=PlacementOut)
def placement_detail(
    request: HttpRequest, child_id: uuid.UUID, placement_id: uuid.UUID
) -> dict[str, Any]:
    placement = access_placement_by_id(request_user(request), placement_id, child_id=child_id)
    return placement_out(placement_with_visits(placement=placement))


@router.post("/{child_id}/placements/{placement_id}/vetting", response=PlacementOut)
def placement_vetting(
    request: HttpRequest, child_id: uuid.UUID, placement_id: uuid.UUID, payload: VettingIn
) -> dict[str, Any]:
    """Record where the carer's vetting stands and the safety plan as it is now."""
    user = request_user(request)
    placement = access_placement_by_id(
        user, placement_id, child_id=child_id, action=AuditAction.PLACEMENT_READ_FOR_UPDATE
    )
    placement = placement_vetting_update(actor=user, placement=placement, data=payload)
    return placement_out(placement_with_visits(placement=placement))


@router.post("/{child_id}/placements/{placement_id}/end", response=PlacementOut)
def placement_finish(
    request: HttpRequest, child_id: uuid.UUID, placement_id: uuid.UUID, payload: PlacementEndIn
) -> dict[str, Any]:
    """End the placement with the date and the reason; it stays in the history."""
    user = request_user(request)
    placement = access_placement_by_id(
        user, placement_id, child_id=child_id, action=AuditAction.PLACEMENT_READ_FOR_UPDATE
    )
    placement = placement_end(actor=user, placement=placement, data=payload)
    return placement_out(placement_with_visits(placement=placement))


@router.post("/{child_id}/placements/{placement_id}/visits", response={201: VisitOut})
def placement_visit(
    request: HttpRequest, child_id: uuid.UUID, placement_id: uuid.UUID, payload: VisitIn
) -> Status[dict[str, Any]]:
    """Record a visit to the child in the placement, with the child's views."""
    user = request_user(request)
    placement = access_placement_by_id(
        user, placement_id, child_id=child_id, action=AuditAction.PLACEMENT_READ_FOR_UPDATE
    )
    visit = placement_visit_record(actor=user, placement=placement, data=payload)
    return Status(201, visit_out(visit))

"""Reads of approval requests; the record's app scopes access through its record."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import QuerySet

from kinhaven.accounts.models import User
from kinhaven.approvals.enums import ApprovalState
from kinhaven.approvals.models import ApprovalRequest
from kinhaven.approvals.registry import APPROVABLE


def approvals_for(*, kind: str, object_ids: Iterable[uuid.UUID]) -> QuerySet[ApprovalRequest]:
    """The requests on the given records (that the caller reached through a scoped access),
    oldest first."""
    return ApprovalRequest.objects.filter(kind=kind, object_id__in=list(object_ids)).select_related(
        "requested_by", "decided_by"
    )


def approval_pending_for(*, kind: str, object_id: uuid.UUID) -> ApprovalRequest | None:
    return ApprovalRequest.objects.filter(
        kind=kind, object_id=object_id, state=ApprovalState.PENDING
    ).first()


def approvals_waiting_for(*, user: User) -> QuerySet[ApprovalRequest]:
    """Pending requests the user may decide: of their agency, needing a capability they hold,
    asked for by someone else (four eyes); the oldest first."""
    if not user.is_active or user.agency_id is None:
        return ApprovalRequest.objects.none()
    held = [
        kind.capability.value
        for kind in APPROVABLE.values()
        if user.has_capability(kind.capability)
    ]
    return (
        ApprovalRequest.objects.filter(
            state=ApprovalState.PENDING, agency_id=user.agency_id, capability__in=held
        )
        .exclude(requested_by_id=user.pk)
        .order_by("requested_at", "id")
    )

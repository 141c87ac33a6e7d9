"""Reads of approval requests; the record's app scopes access through its record."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import QuerySet

from kinhaven.approvals.enums import ApprovalState
from kinhaven.approvals.models import ApprovalRequest


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

"""Writing audit entries; call inside the transaction of the change being audited."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kinhaven.audit.enums import Outcome
from kinhaven.audit.models import AuditEntry
from kinhaven.core import context, time

if TYPE_CHECKING:
    from kinhaven.accounts.models import User


def audit_record(
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: uuid.UUID | None = None,
    object_ids: Iterable[uuid.UUID] = (),
    outcome: Outcome = Outcome.ALLOWED,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry for an action on a record."""
    return AuditEntry.objects.create(
        occurred_at=time.now(),
        actor=actor,
        actor_role=actor.role_code if actor is not None else "",
        actor_agency=actor.agency.public_id if actor is not None and actor.agency else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_ids=[str(i) for i in object_ids],
        outcome=outcome,
        request_id=context.request_id.get(),
        detail=detail or {},
    )

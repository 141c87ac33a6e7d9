"""Writing audit entries; call inside the transaction of the change being audited."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction

from kinhaven.audit.enums import Outcome
from kinhaven.audit.models import AuditEntry
from kinhaven.core import context, time
from kinhaven.core.errors import NotFound

M = TypeVar("M", bound=models.Model)

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


def audit_consultation(*, actor: User, object_type: str, records: Iterable[Any]) -> None:
    """Record which records a list or search showed the actor."""
    audit_record(
        actor=actor,
        action=f"{object_type}.list",
        object_type=object_type,
        object_ids=[r.public_id for r in records],
    )


def audited_lookup(
    *,
    actor: User,
    queryset: models.QuerySet[M],
    public_id: uuid.UUID | str,
    object_type: str,
    action: str,
    not_found: str,
) -> M:
    """Fetch one record by public id from a scoped queryset, auditing the attempt.

    Security goal: a record outside the scope, a missing one and a malformed id all raise the same
    NotFound, so ids cannot be probed; allowed and denied attempts alike leave an audit entry.
    """
    try:
        parsed = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound(not_found) from None
    with transaction.atomic():
        record = queryset.filter(public_id=parsed).first()
        audit_record(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=parsed,
            outcome=Outcome.ALLOWED if record is not None else Outcome.DENIED,
        )
    if record is None:
        raise NotFound(not_found)
    return record

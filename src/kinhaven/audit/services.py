"""Writing audit entries; call inside the transaction of the change being audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction

from kinhaven.audit import chain
from kinhaven.audit.enums import Outcome
from kinhaven.audit.models import AuditEntry, AuditHead
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
    purpose: str = "",
) -> AuditEntry:
    """Append one audit entry for an action on a record, chained to the one before."""
    # Inside the caller's transaction the entry commits or rolls back with the change itself;
    # a savepoint of its own would only add two statements to every audited action.
    connection = transaction.get_connection()
    with transaction.atomic(savepoint=not connection.in_atomic_block):
        head = _locked_head()
        agency = actor.agency if actor is not None else None
        entry = AuditEntry(
            seq=head.size + 1,
            # Microseconds are dropped so the stored time and the hashed time agree everywhere.
            occurred_at=time.now().replace(microsecond=0),
            actor=actor,
            actor_role=actor.role_code if actor is not None else "",
            actor_agency=agency.public_id if agency is not None else None,
            action=action,
            purpose=purpose,
            object_type=object_type,
            object_id=object_id,
            object_ids=[str(i) for i in object_ids],
            outcome=outcome,
            request_id=context.request_id.get(),
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        entry.entry_hash = chain.entry_hash(entry_content(entry), head.last_hash)
        entry.save()
        AuditHead.objects.filter(pk=head.pk).update(size=entry.seq, last_hash=entry.entry_hash)
    return entry


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1, defaults={"size": 0, "last_hash": chain.GENESIS})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def entry_content(entry: AuditEntry) -> dict[str, Any]:
    """Return the hashed content of an entry in the form verification reads it back."""
    return {
        "seq": entry.seq,
        "occurred_at": entry.occurred_at.astimezone(dt.UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_role": entry.actor_role,
        "actor_agency": str(entry.actor_agency) if entry.actor_agency else None,
        "action": entry.action,
        "purpose": entry.purpose,
        "object_type": entry.object_type,
        "object_id": str(entry.object_id) if entry.object_id else None,
        "object_ids": list(entry.object_ids),
        "outcome": entry.outcome,
        "request_id": entry.request_id,
        "detail": entry.detail,
    }


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
    allow: Callable[[M], bool] | None = None,
) -> M:
    """Fetch one record by public id from a scoped queryset, auditing the attempt.

    `allow` adds a check the queryset cannot express (a section of the child's file); a record
    it refuses counts as out of scope.

    Security goal: a record outside the scope, a missing one and a malformed id all raise the same
    NotFound, so ids cannot be probed; allowed and denied attempts alike leave an audit entry.
    """
    try:
        parsed = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound(not_found) from None
    with transaction.atomic():
        record = queryset.filter(public_id=parsed).first()
        if record is not None and allow is not None and not allow(record):
            record = None
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

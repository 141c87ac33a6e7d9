"""Writing audit entries; call inside the transaction of the change being audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from kinhaven.audit import chain, signing
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.enums import Outcome
from kinhaven.audit.models import AuditEntry
from kinhaven.core import context, time
from kinhaven.core.errors import NotFound

M = TypeVar("M", bound=models.Model)

# The PostgreSQL advisory lock that orders appends; nothing else may take this number.
AUDIT_APPEND_LOCK = 0x4B48_4155_4449_54  # "KHAUDIT"

if TYPE_CHECKING:
    from kinhaven.accounts.models import User


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    object_id: uuid.UUID | None = None,
    object_ids: Iterable[uuid.UUID] = (),
    outcome: Outcome = Outcome.ALLOWED,
    detail: dict[str, Any] | None = None,
    purpose: str = "",
) -> AuditEntry:
    """Append one audit entry for an action on a record, chained to the one before."""
    # One vocabulary: a string that is not an AuditAction is refused here, not stored.
    action = AuditAction(action)
    # Inside the caller's transaction the entry commits or rolls back with the change itself;
    # a savepoint of its own would only add two statements to every audited action.
    connection = transaction.get_connection()
    mac_key = signing.mac_key()  # read once per process, never under the lock
    with transaction.atomic(savepoint=not connection.in_atomic_block):
        last_seq, last_hash = _log_tail(connection)
        agency = actor.agency if actor is not None else None
        entry = AuditEntry(
            seq=last_seq + 1,
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
            prev_hash=last_hash,
        )
        entry.entry_hash = chain.entry_hash(entry_content(entry), last_hash)
        entry.entry_mac = chain.entry_mac(mac_key, entry.entry_hash)
        entry.save()
    return entry


def _log_tail(connection: BaseDatabaseWrapper) -> tuple[int, str]:
    """Hold off other appenders until this transaction ends; return the last entry's seq and hash.

    The application's database role may only SELECT and INSERT audit rows, so no row is locked.
    PostgreSQL: a transaction-scoped advisory lock, which needs no table privilege. SQLite: the
    write transaction itself, begun with BEGIN IMMEDIATE (plus kinhaven.core.db.sqlite's writer
    lock), already shuts out every other writer; atomic() above always runs inside one.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_APPEND_LOCK])
    elif connection.vendor == "sqlite":
        mode = connection.settings_dict.get("OPTIONS", {}).get("transaction_mode")
        if str(mode).upper() != "IMMEDIATE":
            # A deferred transaction would read the tail before it holds the write lock.
            raise ImproperlyConfigured("audit appends need SQLite's transaction_mode IMMEDIATE")
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
    return last if last is not None else (0, chain.GENESIS)


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
        action=AuditAction(f"{object_type}.list"),
        object_type=object_type,
        object_ids=[r.public_id for r in records],
    )


def audited_lookup(
    *,
    actor: User,
    queryset: models.QuerySet[M],
    public_id: uuid.UUID | str,
    object_type: str,
    action: AuditAction,
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

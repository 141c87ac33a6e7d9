"""Writing audit entries; call inside the transaction of the change being audited.

An entry is written unsealed: its content and the MAC of that content, one INSERT that waits for
no one. After the transaction commits, the sealer chains whatever committed entries are not
sealed yet, one sealer at a time; whoever finds it busy leaves them to it or to the next run
(docs/decisions/0006-audit-appender.md).
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from time import monotonic
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Subquery

from kinhaven.audit import chain, signing
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.enums import Outcome
from kinhaven.audit.models import AuditEntry
from kinhaven.core import context, time
from kinhaven.core.errors import NotFound

M = TypeVar("M", bound=models.Model)

logger = logging.getLogger(__name__)

# The PostgreSQL advisory lock held while sealing; nothing else may take this number.
AUDIT_APPEND_LOCK = 0x4B48_4155_4449_54  # "KHAUDIT"
# Unsealed entries read at a time, and sealed at most in one transaction: the lock stays short.
SEAL_PAGE = 500
SEAL_ROUND_MAX = 5000
# Rounds after a commit: while a round seals something, entries committed meanwhile may wait.
SEAL_ROUNDS_ON_COMMIT = 2
SEAL_ROUNDS_WAITING = 1000


class Actor(Protocol):
    """Who acts, as the audit log records them. Audit sits below accounts and never imports it:
    a user is anything with these (accounts.User)."""

    @property
    def pk(self) -> Any: ...

    @property
    def role_code(self) -> str: ...

    @property
    def agency(self) -> Any: ...


def audit_record(
    *,
    actor: Actor | None,
    action: AuditAction,
    object_type: str,
    object_id: uuid.UUID | None = None,
    object_ids: Iterable[uuid.UUID] = (),
    outcome: Outcome = Outcome.ALLOWED,
    detail: dict[str, Any] | None = None,
    purpose: str = "",
) -> AuditEntry:
    """Write one audit entry for an action on a record; it is sealed into the chain on commit."""
    # One vocabulary: a string that is not an AuditAction is refused here, not stored.
    action = AuditAction(action)
    mac_key = signing.mac_key()  # read once per process
    agency = actor.agency if actor is not None else None
    entry = AuditEntry(
        uid=uuid.uuid4(),
        # Microseconds are dropped so the stored time and the MAC'd time agree everywhere.
        occurred_at=time.now().replace(microsecond=0),
        actor_id=actor.pk if actor is not None else None,
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
    )
    entry.content_mac = chain.content_mac(mac_key, chain.content_bytes(entry_content(entry)))
    # One INSERT, inside the caller's transaction: the entry commits or rolls back with the
    # change itself, and no lock is taken.
    entry.save()
    connection = transaction.get_connection()
    # One seal per transaction, however many entries it writes (a rolled-back savepoint takes
    # its callbacks with it, so a later entry registers again).
    if not any(hook[1] is _seal_on_commit for hook in connection.run_on_commit):
        transaction.on_commit(_seal_on_commit, robust=True)
    return entry


# When this process last sealed after a commit (time.monotonic()).
_last_seal = [-1e9]


def _seal_on_commit() -> None:
    # After the commit, never waiting for the lock: its holder, or the next run, seals the rest.
    # At most once per KINHAVEN_AUDIT_SEAL_SECONDS per process, so that a busy server seals in
    # batches instead of paying a lock try and a seal for every audited request.
    now = monotonic()
    if now - _last_seal[0] < settings.KINHAVEN_AUDIT_SEAL_SECONDS:
        return
    _last_seal[0] = now
    audit_log_seal(wait=False)


def audit_log_seal(*, wait: bool = False) -> int:
    """Seal the committed entries that have no place in the chain yet; return how many.

    Entries are chained in the order of their ids among those committed by then; one that
    commits later gets a later place. One sealer at a time (_sealer_lock): without `wait`, this
    returns at once when another holds the lock, which leaves the entries to that sealer's next
    round, the next commit's seal, or the checkpoint's. With `wait` it seals until none are left.
    An entry whose content MAC does not hold is never sealed: verification names it.

    Runs on commit of every transaction that wrote entries, and before each checkpoint is signed.
    Inside a caller's transaction it refuses (RuntimeError): it would hold the lock until then.
    """
    mac_key = signing.mac_key()
    connection = transaction.get_connection()
    total = 0
    for _ in range(SEAL_ROUNDS_WAITING if wait else SEAL_ROUNDS_ON_COMMIT):
        with _sealer_lock(connection, wait=wait) as taken:
            if not taken:
                break
            with transaction.atomic(durable=True):
                sealed = _seal_round(connection, mac_key)
        total += sealed
        if not sealed or not AuditEntry.objects.filter(seq__isnull=True).exists():
            break
    return total


@contextmanager
def _sealer_lock(connection: BaseDatabaseWrapper, *, wait: bool) -> Iterator[bool]:
    """Hold off other sealers while sealing; tell whether the lock was taken.

    The application's database role may SELECT and INSERT audit rows and UPDATE only their
    chain fields, so no row is locked. PostgreSQL: a session-level advisory lock, which needs no
    table privilege; trying for it is one statement, outside any transaction, since most tries
    after a commit find another sealer at work. SQLite: the sealing transaction itself, begun
    with BEGIN IMMEDIATE (plus kinhaven.core.db.sqlite's writer lock), shuts out every other
    writer.
    """
    if connection.vendor == "sqlite":
        mode = connection.settings_dict.get("OPTIONS", {}).get("transaction_mode")
        if str(mode).upper() != "IMMEDIATE":
            # A deferred transaction would read the tail before it holds the write lock.
            raise ImproperlyConfigured("audit sealing needs SQLite's transaction_mode IMMEDIATE")
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s)", [AUDIT_APPEND_LOCK])
        else:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [AUDIT_APPEND_LOCK])
            if not cursor.fetchone()[0]:
                yield False
                return
    try:
        yield True
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [AUDIT_APPEND_LOCK])
        except DatabaseError:
            # Ending the session releases the lock: a kept connection must never hold it on.
            connection.close()


def _seal_round(connection: BaseDatabaseWrapper, mac_key: bytes) -> int:
    """Chain committed unsealed entries after the tail, under the lock; return how many."""
    if connection.vendor == "postgresql":
        # Not waiting for the WAL flush at commit keeps the lock short. A seal lost to a crash
        # before the flush only leaves its entries unsealed (they committed with their own
        # transactions); no later seal or checkpoint can outlive it, since the log is flushed in
        # order up to each synchronous commit.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    sealed = AuditEntry.objects.filter(seq__isnull=False).order_by("-seq")
    # The tail comes with the first page: one statement fewer under the lock.
    tail = {
        f"tail_{name}": Subquery(sealed.values(name)[:1])
        for name in ("seq", "entry_hash", "entry_mac")
    }
    updates: list[tuple[int, str, str, str, int]] = []
    seq, prev = 0, chain.GENESIS
    last_id = 0
    while len(updates) < SEAL_ROUND_MAX:
        unsealed = AuditEntry.objects.filter(seq__isnull=True, id__gt=last_id).order_by("id")
        page = list(
            unsealed.values(*STORED_CONTENT, "content_mac", **(tail if not last_id else {}))[
                :SEAL_PAGE
            ]
        )
        if not page:
            break
        if not last_id:
            first = page[0]
            seq, prev = _chain_tail(
                mac_key, first["tail_seq"], first["tail_entry_hash"], first["tail_entry_mac"]
            )
        for row in page:
            content = chain.content_bytes(stored_content(row))
            expected = chain.content_mac(mac_key, content).encode()
            if not hmac.compare_digest(expected, (row["content_mac"] or "").encode()):
                # Sealing it would vouch for a forged or changed entry.
                logger.error("audit entry id %d: content MAC differs, left unsealed", row["id"])
                continue
            seq += 1
            entry_hash = chain.sealed_hash(content, seq, prev)
            updates.append((seq, prev, entry_hash, chain.entry_mac(mac_key, entry_hash), row["id"]))
            prev = entry_hash
        if len(page) < SEAL_PAGE:
            break
        last_id = page[-1]["id"]
    if not updates:
        return 0
    with connection.cursor() as cursor:
        # In place order: PostgreSQL's trigger checks each entry's predecessor is sealed.
        cursor.executemany(
            "UPDATE audit_auditentry SET seq = %s, prev_hash = %s, entry_hash = %s, "
            "entry_mac = %s WHERE id = %s AND seq IS NULL",
            updates,
        )
        if cursor.rowcount != len(updates):
            raise RuntimeError("audit entries changed while being sealed")
    return len(updates)


def _chain_tail(
    mac_key: bytes, seq: int | None, entry_hash: str | None, entry_mac: str | None
) -> tuple[int, str]:
    """Return the place and hash of the last sealed entry, refusing to extend a forged one."""
    if seq is None and entry_hash is None and entry_mac is None:
        return 0, chain.GENESIS
    try:
        expected = chain.entry_mac(mac_key, entry_hash or "")
    except ValueError:  # not even a hash
        expected = ""
    valid = hmac.compare_digest(expected.encode(), (entry_mac or "").encode())
    if seq is None or not entry_hash or not valid:
        raise RuntimeError(f"audit entry {seq}: MAC differs; the chain is not extended")
    return seq, entry_hash


# The columns stored_content reads, besides the chain fields.
STORED_CONTENT = (
    "id",
    "seq",
    "uid",
    *(name for name in chain.HASHED_FIELDS if name != "seq"),
)


def stored_content(row: dict[str, Any]) -> dict[str, Any]:
    """Turn a row read with values(*STORED_CONTENT, ...) into the form entry_content gives."""
    row["occurred_at"] = row["occurred_at"].astimezone(dt.UTC).isoformat()
    row["actor_agency"] = str(row["actor_agency"]) if row["actor_agency"] else None
    row["object_id"] = str(row["object_id"]) if row["object_id"] else None
    row["uid"] = str(row["uid"]) if row["uid"] else None
    return row


def entry_content(entry: AuditEntry) -> dict[str, Any]:
    """Return the content of an entry in the form verification reads it back."""
    return {
        "seq": entry.seq,
        "uid": str(entry.uid) if entry.uid else None,
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


def audit_consultation(*, actor: Actor, object_type: str, records: Iterable[Any]) -> None:
    """Record which records a list or search showed the actor."""
    audit_record(
        actor=actor,
        action=AuditAction(f"{object_type}.list"),
        object_type=object_type,
        object_ids=[r.public_id for r in records],
    )


def audited_lookup(
    *,
    actor: Actor,
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

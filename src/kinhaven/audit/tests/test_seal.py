"""Entries are written unsealed, without a lock, and sealed into the chain after commit.

An unsealed entry is held to the MAC of its own content; the sealer chains committed entries in
the order it finds them, one sealer at a time, and never vouches for a changed or forged entry.
"""

from __future__ import annotations

import io
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from kinhaven.audit.actions import AuditAction
from kinhaven.audit.models import AuditEntry
from kinhaven.audit.services import AUDIT_APPEND_LOCK, audit_log_seal, audit_record
from kinhaven.audit.verification import checkpoint_create, log_verify

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)
TABLE = "audit_auditentry"


def _write(world, n: int, **detail: Any) -> list[AuditEntry]:
    return [
        audit_record(
            actor=world.caseworker,
            action=AuditAction.CHILD_READ,
            object_type="child",
            detail={**detail, "i": i},
        )
        for i in range(n)
    ]


@contextmanager
def _attacker() -> Iterator[Any]:
    """Raw SQL with the owner's rights, the guarding triggers switched off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")


def _copy_sql(uid_value: str) -> tuple[str, list[Any]]:
    """INSERT a copy of an entry's content (and its content MAC) under the given uid."""
    columns = (
        "occurred_at, actor_id, actor_role, actor_agency, action, purpose, object_type, "
        "object_id, object_ids, outcome, request_id, detail, content_mac"
    )
    sql = (
        f"INSERT INTO {TABLE} (uid, {columns}) "  # noqa: S608  # fixed names  # nosec B608
        f"SELECT %s, {columns} FROM {TABLE} WHERE id = %s"
    )
    return sql, [uid_value]


@pytest.mark.django_db(transaction=True)
def test_entries_of_a_request_are_sealed_when_it_commits(world, api) -> None:
    client = api("caseworker")
    child = client.post("/api/v1/children", {"given_name": "CanaryName"}).json()
    assert client.get(f"/api/v1/children/{child['id']}").status_code == 200
    entries = list(AuditEntry.objects.values_list("seq", "action"))
    assert {"child.create", "child.read"} <= {action for _, action in entries}
    # Each request's seal, after its commit, chained its entries in the order written.
    assert [seq for seq, _ in entries] == list(range(1, len(entries) + 1))
    result = log_verify()
    assert result.ok
    assert (result.entries, result.unsealed) == (len(entries), 0)


def test_an_entry_is_written_unsealed_with_the_mac_of_its_content(world) -> None:
    (entry,) = _write(world, 1)
    stored = AuditEntry.objects.get()
    assert stored.seq is None
    assert (stored.prev_hash, stored.entry_hash, stored.entry_mac) == (None, None, None)
    assert stored.content_mac == entry.content_mac
    assert len(stored.content_mac or "") == 64
    assert stored.uid == entry.uid
    assert log_verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_transaction_seals_once_however_many_entries_it_writes(
    world, django_capture_on_commit_callbacks
) -> None:
    with transaction.atomic():
        with django_capture_on_commit_callbacks() as callbacks:
            _write(world, 3)
        assert len(callbacks) == 1
        assert not AuditEntry.objects.filter(seq__isnull=False).exists()
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == [1, 2, 3]
    # A savepoint rolled back takes its entry and its seal; the next entry asks again.
    with transaction.atomic():
        with django_capture_on_commit_callbacks() as callbacks:
            try:
                with transaction.atomic():
                    _write(world, 1)
                    raise ValueError("rolled back")
            except ValueError:
                pass
            _write(world, 1)
        assert len(callbacks) == 1
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == [1, 2, 3, 4]


def test_runs_of_the_sealer_extend_one_chain_and_verify_counts_the_rest(world) -> None:
    _write(world, 3)
    assert audit_log_seal() == 3
    assert audit_log_seal() == 0
    _write(world, 2)
    result = log_verify()
    assert result.ok
    assert (result.entries, result.unsealed, len(result.leaves)) == (3, 2, 3)
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue() == (
        "audit log OK: 3 entries, 0 checkpoints (0 expected from the witness), "
        "2 entries awaiting their seal\n"
    )
    call_command("audit", "seal", stdout=out)
    assert "2 entries sealed" in out.getvalue()
    _write(world, 1)
    # A checkpoint seals what is committed before it signs: it covers all six.
    checkpoint = checkpoint_create()
    assert checkpoint is not None
    assert checkpoint.tree_size == 6
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert log_verify().ok


def test_a_changed_unsealed_entry_is_named_and_left_unsealed(world, caplog) -> None:
    _write(world, 3)
    audit_log_seal()
    changed, kept = _write(world, 2)
    with _attacker() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET object_type = %s WHERE id = %s", ["case", changed.pk])  # noqa: S608  # nosec B608
    result = log_verify()
    assert result.problems == [f"unsealed entry id {changed.pk}: MAC differs"]
    assert result.first_bad_seq is None
    # Sealing it would vouch for it: the sealer takes the other and leaves this one.
    assert audit_log_seal() == 1
    assert f"audit entry id {changed.pk}: content MAC differs, left unsealed" in caplog.text
    changed.refresh_from_db()
    kept.refresh_from_db()
    assert (changed.seq, kept.seq) == (None, 4)
    result = log_verify()
    assert result.problems == [f"unsealed entry id {changed.pk}: MAC differs"]
    assert (result.entries, result.unsealed) == (4, 1)


@pytest.mark.parametrize("field", ["content_mac", "uid", "detail", "occurred_at", "actor_id"])
def test_every_field_of_an_unsealed_entry_is_under_its_mac(world, field: str) -> None:
    (entry,) = _write(world, 1)
    other = world.supervisor.pk
    value = {
        "content_mac": "0" * 64,
        "uid": uuid.uuid4().hex,
        "detail": '{"i": 1}',
        "occurred_at": "2001-01-01 00:00:00+00:00",
        "actor_id": other,
    }[field]
    with _attacker() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET {field} = %s WHERE id = %s", [value, entry.pk])  # noqa: S608  # nosec B608
    assert log_verify().problems == [f"unsealed entry id {entry.pk}: MAC differs"]


def test_forged_and_copied_entries_are_named(world) -> None:
    (entry,) = _write(world, 1)
    # A row with another uid cannot carry a MAC that holds, not even a copied one.
    sql, params = _copy_sql(uuid.uuid4().hex)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, entry.pk])
    forged = AuditEntry.objects.exclude(pk=entry.pk).get()
    result = log_verify()
    assert result.problems == [f"unsealed entry id {forged.pk}: MAC differs"]
    # The same uid is refused outright.
    assert entry.uid is not None
    sql, params = _copy_sql(entry.uid.hex)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [*params, entry.pk])


@postgres_only
def test_a_copy_is_named_even_without_the_unique_constraint(world) -> None:
    (entry,) = _write(world, 1)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    (name,) = (n for n, c in constraints.items() if c["columns"] == ["uid"] and c["unique"])
    assert entry.uid is not None
    sql, params = _copy_sql(entry.uid.hex)
    with _attacker() as cursor:
        cursor.execute(f'ALTER TABLE {TABLE} DROP CONSTRAINT "{name}"')
        cursor.execute(sql, [*params, entry.pk])
    assert audit_log_seal() == 2  # each copy's MAC holds on its own
    result = log_verify()
    assert result.problems == ["entries copied: 1 entries share their uid with another"]


def test_removing_an_unsealed_entry_leaves_no_trace_removing_a_sealed_one_does(world) -> None:
    _write(world, 3)
    audit_log_seal()
    removed, _ = _write(world, 2)
    # The limit docs/decisions/0006 names: an entry not sealed yet is in no chain and under no
    # checkpoint, so its removal (by the owner) cannot be told from an action never taken.
    with _attacker() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [removed.pk])  # noqa: S608  # nosec B608
    result = log_verify()
    assert result.ok
    assert (result.entries, result.unsealed) == (3, 1)
    # Once sealed, removing it breaks the chain.
    _write(world, 1)
    audit_log_seal()
    with _attacker() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq = 4")  # noqa: S608  # nosec B608
    assert log_verify().problem == "entry 4: missing or reordered"


def test_the_sealer_does_not_extend_a_forged_chain(world) -> None:
    _write(world, 2)
    audit_log_seal()
    tail = AuditEntry.objects.get(seq=2)
    (forged,) = _write(world, 1)
    # The application's own rights reach this far: the chain fields of an unsealed entry, set
    # in chain order, but without the key the hash and MAC are made up.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET seq = 3, prev_hash = %s, entry_hash = %s, entry_mac = %s "  # noqa: S608  # nosec B608
            "WHERE id = %s",
            [tail.entry_hash, "1" * 64, "2" * 64, forged.pk],
        )
    _write(world, 1)
    with pytest.raises(RuntimeError, match="audit entry 3: MAC differs; the chain is not extended"):
        audit_log_seal()
    if connection.vendor == "postgresql":
        # The refusal let go of the lock: a kept connection must not hold off every later seal.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks"
                " WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            )
            assert cursor.fetchone()[0] == 0
    result = log_verify()
    assert result.problem == "entry 3: content changed, hash differs"
    assert result.unsealed == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_append_does_not_wait_for_the_sealer(world) -> None:
    held, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_APPEND_LOCK])
                held.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert held.wait(30)
        began = time.monotonic()
        with transaction.atomic():
            (entry,) = _write(world, 1)
        # The seal after commit found the lock taken and left the entry to its holder.
        assert time.monotonic() - began < 10
        entry.refresh_from_db()
        assert entry.seq is None
    finally:
        release.set()
        holder.join()
    assert audit_log_seal() == 1
    assert log_verify().ok


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_entry_that_commits_late_takes_a_later_place(world) -> None:
    written, commit = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write_late() -> None:
        try:
            with transaction.atomic():
                _write(world, 1, order="late")
                written.set()
                commit.wait(30)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    writer = threading.Thread(target=write_late)
    writer.start()
    assert written.wait(30)
    (early,) = _write(world, 1, order="early")  # commits, and is sealed, at once
    commit.set()
    writer.join()
    assert not errors
    late = AuditEntry.objects.get(detail__order="late")
    early.refresh_from_db()
    assert late.pk < early.pk
    assert (early.seq, late.seq) == (1, 2)
    assert log_verify().ok


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_entries_written_concurrently_are_all_sealed_in_one_chain(world) -> None:
    errors: list[BaseException] = []

    def read_and_audit(n: int) -> None:
        try:
            for _ in range(n):
                with transaction.atomic():  # as audited_lookup: each read its own transaction
                    _write(world, 1)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=read_and_audit, args=(15,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    # Whatever committed while the lock was held is sealed by the next run at the latest.
    audit_log_seal(wait=True)
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 121))
    result = log_verify()
    assert result.ok
    assert (result.entries, result.unsealed) == (120, 0)


def test_a_busy_process_seals_in_batches_and_the_checkpoint_seals_the_rest(
    world, settings, django_capture_on_commit_callbacks
) -> None:
    # A process that sealed within the last KINHAVEN_AUDIT_SEAL_SECONDS leaves its next
    # entries to the next batch: no lock try, no seal, for every audited request.
    settings.KINHAVEN_AUDIT_SEAL_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        _write(world, 1)
    assert AuditEntry.objects.get().seq == 1
    settings.KINHAVEN_AUDIT_SEAL_SECONDS = 3600
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            _write(world, 1)
    assert AuditEntry.objects.filter(seq__isnull=True).count() == 3
    checkpoint = checkpoint_create()  # seals, waiting for the lock, before it signs
    assert checkpoint is not None
    assert checkpoint.tree_size == 4
    assert list(AuditEntry.objects.order_by("id").values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert log_verify().ok

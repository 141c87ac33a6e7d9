"""The audit log detects every single-entry edit, deletion, insertion and reordering."""

import copy
import random
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from kinhaven.audit import chain, signing, witness
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.models import AuditCheckpoint, AuditEntry
from kinhaven.audit.services import audit_log_seal, audit_record
from kinhaven.audit.verification import (
    checkpoint_create,
    inclusion_proof,
    log_verify,
    signature_check,
    stored_checkpoints,
    stored_entries,
)

pytestmark = pytest.mark.django_db
Row = dict[str, Any]


def _fill(world, n: int) -> None:
    """Write n entries and seal them, as the sealer does once their transactions commit."""
    for i in range(n):
        audit_record(
            actor=world.caseworker if i % 2 else world.supervisor,
            action=AuditAction.CHILD_READ,
            object_type="child",
            detail={"i": i},
        )
    audit_log_seal()


def _verify(entries, checkpoints):
    return chain.verify(
        entries,
        checkpoints,
        signature_check(),
        signing.mac_key(),
        witness.witness_read().checkpoints,
    )


EDITABLE = ["action", "actor_role", "object_type", "outcome", "request_id", "detail", "occurred_at"]


def _tamper(rng: random.Random, rows: list[Row], size: int) -> tuple[str, list[Row], int]:
    rows = copy.deepcopy(rows)
    kind = rng.choice(["edit", "delete", "insert", "reorder", "truncate"])
    # Removing the newest entry, past the last witnessed checkpoint, cannot be told from one
    # append fewer (the documented limit); tail removals that a checkpoint covers are "truncate".
    i = rng.randrange(len(rows) - 1 if kind == "delete" else len(rows))
    if kind == "edit":
        name = rng.choice(EDITABLE)
        rows[i][name] = {"forged": True} if name == "detail" else f"{rows[i][name]}x"
    elif kind == "delete":
        del rows[i]
    elif kind == "insert":
        forged = copy.deepcopy(rows[i])
        forged["action"] = "child.update"
        forged["entry_hash"] = chain.entry_hash(forged, forged["prev_hash"])
        rows.insert(i, forged)
    elif kind == "reorder":
        j = rng.choice([k for k in range(len(rows)) if k != i])
        rows[i], rows[j] = rows[j], rows[i]
    else:
        rows = rows[: rng.randrange(size)]
    return kind, rows, i


def test_a_thousand_random_tamperings_are_all_detected(world) -> None:
    _fill(world, 40)
    checkpoint_create()
    _fill(world, 10)
    rows = list(stored_entries())
    checkpoints = stored_checkpoints()
    assert _verify(rows, checkpoints).ok
    rng = random.Random(6962)  # noqa: S311  # test data
    kinds: dict[str, int] = {}
    for _ in range(1000):
        kind, tampered, _index = _tamper(rng, rows, checkpoints[0].tree_size)
        result = _verify(tampered, checkpoints)
        assert not result.ok, kind
        assert result.first_bad_seq is not None
        kinds[kind] = kinds.get(kind, 0) + 1
    assert set(kinds) == {"edit", "delete", "insert", "reorder", "truncate"}


def test_verify_names_the_first_bad_entry(world) -> None:
    _fill(world, 12)
    rows = list(stored_entries())
    rows[6]["action"] = "child.erase"
    result = _verify(rows, [])
    assert result.first_bad_seq == 7
    assert "hash differs" in result.problem


def _rehash(rows: list[Row], mac_key: bytes | None = None) -> None:
    prev = chain.GENESIS
    for row in rows:
        row["prev_hash"] = prev
        row["entry_hash"] = prev = chain.entry_hash(row, prev)
        if mac_key is not None:
            row["content_mac"] = chain.content_mac(mac_key, chain.content_bytes(row))
            row["entry_mac"] = chain.entry_mac(mac_key, prev)


def test_rewriting_the_whole_chain_is_named_by_the_mac_and_the_signed_roots(world) -> None:
    _fill(world, 8)
    checkpoint_create()
    rows = list(stored_entries())
    rows[2]["action"] = "child.erase"
    _rehash(rows)  # an attacker with database access recomputes every hash, not the MACs
    result = _verify(rows, stored_checkpoints())
    assert result.problem == "entry 3: MAC differs"
    assert result.first_bad_seq == 3
    # Were the key stolen as well, the signed and witnessed roots would still tell.
    _rehash(rows, signing.mac_key())
    result = _verify(rows, stored_checkpoints())
    assert "Merkle root differs" in result.problem
    assert any("differs from the witness" in problem for problem in result.problems)


def test_forged_checkpoint_signature_is_refused(world) -> None:
    _fill(world, 4)
    checkpoint = checkpoint_create()
    assert checkpoint is not None
    forged = chain.Checkpoint(
        checkpoint.tree_size,
        checkpoint.root_hash,
        checkpoint.signed_at,
        checkpoint.key_id,
        "00" * 64,
    )
    assert "bad signature" in _verify(list(stored_entries()), [forged]).problem


def _without_triggers(sql: str, params: list[Any]) -> None:
    tables = ("audit_auditentry", "audit_auditcheckpoint")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Acting as an attacker with owner rights, who can switch the guard off.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def test_verify_command_reports_database_edits_and_truncation(world) -> None:
    _fill(world, 6)
    call_command("audit", "checkpoint")
    call_command("audit", "verify")
    _without_triggers("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["x", 3])
    with pytest.raises(CommandError, match="entry 3"):
        call_command("audit", "verify")
    _without_triggers("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["child.read", 3])
    call_command("audit", "verify")
    _without_triggers("DELETE FROM audit_auditentry WHERE seq >= %s", [5])
    with pytest.raises(CommandError, match="truncated"):
        call_command("audit", "verify")


def test_prove_prints_a_verified_inclusion_proof(world, capsys) -> None:
    _fill(world, 9)
    checkpoint_create()
    proof = inclusion_proof(4)
    assert proof["verified"] is True
    assert proof["checkpoint"] is True
    assert proof["tree_size"] == 9
    call_command("audit", "prove", "4")
    assert '"verified": true' in capsys.readouterr().out
    with pytest.raises(CommandError, match="ENTRY"):
        call_command("audit", "prove", "99")


def test_entries_are_numbered_without_gaps(world) -> None:
    _fill(world, 5)
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert log_verify().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers are PostgreSQL's")
def test_postgresql_refuses_update_and_delete_by_trigger(world) -> None:
    _fill(world, 2)
    checkpoint_create()
    for sql in (
        "UPDATE audit_auditentry SET action = 'x'",
        "DELETE FROM audit_auditentry",
        "UPDATE audit_auditcheckpoint SET tree_size = 1",
        "DELETE FROM audit_auditcheckpoint",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            connection.cursor().execute(sql)
    assert AuditEntry.objects.count() == 2
    assert AuditCheckpoint.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_concurrent_appends_keep_the_chain_gapless(world) -> None:
    import threading

    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            for _ in range(n):
                audit_record(
                    actor=world.caseworker, action=AuditAction.CHILD_READ, object_type="child"
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    start = AuditEntry.objects.count()
    threads = [threading.Thread(target=append, args=(10,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    # Entries that committed while another thread sealed wait for the next seal (a checkpoint's).
    audit_log_seal(wait=True)
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, start + 61))
    result = log_verify()
    assert result.ok
    assert result.entries == start + 60
    assert result.unsealed == 0

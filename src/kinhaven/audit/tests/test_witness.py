"""Tampering with the database's own rights is named by `audit verify`, held to the witness.

The attacker here writes raw SQL to the audit tables (on PostgreSQL even as the owner, triggers
switched off: more than the application role may do) and fixes up whatever the database alone
lets them: hashes, chain links, checkpoints. The MAC key and the witness file lie outside it.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from kinhaven.audit import chain, witness
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.models import AuditCheckpoint, AuditEntry
from kinhaven.audit.services import audit_log_seal, audit_record
from kinhaven.audit.verification import checkpoint_create, stored_entries

pytestmark = pytest.mark.django_db
TABLES = ("audit_auditentry", "audit_auditcheckpoint")


def _fill(world, n: int) -> None:
    """Write n entries and seal them, as the sealer does once their transactions commit."""
    for i in range(n):
        audit_record(
            actor=world.caseworker,
            action=AuditAction.CHILD_READ,
            object_type="child",
            detail={"i": i},
        )
    audit_log_seal()


@contextmanager
def _attacker() -> Iterator[Any]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        yield cursor
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def _rewrite(seq: int) -> None:
    """Change one entry and recompute every hash and link from it on; the MACs cannot be."""
    with _attacker() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["x", seq])
        rows = [row for row in stored_entries() if row["seq"] >= seq]
        prev = rows[0]["prev_hash"]
        for row in rows:
            new_hash = chain.entry_hash(row, prev)
            cursor.execute(
                "UPDATE audit_auditentry SET prev_hash = %s, entry_hash = %s WHERE seq = %s",
                [prev, new_hash, row["seq"]],
            )
            prev = new_hash


def _verify(*copies: Path) -> str:
    """Run `kinhaven audit verify`; return its report, OK or not."""
    out = io.StringIO()
    args = [arg for copy in copies for arg in ("--witness", str(copy))]
    try:
        call_command("audit", "verify", *args, stdout=out)
    except CommandError as exc:
        return f"FAILED {exc}"
    return out.getvalue()


def _witness_lines() -> list[dict[str, Any]]:
    path = witness.witness_path()
    return [json.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def test_an_intact_log_verifies_against_its_witness(world) -> None:
    _fill(world, 5)
    checkpoint_create()
    _fill(world, 3)
    checkpoint_create()
    _fill(world, 2)
    assert _verify() == (
        "audit log OK: 10 entries, 2 checkpoints (2 expected from the witness), "
        "0 entries awaiting their seal\n"
    )


def test_a_rewrite_after_the_last_checkpoint_is_named_by_the_mac(world) -> None:
    _fill(world, 30)
    checkpoint_create()
    _fill(world, 10)
    _rewrite(35)
    report = _verify()
    assert report.startswith("FAILED audit log FAILED verification:\n  entry 35: MAC differs\n")
    assert "40 entries, 1 checkpoints (1 expected from the witness)" in report


def test_a_truncation_a_witnessed_checkpoint_covers_is_named(world) -> None:
    _fill(world, 30)
    checkpoint_create()
    _fill(world, 50)
    checkpoint_create()
    with _attacker() as cursor:  # the last 50 entries go, and every trace of them in the database
        cursor.execute("DELETE FROM audit_auditentry WHERE seq > 30")
        cursor.execute("DELETE FROM audit_auditcheckpoint WHERE tree_size > 30")
    report = _verify()
    assert "log truncated: the witness covers 80 entries, the log holds 30" in report
    assert "checkpoints vanished: 1 of the 2 the witness holds" in report
    assert "(2 expected from the witness)" in report


def test_a_rewrite_whose_checkpoints_were_removed_names_both(world) -> None:
    for _ in range(3):
        _fill(world, 10)
        checkpoint_create()
    _fill(world, 5)
    _rewrite(15)
    with _attacker() as cursor:
        cursor.execute("DELETE FROM audit_auditcheckpoint WHERE tree_size >= 15")
    report = _verify()
    assert "entry 15: MAC differs" in report
    assert (
        "checkpoints vanished: 2 of the 3 the witness holds are missing from the database "
        "(first at 20 entries)"
    ) in report
    assert "35 entries, 1 checkpoints (3 expected from the witness)" in report


def test_an_emptied_log_fails_verification(world) -> None:
    _fill(world, 10)
    checkpoint_create()
    with _attacker() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE audit_auditentry, audit_auditcheckpoint")
        else:
            cursor.execute("DELETE FROM audit_auditentry")
            cursor.execute("DELETE FROM audit_auditcheckpoint")
    report = _verify()
    assert "OK" not in report
    assert "log truncated: the witness covers 10 entries, the log holds 0" in report
    assert "0 entries, 0 checkpoints (1 expected from the witness)" in report


def test_checkpoints_without_a_witness_fail_until_it_is_started(world) -> None:
    _fill(world, 4)
    checkpoint_create()
    witness.witness_path().unlink()
    assert "the database holds 1 checkpoints but the witness none" in _verify()
    out = io.StringIO()
    call_command("audit", "witness-start", stdout=out)
    assert out.getvalue() == "witness started with 1 checkpoints\n"
    assert _verify().startswith("audit log OK")
    call_command("audit", "witness-start", stdout=out)
    assert "nothing written" in out.getvalue()
    assert len(_witness_lines()) == 1


def test_the_witness_is_only_appended_to(world) -> None:
    _fill(world, 3)
    first = checkpoint_create()
    path = witness.witness_path()
    before, inode = path.read_bytes(), path.stat().st_ino
    assert checkpoint_create() is None  # nothing new: nothing written
    assert path.read_bytes() == before
    _fill(world, 2)
    second = checkpoint_create()
    after = path.read_bytes()
    assert path.stat().st_ino == inode
    assert after.startswith(before)
    assert first is not None
    assert second is not None
    assert [(line["tree_size"], line["root_hash"]) for line in _witness_lines()] == [
        (first.tree_size, first.root_hash),
        (second.tree_size, second.root_hash),
    ]


def test_a_checkpoint_inside_a_callers_transaction_is_refused_and_not_witnessed(world) -> None:
    _fill(world, 3)
    with transaction.atomic(), pytest.raises(RuntimeError):
        checkpoint_create()
    assert not AuditCheckpoint.objects.exists()
    assert _witness_lines() == []


def test_the_auditors_copy_names_what_a_replaced_witness_hides(world, tmp_path) -> None:
    _fill(world, 10)
    checkpoint_create()
    _fill(world, 10)
    checkpoint_create()
    auditors_copy = tmp_path / "auditor.jsonl"
    shutil.copyfile(witness.witness_path(), auditors_copy)
    # Someone who also controls the application host puts back an older witness.
    first_line = witness.witness_path().read_bytes().splitlines(keepends=True)[0]
    witness.witness_path().write_bytes(first_line)
    with _attacker() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq > 10")
        cursor.execute("DELETE FROM audit_auditcheckpoint WHERE tree_size > 10")
    assert _verify().startswith("audit log OK: 10 entries, 1 checkpoints (1 expected")
    report = _verify(auditors_copy)
    assert "log truncated: the witness covers 20 entries, the log holds 10" in report
    assert "(2 expected from the witness)" in report
    assert "not found" in _verify(tmp_path / "nowhere.jsonl")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b"not json\n", "line 2: unreadable"),
        (None, "line 2: tree size 4 does not increase"),
        ("forged", "witnessed checkpoint 9: bad signature"),
    ],
)
def test_bad_witness_lines_are_named(world, line: bytes | str | None, problem: str) -> None:
    _fill(world, 4)
    checkpoint_create()
    path = witness.witness_path()
    existing = path.read_bytes()
    if line is None:
        added = existing  # the same checkpoint again
    elif line == "forged":
        data = json.loads(existing)
        data.update(tree_size=9, signature="00" * 64)
        added = json.dumps(data).encode() + b"\n"
    else:
        assert isinstance(line, bytes)
        added = line
    with path.open("ab") as handle:
        handle.write(added)
    assert problem in _verify()


def test_verify_requires_every_entry_to_carry_its_mac(world) -> None:
    _fill(world, 3)
    with _attacker() as cursor:
        cursor.execute("UPDATE audit_auditentry SET entry_mac = '' WHERE seq = 2")
    assert "entry 2: MAC differs" in _verify()
    assert AuditEntry.objects.count() == 3

"""Reading the audit log back: verification, checkpoints and inclusion proofs."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Max

from kinhaven.audit import chain, signing, witness
from kinhaven.audit.models import AuditCheckpoint, AuditEntry
from kinhaven.audit.services import STORED_CONTENT, audit_log_seal, stored_content
from kinhaven.core import time

_STORED = ("content_mac", "prev_hash", "entry_hash", "entry_mac")


def stored_entries(chunk_size: int = 5000) -> Iterator[dict[str, Any]]:
    """Yield every entry as content plus its stored hashes: the chain in order, then the rest.

    The sealed entries are read first, the unsealed ones after: an entry sealed in between is
    missed by both reads (it is only counted by the next verification), never read twice.
    """
    entries = AuditEntry.objects.values(*STORED_CONTENT, *_STORED)
    for rows in (
        entries.filter(seq__isnull=False).order_by("seq"),
        entries.filter(seq__isnull=True).order_by("id"),
    ):
        for row in rows.iterator(chunk_size=chunk_size):
            yield stored_content(row)


def stored_checkpoints() -> list[chain.Checkpoint]:
    return [
        chain.Checkpoint(c.tree_size, c.root_hash, c.signed_at, c.key_id, c.signature)
        for c in AuditCheckpoint.objects.order_by("tree_size")
    ]


def signature_check() -> Callable[[chain.Checkpoint], bool]:
    """Return a function telling whether a checkpoint carries this instance's signature."""
    public = signing.public_key()
    own_key_id = signing.key_id(public)

    def check(checkpoint: chain.Checkpoint) -> bool:
        return checkpoint.key_id == own_key_id and signing.verify_signature(
            public, checkpoint.message(), checkpoint.signature
        )

    return check


def log_verify(*, witness_copies: Sequence[Path] = ()) -> chain.VerifyResult:
    """Recompute the chain, the MACs, the Merkle roots and signatures; hold them to the witness.

    `witness_copies` are further copies of the witness (the auditor's) read beside the file.
    """
    # Read backwards from the order of writing (entries, a checkpoint, then its witness line):
    # whatever is appended meanwhile only adds to the later reads, so nothing read is uncovered.
    read = witness.witness_read(witness_copies)
    checkpoints = stored_checkpoints()
    result = chain.verify(
        stored_entries(), checkpoints, signature_check(), signing.mac_key(), read.checkpoints
    )
    result.problems[:0] = read.problems
    copies = _copied_entries()
    if copies:
        result.fail(f"entries copied: {copies} entries share their uid with another")
    return result


def _copied_entries() -> int:
    """Count entries beyond the first with the same uid: a copy keeps its content MAC valid.

    The unique constraint refuses them; this names them should the constraint be gone.
    """
    repeated = (
        AuditEntry.objects.filter(uid__isnull=False)
        .values("uid")
        .annotate(copies=Count("id"))
        .filter(copies__gt=1)
        .values_list("copies", flat=True)
    )
    return sum(copies - 1 for copies in repeated)


def checkpoint_create() -> AuditCheckpoint | None:
    """Seal what is committed, then sign the chain's Merkle root after verifying it; witness it.

    The log is read outside any transaction (the chain is only extended, so it reads a prefix
    that verified), and no writer waits while it is; entries written meanwhile stay for the next
    checkpoint. The insert commits on its own before the checkpoint is appended to the witness,
    so the witness never names one the database lost to a rollback: called inside a caller's
    transaction, it refuses (RuntimeError).
    """
    audit_log_seal(wait=True)
    result = log_verify()
    if not result.ok:
        raise RuntimeError(f"log does not verify: {result.problem}")
    size = len(result.leaves)
    if size == 0:
        return None
    root = chain.merkle_root(result.leaves).hex()
    with witness.witness_locked() as witness_fd:
        latest = AuditCheckpoint.objects.aggregate(latest=Max("tree_size"))["latest"] or 0
        if latest >= size:
            return None
        signed_at = time.now().astimezone(dt.UTC).isoformat()
        key_id, signature = signing.sign(chain.checkpoint_message(size, root, signed_at))
        with transaction.atomic(durable=True):
            checkpoint = AuditCheckpoint.objects.create(
                tree_size=size,
                root_hash=root,
                signed_at=signed_at,
                key_id=key_id,
                signature=signature,
            )
        witness.witness_append(
            witness_fd, chain.Checkpoint(size, root, signed_at, key_id, signature)
        )
    return checkpoint


def witness_start() -> int | None:
    """Write the database's checkpoints to an empty witness, once, when upgrading; count them.

    This trusts the database as it is now, so it writes nothing (None) when the witness already
    holds lines; the checkpoints' signatures and the log itself must verify first.
    """
    checkpoints = stored_checkpoints()
    # The database's checkpoints stand in for the witness they are about to start.
    result = chain.verify(
        stored_entries(), checkpoints, signature_check(), signing.mac_key(), checkpoints
    )
    if not result.ok:
        raise RuntimeError(f"log does not verify: {result.problem}")
    with witness.witness_locked() as witness_fd:
        if os.fstat(witness_fd).st_size:
            return None
        for checkpoint in checkpoints:
            witness.witness_append(witness_fd, checkpoint)
    return len(checkpoints)


def inclusion_proof(seq: int) -> dict[str, Any]:
    """Return the audit path proving entry `seq` is in the latest checkpoint (or the log)."""
    result = log_verify()
    if not result.ok:
        raise RuntimeError(f"log does not verify at entry {result.first_bad_seq}: {result.problem}")
    latest = AuditCheckpoint.objects.order_by("-tree_size").first()
    size = latest.tree_size if latest and latest.tree_size >= seq else len(result.leaves)
    if not 1 <= seq <= size:
        raise LookupError("no such entry")
    leaves = result.leaves[:size]
    path = chain.inclusion_path(seq - 1, leaves)
    root = chain.merkle_root(leaves)
    entry = AuditEntry.objects.get(seq=seq)
    return {
        "entry": seq,
        "entry_hash": entry.entry_hash,
        "leaf_hash": leaves[seq - 1].hex(),
        "tree_size": size,
        "root_hash": root.hex(),
        "checkpoint": bool(latest and latest.tree_size == size),
        "path": [p.hex() for p in path],
        "verified": chain.verify_inclusion(seq - 1, size, leaves[seq - 1], path, root),
    }

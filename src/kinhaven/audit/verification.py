"""Reading the audit log back: verification, checkpoints and inclusion proofs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from kinhaven.audit import chain, signing
from kinhaven.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from kinhaven.core import time

_STORED = ("prev_hash", "entry_hash")


def stored_entries(chunk_size: int = 5000) -> Iterator[dict[str, Any]]:
    """Yield every entry in log order as hashed content plus its stored hashes."""
    fields = [f for f in chain.HASHED_FIELDS if f != "actor_id"]
    rows = AuditEntry.objects.order_by("seq").values(*fields, "actor_id", *_STORED)
    for row in rows.iterator(chunk_size=chunk_size):
        row["occurred_at"] = row["occurred_at"].astimezone(dt.UTC).isoformat()
        row["actor_agency"] = str(row["actor_agency"]) if row["actor_agency"] else None
        row["object_id"] = str(row["object_id"]) if row["object_id"] else None
        yield row


def stored_checkpoints() -> list[chain.Checkpoint]:
    return [
        chain.Checkpoint(c.tree_size, c.root_hash, c.signed_at, c.key_id, c.signature)
        for c in AuditCheckpoint.objects.order_by("tree_size")
    ]


def log_verify() -> chain.VerifyResult:
    """Recompute the chain, the Merkle roots and the checkpoint signatures."""
    public = signing.public_key()

    def check(checkpoint: chain.Checkpoint) -> bool:
        return checkpoint.key_id == signing.key_id(public) and signing.verify_signature(
            public, checkpoint.message(), checkpoint.signature
        )

    return chain.verify(stored_entries(), stored_checkpoints(), check, stored_head())


def stored_head() -> chain.Head:
    head = AuditHead.objects.filter(pk=1).first()
    return chain.Head(head.size, head.last_hash) if head else chain.Head(0, chain.GENESIS)


@transaction.atomic
def checkpoint_create() -> AuditCheckpoint | None:
    """Sign the Merkle root of the whole log as it is now, after verifying it."""
    result = log_verify()
    if not result.ok:
        raise RuntimeError(f"log does not verify at entry {result.first_bad_seq}: {result.problem}")
    size = len(result.leaves)
    if size == 0 or AuditCheckpoint.objects.filter(tree_size=size).exists():
        return None
    root = chain.merkle_root(result.leaves).hex()
    signed_at = time.now().astimezone(dt.UTC).isoformat()
    key_id, signature = signing.sign(chain.checkpoint_message(size, root, signed_at))
    return AuditCheckpoint.objects.create(
        tree_size=size, root_hash=root, signed_at=signed_at, key_id=key_id, signature=signature
    )


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

"""Hash chain and RFC 6962 Merkle tree over audit entries; pure functions, no database.

Each entry's hash covers its canonical content and the previous entry's hash, so an edit,
deletion, insertion or reordering breaks the chain at that entry. The entry hashes are also the
leaves of a Merkle tree (RFC 6962, section 2.1) whose signed roots (checkpoints) pin the log's
history: truncation, or a rewrite of the whole chain before a checkpoint, changes the root.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64

# The fields an entry's hash covers, in the order they are stored.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_role",
    "actor_agency",
    "action",
    "purpose",
    "object_type",
    "object_id",
    "object_ids",
    "outcome",
    "request_id",
    "detail",
)


def canonical(entry: dict[str, Any]) -> bytes:
    """Serialise the hashed fields of an entry deterministically."""
    return json.dumps(
        {name: entry[name] for name in HASHED_FIELDS},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    ).encode()


def entry_hash(entry: dict[str, Any], prev_hash: str) -> str:
    """Return the chained hash of an entry (hex)."""
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(entry)).hexdigest()


def leaf_hash(entry_hash_hex: str) -> bytes:
    return hashlib.sha256(b"\x00" + bytes.fromhex(entry_hash_hex)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """Return the RFC 6962 Merkle tree hash of the given leaf hashes.

    Pairing level by level and carrying an odd last node up unchanged gives exactly the
    left-balanced tree of RFC 6962 (split at the largest power of two below n).
    """
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = list(leaves)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def _largest_power_of_two_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def inclusion_path(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """Return the audit path for leaf `index` in the tree of `leaves` (RFC 6962, 2.1.1)."""
    if not 0 <= index < len(leaves):
        raise IndexError("leaf index out of range")
    if len(leaves) == 1:
        return []
    k = _largest_power_of_two_below(len(leaves))
    if index < k:
        return [*inclusion_path(index, leaves[:k]), merkle_root(leaves[k:])]
    return [*inclusion_path(index - k, leaves[k:]), merkle_root(leaves[:k])]


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes
) -> bool:
    """Check an audit path against a root (RFC 9162, section 2.1.3.2)."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


@dataclass(frozen=True)
class Checkpoint:
    tree_size: int
    root_hash: str
    signed_at: str
    key_id: str
    signature: str

    def message(self) -> bytes:
        return checkpoint_message(self.tree_size, self.root_hash, self.signed_at)


def checkpoint_message(tree_size: int, root_hash: str, signed_at: str) -> bytes:
    return f"kinhaven-audit-checkpoint\n{tree_size}\n{root_hash}\n{signed_at}\n".encode()


@dataclass
class VerifyResult:
    ok: bool
    entries: int = 0
    checkpoints: int = 0
    first_bad_seq: int | None = None
    problem: str = ""
    leaves: list[bytes] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class Head:
    """The log's recorded tip: how many entries it has and the last one's hash."""

    size: int
    last_hash: str


def verify(
    entries: Iterable[dict[str, Any]],
    checkpoints: Sequence[Checkpoint],
    check_signature: Any,
    head: Head | None = None,
) -> VerifyResult:
    """Recompute the chain, the recorded head and every checkpoint; name the first bad entry.

    `entries` come in storage order with their stored `prev_hash` and `entry_hash`;
    `check_signature(checkpoint) -> bool` verifies a checkpoint's signature.
    """
    leaves: list[bytes] = []
    prev = GENESIS
    expected_seq = 1
    for entry in entries:
        seq = entry["seq"]
        if seq != expected_seq:
            kind = "missing or reordered" if seq > expected_seq else "inserted or reordered"
            return VerifyResult(False, len(leaves), 0, expected_seq, f"entry {kind}")
        if entry["prev_hash"] != prev:
            return VerifyResult(False, len(leaves), 0, seq, "chain broken: previous hash differs")
        computed = entry_hash(entry, prev)
        if computed != entry["entry_hash"]:
            return VerifyResult(False, len(leaves), 0, seq, "content changed: hash differs")
        leaves.append(leaf_hash(computed))
        prev = computed
        expected_seq += 1
    for number, checkpoint in enumerate(sorted(checkpoints, key=lambda c: c.tree_size), 1):
        if not check_signature(checkpoint):
            return VerifyResult(
                False,
                len(leaves),
                number - 1,
                None,
                f"checkpoint {checkpoint.tree_size}: bad signature",
            )
        if checkpoint.tree_size > len(leaves):
            return VerifyResult(
                False,
                len(leaves),
                number - 1,
                len(leaves) + 1,
                f"log truncated: checkpoint covers {checkpoint.tree_size} entries",
            )
        if merkle_root(leaves[: checkpoint.tree_size]).hex() != checkpoint.root_hash:
            first_bad = _first_divergence(leaves[: checkpoint.tree_size], checkpoint)
            return VerifyResult(
                False,
                len(leaves),
                number - 1,
                first_bad,
                f"checkpoint {checkpoint.tree_size}: Merkle root differs",
            )
    # Checked last: a truncation a checkpoint covers is reported as such, the stronger proof.
    if head is not None and (head.size, head.last_hash) != (len(leaves), prev):
        first_bad = min(head.size, len(leaves)) + 1
        return VerifyResult(
            False,
            len(leaves),
            len(checkpoints),
            first_bad,
            f"log ends early or late: head records {head.size} entries",
        )
    return VerifyResult(True, len(leaves), len(checkpoints), leaves=leaves)


def _first_divergence(leaves: Sequence[bytes], checkpoint: Checkpoint) -> int | None:
    # A rewritten chain cannot be localised without the original leaves; report the start.
    return 1 if leaves else None

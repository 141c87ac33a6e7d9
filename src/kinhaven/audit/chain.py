"""Hash chain and RFC 6962 Merkle tree over audit entries; pure functions, no database.

An entry is written with a MAC of its own content (`content_mac`) under a key kept outside the
database, and sealed into the chain afterwards (audit.services.audit_log_seal): it then gets its
place (`seq`), and its hash covers its content, its place and the previous entry's hash, so an
edit, deletion, insertion or reordering breaks the chain at that entry. The entry hashes are also
the leaves of a Merkle tree (RFC 6962, section 2.1) whose signed roots (checkpoints) pin the log's
history: truncation, or a rewrite of the whole chain before a checkpoint, changes the root. A
sealed entry also carries a MAC of its hash, so a rewritten entry is named even after the last
checkpoint, hashes recomputed or not; an entry not sealed yet is held to its content MAC.

Entries sealed before content MACs existed keep the hash they were given then (`canonical`,
with `seq` among the fields); the entry MAC pins which form an entry's hash takes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64

# The fields an entry's hash covered before content MACs, in the order they are stored.
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

# An entry's own content: everything but its place in the chain. `uid` is unique to each entry,
# so a copy of an entry cannot pass for a second one under the same MAC.
CONTENT_FIELDS = (*(name for name in HASHED_FIELDS if name != "seq"), "uid")

# Prefixed to the content under its MAC; entry MACs cover 32-byte hashes, never this.
CONTENT_MAC_LABEL = b"kinhaven audit entry content v1\n"


def _serialise(entry: dict[str, Any], fields: Sequence[str]) -> bytes:
    return json.dumps(
        {name: entry[name] for name in fields},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    ).encode()


def canonical(entry: dict[str, Any]) -> bytes:
    """Serialise the hashed fields of an entry sealed before content MACs deterministically."""
    return _serialise(entry, HASHED_FIELDS)


def content_bytes(entry: dict[str, Any]) -> bytes:
    """Serialise an entry's own content (not its place in the chain) deterministically."""
    return _serialise(entry, CONTENT_FIELDS)


def content_mac(key: bytes, content: bytes) -> str:
    """Return the MAC of an entry's content (hex), given as content_bytes returns it."""
    return hmac.new(key, CONTENT_MAC_LABEL + content, hashlib.sha256).hexdigest()


def sealed_hash(content: bytes, seq: int, prev_hash: str) -> str:
    """Return the chained hash of an entry with a content MAC, sealed at place `seq` (hex).

    No key goes in: whoever holds the entries can recompute the leaves of the Merkle tree.
    """
    return hashlib.sha256(f"{prev_hash}\n{seq}\n".encode() + content).hexdigest()


def entry_hash(entry: dict[str, Any], prev_hash: str) -> str:
    """Return the chained hash of a sealed entry (hex), in the form its content MAC implies."""
    if entry.get("content_mac"):
        return sealed_hash(content_bytes(entry), entry["seq"], prev_hash)
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(entry)).hexdigest()


def entry_mac(key: bytes, entry_hash_hex: str) -> str:
    """Return the MAC of an entry's hash (hex); the key comes from outside the database."""
    return hmac.new(key, bytes.fromhex(entry_hash_hex), hashlib.sha256).hexdigest()


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


def prefix_roots(leaves: Sequence[bytes], sizes: Iterable[int]) -> dict[int, bytes]:
    """Return the Merkle tree hash of the first n leaves for every n in `sizes`, in one pass.

    The perfect subtrees of a prefix, folded from the right, give its RFC 6962 root, so every
    checkpoint costs a few hashes instead of a tree of its own. Sizes past the leaves are left out.
    """
    wanted = sorted({n for n in sizes if 0 < n <= len(leaves)})
    roots: dict[int, bytes] = {}
    if not wanted:
        return roots
    # (height, hash) of the perfect subtrees over the leaves so far, largest first.
    stack: list[tuple[int, bytes]] = []
    pending = iter(wanted)
    next_size = next(pending, None)
    for count, leaf in enumerate(leaves, 1):
        height, node = 0, leaf
        while stack and stack[-1][0] == height:
            node = node_hash(stack.pop()[1], node)
            height += 1
        stack.append((height, node))
        if count == next_size:
            root = stack[-1][1]
            for _, left in reversed(stack[:-1]):
                root = node_hash(left, root)
            roots[count] = root
            next_size = next(pending, None)
            if next_size is None:
                break
    return roots


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
    """What verification found: counts, and every problem in the order it was found."""

    # Sealed entries, the length of the chain; and entries written but not sealed yet.
    entries: int = 0
    unsealed: int = 0
    checkpoints: int = 0
    # Signed checkpoints the witness holds outside the database; each must be in the database.
    expected_checkpoints: int = 0
    first_bad_seq: int | None = None
    problems: list[str] = field(default_factory=list)
    leaves: list[bytes] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem(self) -> str:
        return self.problems[0] if self.problems else ""

    def fail(self, problem: str, seq: int | None = None) -> None:
        self.problems.append(problem)
        if seq is not None and (self.first_bad_seq is None or seq < self.first_bad_seq):
            self.first_bad_seq = seq


def verify(
    entries: Iterable[dict[str, Any]],
    checkpoints: Sequence[Checkpoint],
    check_signature: Callable[[Checkpoint], bool],
    mac_key: bytes,
    witnessed: Sequence[Checkpoint] = (),
) -> VerifyResult:
    """Recompute the chain, every MAC and checkpoint, and hold the log to its witness.

    `entries` come with their stored `prev_hash`, `entry_hash`, `entry_mac` and `content_mac`:
    the sealed ones in chain order, and the unsealed ones (no `seq`; their `id` names them), which
    are held to their content MAC alone. `check_signature(checkpoint) -> bool` verifies a
    checkpoint's signature; `witnessed` are the checkpoints copied outside the database, by
    increasing tree size. The first bad sealed entry and every bad unsealed one are named;
    checkpoint problems are added to them, so that a rewrite that also removed checkpoints shows
    both.
    """
    result = VerifyResult()
    _verify_entries(entries, mac_key, result)
    intact = result.ok
    checkpoints = sorted(checkpoints, key=lambda c: c.tree_size)
    result.checkpoints = len(checkpoints)
    roots = (
        prefix_roots(result.leaves, [c.tree_size for c in [*checkpoints, *witnessed]])
        if intact
        else {}
    )
    held = len(result.leaves)
    for checkpoint in checkpoints:
        size = checkpoint.tree_size
        if not check_signature(checkpoint):
            result.fail(f"checkpoint {size}: bad signature")
            break
        if not intact:
            continue
        if size > held:
            result.fail(
                f"log truncated: checkpoint {size} covers {size} entries, the log holds {held}",
                held + 1,
            )
            break
        if roots[size].hex() != checkpoint.root_hash:
            # A rewrite under a valid root cannot be placed without the original leaves.
            result.fail(f"log rewritten: checkpoint {size}: Merkle root differs", 1)
            break
    _hold_to_witness(result, checkpoints, witnessed, check_signature, roots if intact else None)
    return result


def _verify_entries(
    entries: Iterable[dict[str, Any]], mac_key: bytes, result: VerifyResult
) -> None:
    leaves = result.leaves
    prev = GENESIS
    count = 0
    broken = False
    for entry in entries:
        seq = entry["seq"]
        if seq is None:
            _verify_unsealed(entry, mac_key, result)
            continue
        count += 1
        if broken:
            continue  # the first bad entry is named; the rest are only counted
        broken = True
        expected = len(leaves) + 1
        if seq != expected:
            kind = "missing or reordered" if seq > expected else "inserted or reordered"
            result.fail(f"entry {expected}: {kind}", expected)
            continue
        if entry["prev_hash"] != prev:
            result.fail(f"entry {seq}: chain broken, previous hash differs", seq)
            continue
        if entry.get("content_mac"):
            content = content_bytes(entry)
            computed = sealed_hash(content, seq, prev)
        else:
            content, computed = None, entry_hash(entry, prev)
        if computed != entry["entry_hash"]:
            result.fail(f"entry {seq}: content changed, hash differs", seq)
            continue
        stored_mac = str(entry.get("entry_mac") or "").encode()
        if not hmac.compare_digest(entry_mac(mac_key, computed).encode(), stored_mac):
            result.fail(f"entry {seq}: MAC differs", seq)
            continue
        # Implied by the entry MAC, unless the sealer was given a forged entry: it refuses those.
        if content is not None and not _content_mac_holds(entry, content, mac_key):
            result.fail(f"entry {seq}: content MAC differs", seq)
            continue
        broken = False
        leaves.append(leaf_hash(computed))
        prev = computed
    result.entries = count


def _content_mac_holds(entry: dict[str, Any], content: bytes, mac_key: bytes) -> bool:
    stored = str(entry.get("content_mac") or "").encode()
    return hmac.compare_digest(content_mac(mac_key, content).encode(), stored)


def _verify_unsealed(entry: dict[str, Any], mac_key: bytes, result: VerifyResult) -> None:
    """Hold an entry that has no place in the chain yet to its content MAC; name it by id."""
    result.unsealed += 1
    chain_fields = ("prev_hash", "entry_hash", "entry_mac")
    if any(entry.get(name) for name in chain_fields):
        result.fail(f"unsealed entry id {entry['id']}: chain fields without a place in the chain")
    elif not entry.get("content_mac") or not _content_mac_holds(
        entry, content_bytes(entry), mac_key
    ):
        result.fail(f"unsealed entry id {entry['id']}: MAC differs")


def _hold_to_witness(
    result: VerifyResult,
    checkpoints: Sequence[Checkpoint],
    witnessed: Sequence[Checkpoint],
    check_signature: Callable[[Checkpoint], bool],
    roots: dict[int, bytes] | None,
) -> None:
    """Check the database against the checkpoints witnessed outside it.

    Someone with rights on the database can remove entries and checkpoints together; the witness
    still names the checkpoints that were signed and how many entries the log had then.
    `roots` are the prefix roots of an intact log, None when an entry is already bad.
    """
    if not witnessed:
        if checkpoints:
            result.fail(
                f"the database holds {len(checkpoints)} checkpoints but the witness none: "
                "the witness is missing or was replaced"
            )
        return
    signed: list[Checkpoint] = []
    for checkpoint in witnessed:
        if check_signature(checkpoint):
            signed.append(checkpoint)
        else:
            result.fail(f"witnessed checkpoint {checkpoint.tree_size}: bad signature")
    result.expected_checkpoints = len(signed)
    if not signed:
        return
    stored = {c.tree_size: c for c in checkpoints}
    missing = [w for w in signed if w.tree_size not in stored]
    if missing:
        result.fail(
            f"checkpoints vanished: {len(missing)} of the {len(signed)} the witness holds are "
            f"missing from the database (first at {missing[0].tree_size} entries)"
        )
    changed = [w for w in signed if w.tree_size in stored and stored[w.tree_size] != w]
    if changed:
        result.fail(
            f"checkpoints changed: {len(changed)} differ from the witness "
            f"(first at {changed[0].tree_size} entries)"
        )
    latest = max(w.tree_size for w in signed)
    if result.entries < latest:
        result.fail(
            f"log truncated: the witness covers {latest} entries, the log holds {result.entries}",
            result.entries + 1,
        )
    elif roots is not None:
        for checkpoint in signed:
            if roots[checkpoint.tree_size].hex() != checkpoint.root_hash:
                result.fail(
                    f"log rewritten: the Merkle root over the first {checkpoint.tree_size} "
                    "entries differs from the witness",
                    1,
                )
                break

"""The Merkle tree and inclusion proofs against RFC 6962's recursive definition."""

import hashlib

import pytest

from kinhaven.audit import chain


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH(D[n]) exactly as RFC 6962, section 2.1, defines it."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return chain.node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))


def make_leaves(n: int) -> list[bytes]:
    return [chain.leaf_hash(hashlib.sha256(str(i).encode()).hexdigest()) for i in range(n)]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 100])
def test_merkle_root_matches_the_rfc_definition(n: int) -> None:
    leaves = make_leaves(n)
    assert chain.merkle_root(leaves) == reference_root(leaves)


def test_empty_tree_hash_is_the_hash_of_nothing() -> None:
    assert chain.merkle_root([]) == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 31])
def test_every_inclusion_proof_verifies_and_a_wrong_leaf_does_not(n: int) -> None:
    leaves = make_leaves(n)
    root = chain.merkle_root(leaves)
    for index in range(n):
        path = chain.inclusion_path(index, leaves)
        assert chain.verify_inclusion(index, n, leaves[index], path, root)
        wrong = leaves[(index + 1) % n] if n > 1 else b"\x00" * 32
        assert not chain.verify_inclusion(index, n, wrong, path, root)
        assert not chain.verify_inclusion(index + n, n, leaves[index], path, root)


def test_prefix_roots_equal_the_root_of_each_prefix() -> None:
    leaves = make_leaves(70)
    sizes = [1, 2, 3, 7, 8, 9, 33, 64, 70, 71, 0]
    roots = chain.prefix_roots(leaves, sizes)
    assert sorted(roots) == [1, 2, 3, 7, 8, 9, 33, 64, 70]
    for size, root in roots.items():
        assert root == reference_root(leaves[:size])


def test_the_entry_mac_depends_on_the_key_and_the_hash() -> None:
    entry_hash = hashlib.sha256(b"entry").hexdigest()
    other_hash = hashlib.sha256(b"other").hexdigest()
    mac = chain.entry_mac(b"k" * 32, entry_hash)
    assert len(mac) == 64
    assert mac != chain.entry_mac(b"j" * 32, entry_hash)
    assert mac != chain.entry_mac(b"k" * 32, other_hash)

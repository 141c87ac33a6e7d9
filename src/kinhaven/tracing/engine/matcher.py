"""Blocking, candidate ranking, scoring and clustering."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from kinhaven.tracing.engine.compare import FloatArray, Similarity, features
from kinhaven.tracing.engine.model import Model
from kinhaven.tracing.engine.normalize import normalize
from kinhaven.tracing.engine.table import MISSING, Encoder, IntArray, Table

CANDIDATES = 20_000  # ranked by shared names before other fields are considered
SCORED = 120  # pairs per query the model scores
CHUNK = 512  # queries per batch
Progress = Callable[[int], None]


def _postings(keys: IntArray, rows: IntArray, n_keys: int) -> tuple[IntArray, IntArray]:
    """CSR postings: rows of each key, sorted by key."""
    order = np.argsort(keys, kind="stable")
    keys, rows = keys[order], rows[order]
    offsets = np.zeros(n_keys + 1, dtype=np.int64)
    np.add.at(offsets, keys + 1, 1)
    return np.cumsum(offsets), rows


@dataclass
class Match:
    query_id: str
    record_id: str
    score: float
    rank: int


class Registry:
    """Registered records indexed for matching: name skeletons and document numbers."""

    def __init__(
        self, rows: Sequence[dict[str, str]], *, encoder: Encoder | None = None,
        model: Model | None = None,
    ) -> None:  # fmt: skip
        self.encoder = encoder or Encoder()
        self.model = model or Model.load()
        self.table = self.encoder.table(normalize(r) for r in rows)
        self.sim = Similarity(self.encoder.loose)
        self._index()

    def _index(self) -> None:
        t = self.table
        n = len(t)
        rows = np.repeat(np.arange(n), t.skel.shape[1])
        keys = t.skel.ravel()
        keep = keys != MISSING
        keys, rows = keys[keep], rows[keep]
        pair = np.unique(keys * n + rows)  # one posting per record and key
        keys, rows = pair // n, pair % n
        size = max(len(self.encoder.skel.words), 1)
        self.offsets, self.rows = _postings(keys, rows, size)
        df = np.diff(self.offsets).astype(np.float32)
        # Rarity on a scale of 0..1 whatever the registry's size.
        self.idf = (np.log((n + 1) / (df + 1)) / np.log(n + 2)).astype(np.float32)
        # Exact spellings too: they tell Hassan from Husseini, which share a skeleton.
        lkeys = t.loose.ravel()
        lrows = np.repeat(np.arange(n), t.loose.shape[1])
        lkeep = lkeys != MISSING
        lpair = np.unique(lkeys[lkeep] * n + lrows[lkeep])
        lsize = max(len(self.encoder.loose.words), 1)
        self.loffsets, self.lrows = _postings(lpair // n, lpair % n, lsize)
        ldf = np.diff(self.loffsets).astype(np.float32)
        self.lidf = np.log((n + 1) / (ldf + 1)).astype(np.float32)
        docs = t.document
        has = docs != MISSING
        self.doc_of = dict(zip(docs[has].tolist(), np.nonzero(has)[0].tolist(), strict=True))
        self.best_year = t.best_year()

    @staticmethod
    def _grown(offsets: IntArray, idf: FloatArray, size: int) -> tuple[IntArray, FloatArray]:
        if size + 1 <= len(offsets):
            return offsets, idf
        extra = np.full(size + 1 - len(offsets), offsets[-1])
        return (
            np.concatenate([offsets, extra]),
            np.concatenate([idf, np.zeros(len(extra), dtype=np.float32)]),
        )

    def _grow(self) -> None:
        """Queries may bring name keys the registry never saw: they match nothing."""
        self.offsets, self.idf = self._grown(self.offsets, self.idf, len(self.encoder.skel.words))
        self.loffsets, self.lidf = self._grown(
            self.loffsets, self.lidf, len(self.encoder.loose.words)
        )

    def candidates(self, q: Table, i: int) -> IntArray:
        """Registry rows worth scoring for query row i: those sharing the rarest names, then
        those agreeing on birth year, sex, nationality and parents."""
        self._grow()
        parts, weights = [], []
        for keys_all, offsets, rows, idf in (
            (q.skel[i], self.offsets, self.rows, self.idf),
            (q.loose[i], self.loffsets, self.lrows, self.lidf),
        ):
            keys = keys_all[keys_all != MISSING]
            starts, ends = offsets[keys], offsets[keys + 1]
            parts += [rows[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
            weights.append(np.repeat(idf[keys], ends - starts))
        doc = self.doc_of.get(int(q.document[i])) if q.document[i] != MISSING else None
        hits = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        if not len(hits):
            return np.array([doc] if doc is not None else [], dtype=np.int64)
        uniq, inverse = np.unique(hits, return_inverse=True)
        total = np.bincount(inverse, weights=np.concatenate(weights))
        if len(uniq) > CANDIDATES:
            # Keep the best-named, then let the other fields decide among them.
            top = np.argpartition(-total, CANDIDATES)[:CANDIDATES]
            uniq, total = uniq[top], total[top]
        t = self.table
        qyear = q.year[i] if q.year[i] != MISSING else q.est_year[i]
        if qyear != MISSING:
            year = self.best_year[uniq]
            total = total + 2.0 * ((year != MISSING) & (np.abs(year - qyear) <= 1))
            if q.day[i] != MISSING and not q.placeholder[i]:
                same_day = (t.year[uniq] == q.year[i]) & (t.month[uniq] == q.month[i])
                total = total + 2.0 * (same_day & (t.day[uniq] == q.day[i]))
        for column, bonus in (("sex", 0.5), ("nationality", 1.0), ("father", 1.0), ("mother", 1.0)):
            value = getattr(q, column)[i]
            if value not in (MISSING, 0):
                total = total + bonus * (getattr(t, column)[uniq] == value)
        if len(uniq) > SCORED:
            uniq = uniq[np.argpartition(-total, SCORED)[:SCORED]]
        if doc is not None and doc not in set(uniq.tolist()):
            uniq = np.append(uniq, doc)
        return uniq

    def pairs(self, q: Table) -> tuple[IntArray, IntArray]:
        self._grow()
        qi, ri = [], []
        for i in range(len(q)):
            cand = self.candidates(q, i)
            qi.append(np.full(len(cand), i))
            ri.append(cand)
        if not qi:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        return np.concatenate(qi).astype(np.int64), np.concatenate(ri).astype(np.int64)

    def score(self, q: Table, qi: IntArray, ri: IntArray) -> tuple[FloatArray, FloatArray]:
        x = features(q, self.table, qi, ri, self.sim, self.idf)
        return x, self.model.probability(x)

    def match(
        self, rows: Sequence[dict[str, str]], *, top: int = 10, progress: Progress | None = None
    ) -> list[Match]:
        """The best `top` registered records for each query, with probabilities."""
        out: list[Match] = []
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            q = self.encoder.table(normalize(r) for r in chunk)
            qi, ri = self.pairs(q)
            _x, prob = self.score(q, qi, ri)
            order = np.lexsort((-prob, qi))
            qi, ri, prob = qi[order], ri[order], prob[order]
            bounds = np.searchsorted(qi, np.arange(len(q) + 1))
            for i in range(len(q)):
                s, e = bounds[i], min(bounds[i + 1], bounds[i] + top)
                for rank, k in enumerate(range(s, e), start=1):
                    out.append(Match(q.rids[i], self.table.rids[ri[k]], float(prob[k]), rank))
            if progress:
                progress(len(chunk))
        return out


def _block_pairs(keys: IntArray, rows: IntArray, max_block: int) -> IntArray:
    """All pairs of rows sharing a key, in blocks no larger than max_block, as a * 2**32 + b."""
    order = np.lexsort((rows, keys))
    keys, rows = keys[order], rows[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    ok = (sizes > 1) & (sizes <= max_block)
    starts, sizes = starts[ok], sizes[ok]
    if not len(starts):
        return np.empty(0, dtype=np.int64)
    # For a block of size s, row p (0-based) pairs with the p rows before it.
    member = np.concatenate([np.arange(s, e) for s, e in zip(starts, starts + sizes, strict=True)])
    block_start = np.repeat(starts, sizes)
    position = member - block_start
    left = np.repeat(member, position)
    first = np.repeat(block_start, position)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(position) - position, position)
    right = first + offset
    a, b = rows[left], rows[right]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return np.unique((lo << 32) | hi)


def dedupe(
    rows: Sequence[dict[str, str]], *, threshold: float = 0.5, model: Model | None = None,
    progress: Progress | None = None, max_block: int = 200,
) -> list[tuple[str, int]]:  # fmt: skip
    """Cluster records of the same child: (record id, cluster id) for every record."""
    registry = Registry(rows, model=model)
    t = registry.table
    n = len(t)
    slots = t.skel.shape[1]
    year = t.best_year()
    keys_list, rows_list = [], []
    ids = np.arange(n)
    # Two names in common (any order), with the birth year or the next one.
    for a in range(slots):
        for b in range(a + 1, slots):
            sa, sb = t.skel[:, a], t.skel[:, b]
            ok = (sa != MISSING) & (sb != MISSING)
            lo, hi = np.minimum(sa, sb)[ok], np.maximum(sa, sb)[ok]
            base = (lo << 21) | hi
            for shift in (0, 1):
                y = np.where(year[ok] == MISSING, 0, year[ok] + shift - 1900)
                keys_list.append((base << 8) | y)
                rows_list.append(ids[ok])
    # One name and the exact date of birth; the same document.
    full = (t.day != MISSING) & (t.placeholder == 0)
    for a in range(slots):
        sa = t.skel[:, a]
        ok = (sa != MISSING) & full
        keys_list.append(
            (np.int64(1) << 62) | (sa[ok] << 24) | ((t.year[ok] - 1900) << 9) | (t.month[ok] << 5)
            | t.day[ok]
        )  # fmt: skip
        rows_list.append(ids[ok])
    has_doc = t.document != MISSING
    keys_list.append((np.int64(1) << 61) | t.document[has_doc])
    rows_list.append(ids[has_doc])
    pairs = _block_pairs(np.concatenate(keys_list), np.concatenate(rows_list), max_block)
    a_all, b_all = pairs >> 32, pairs & 0xFFFFFFFF
    edges_a, edges_b = [], []
    step = 1_000_000
    for start in range(0, len(pairs), step):
        left, right = a_all[start : start + step], b_all[start : start + step]
        _x, prob = registry.score(t, left, right)
        keep = prob >= threshold
        edges_a.append(left[keep])
        edges_b.append(right[keep])
        if progress:
            progress(len(left))
    ea = np.concatenate(edges_a) if edges_a else np.empty(0, dtype=np.int64)
    eb = np.concatenate(edges_b) if edges_b else np.empty(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(ea)), (ea, eb)), shape=(n, n))
    _count, labels = connected_components(graph, directed=False)
    return list(zip(t.rids, labels.tolist(), strict=True))

"""Dedupe: the pairs of records of one registry that may be the same child, each pair once.

A tracing search asks, for one query, which of all the records share its rarest names. Asked for
every record of a large registry, that compares each pair twice and spends most of its time on the
records of common names. Dedupe blocks instead: records go together in a block when they share a
key, and only the records of a block are compared. The keys are

- a name of the record, or the name one letter away (a typo), alone, where it is rare;
- the child's own given name with the family name (in either order, one of them a letter away),
  and the given name with an other name: names swapped or misspelt still meet;
- each name with the birth year, in windows of three years (a year guessed or shifted by two);
- the given and family names with the birth year, a parent's name or the place of birth, for
  the commonest names;
- the full date of birth with the nationality (names written so differently that no name key
  meets);
- the document number.

Blocks of more than BLOCK_CAP records say too little and are left out: their records meet in the
smaller blocks of their other keys. Pairs are scored first on what is cheap (how many keys they
share, and the fields that are not names); each record keeps its KEEP best pairs, and those are
scored by the match model in full. In a registry larger than the one the model was calibrated on,
more children look alike by chance, and the probability says so (Model.for_records). Then the
context step weighs each likely pair again with what the registry's other pairs say of its two
records (with_context).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from kinhaven.tracing.engine.compare import FEATURES, FloatArray, features, other_features
from kinhaven.tracing.engine.matcher import Progress, Registry, context_keys, forked_pool
from kinhaven.tracing.engine.model import CONTEXT, Model, weighed
from kinhaven.tracing.engine.normalize import Norm, Record
from kinhaven.tracing.engine.table import MISSING, IntArray, Table, mix_keys

if TYPE_CHECKING:
    import lightgbm

T = TypeVar("T")

BLOCK_CAP = 50  # records in one block; a larger block is left out
RARE_CAP = 20  # records sharing one name alone
KEEP = 4  # pairs scored in full per record, as the first of a pair and as the second
SHARED_WEIGHT = 1.0  # log-odds of each blocking key two records share, when choosing the KEEP
PAIR_CHUNK = 2_000_000  # pairs scored at once
# Groups join at this average probability: the best pairwise F1 on the training records (seed
# 7, 100,000 records; 0.4 of 0.25-0.45, with the context step). It counts wrong joins and
# missed ones alike; raise it where a wrong join costs more.
THRESHOLD = 0.4
# Pairs below this probability neither change nor count as look-alikes in the context step.
CONTEXT_FLOOR = 0.02
NONE = -15.0  # log-odds standing for "no such record"
RIVAL = -1.0  # below these log-odds (a probability of 0.27), a record is not a look-alike


class Blocker:
    """Blocking keys of a table's records, and the pairs of records they put together."""

    def __init__(self, registry: Registry) -> None:
        self.table = registry.table
        words = registry.encoder.skel.words
        variants = [registry.fuzzy_ids(sid) for sid in range(len(words))]
        width = max((len(v) for v in variants), default=1)
        self.fuzzy = np.full((len(words) + 1, width), MISSING, dtype=np.int64)  # row -1: none
        for sid, ids in enumerate(variants):
            self.fuzzy[sid, : len(ids)] = ids

    @classmethod
    def of(cls, table: Table, fuzzy: IntArray) -> Blocker:
        """A blocker of `table` with the fuzzy keys (`self.fuzzy`) of another blocker, whose
        registry's vocabularies encoded the table: blocking keys of a part of a registry."""
        out = cls.__new__(cls)
        out.table, out.fuzzy = table, fuzzy
        return out

    def keys(self) -> tuple[list[tuple[IntArray, IntArray]], list[tuple[IntArray, IntArray]]]:
        """(keys, rows) of rare-name keys, and of the other keys. Rows are indexes of
        `self.table`, which may be any table encoded with the registry's vocabularies."""
        t = self.table
        rows = np.arange(len(t), dtype=np.int32)
        rare: list[tuple[IntArray, IntArray]] = []
        other: list[tuple[IntArray, IntArray]] = []

        def add(into: list[tuple[IntArray, IntArray]], keys: IntArray, valid: np.ndarray) -> None:
            if keys.ndim == 2:  # one column per variant of a name
                into.append((keys[valid], np.broadcast_to(rows[:, None], keys.shape)[valid]))
            else:
                into.append((keys[valid], rows[valid]))

        given, family, extra = t.first_skel[:, 0], t.first_skel[:, 1], t.first_skel[:, 2]
        for slot in range(t.skel.shape[1]):  # one name at a time: the variants are many
            fz = self.fuzzy[t.skel[:, slot]]
            add(rare, mix_keys(fz, 0, 1), fz != MISSING)
        for a, b, tag in ((given, family, 2), (family, given, 2), (given, extra, 3)):
            fz = self.fuzzy[a]
            add(other, mix_keys(fz, b[:, None], tag), (fz != MISSING) & (b != MISSING)[:, None])
        both = (given != MISSING) & (family != MISSING)
        names = mix_keys(np.minimum(given, family), np.maximum(given, family), 20)
        year = t.best_year()
        known_year = year != MISSING
        for offset in range(3):
            window = (year + offset) // 3
            for slot in range(t.skel.shape[1]):
                skel = t.skel[:, slot]
                add(other, mix_keys(skel, window, 10 + offset), (skel != MISSING) & known_year)
            add(other, mix_keys(names, window, 20 + offset), both & known_year)
        # The given and family names with a parent's name or the place of birth; the full date of
        # birth with the nationality (names written so differently that no name key meets).
        for column, tag in ((t.mother, 31), (t.father, 32), (t.place, 33)):
            add(other, mix_keys(names, column, tag), both & (column != MISSING))
        full = (t.year != MISSING) & (t.day != MISSING) & (t.placeholder == 0)
        date = (t.year * 100 + t.month) * 100 + t.day
        add(other, mix_keys(date, t.nationality, 34), full)
        # Each name with a parent's name or the birthday (a year written wrong keeps the day):
        # for records with one name left, or names spelt too differently to meet.
        keys, owners = context_keys(t, rows.astype(np.int64), year=False)
        other.append((keys, owners.astype(np.int32)))
        add(other, mix_keys(t.document, 0, 30), t.document != MISSING)
        return rare, other

    @staticmethod
    def pairs_within(keys: IntArray, rows: IntArray, cap: int) -> Iterator[IntArray]:
        """Every pair of rows that share a key held by at most `cap` rows, as low << 32 | high,
        in parts of about PAIR_CHUNK (a pair shared by several keys comes once per key)."""
        order = np.argsort(keys)
        keys, rows = keys[order], rows[order].astype(np.int64)
        del order
        start, size = _runs(keys)
        del keys
        keep = (size >= 2) & (size <= cap)
        start, size = start[keep], size[keep]
        if not len(size):
            return
        ends = np.cumsum(size * (size - 1) // 2)
        bounds = np.unique(np.searchsorted(ends, np.arange(0, int(ends[-1]), PAIR_CHUNK)))
        for s, e in zip(bounds.tolist(), [*bounds[1:].tolist(), len(size)], strict=True):
            st, sz = start[s:e], size[s:e]
            # For the p-th row of a block of m: pairs with rows p+1 .. m-1 of it.
            member = np.repeat(st, sz) + _ragged(sz)
            after = np.repeat(sz, sz) - _ragged(sz) - 1
            left = np.repeat(member, after)
            right = np.repeat(member + 1, after) + _ragged(after)
            a, b = rows[left], rows[right]
            del left, right
            pair: IntArray = (np.minimum(a, b) << 32) | np.maximum(a, b)
            yield pair[a != b]

    def pairs(self) -> tuple[IntArray, IntArray, IntArray]:
        """Candidate pairs (i < j) and how many blocking keys each shares."""
        rare, other = self.keys()
        codes, counts = [], []
        for groups, cap in ((rare, RARE_CAP), (other, BLOCK_CAP)):
            keys = np.concatenate([k for k, _r in groups])
            rows = np.concatenate([r for _k, r in groups])
            groups.clear()
            for part in self.pairs_within(keys, rows, cap):
                code, count = np.unique(part, return_counts=True)
                codes.append(code)
                counts.append(count)
        if not codes:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty, empty
        code = np.concatenate(codes)
        count = np.concatenate(counts)
        del codes, counts
        order = np.argsort(code)
        code, count = code[order], count[order]
        first, _size = _runs(code)
        shared = np.add.reduceat(count, first)
        code = code[first]
        return code >> 32, code & 0xFFFFFFFF, shared


def _runs(ordered: IntArray) -> tuple[IntArray, IntArray]:
    """Where each run of equal values of a sorted array starts, and how long it is."""
    start: IntArray = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    size: IntArray = np.diff(np.r_[start, len(ordered)])
    return start, size


def _ragged(size: IntArray) -> IntArray:
    """0 .. size-1 for each size, concatenated."""
    total = int(size.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    ends = np.cumsum(size)
    out: IntArray = np.arange(total, dtype=np.int64) - np.repeat(ends - size, size)
    return out


def score_rank(score: FloatArray, low: float, high: float) -> IntArray:
    """Cheap scores as ranks, 0 for the best: 2**20 steps over the scores' range (low, high:
    the least and the greatest score of all pairs, or 0 if that is beyond them)."""
    step = (high - low) / (2**20 - 1) or 1.0
    out: IntArray = ((high - score) / step).astype(np.int64)
    return out


def _best_per_record(i: IntArray, j: IntArray, score: FloatArray, keep: int) -> IntArray:
    """Indexes of the pairs that are among the `keep` best of either of their records; `i`, `j`
    in the order of the pairs' codes (i << 32 | j)."""
    # Sorted by record, then by rank; equal ranks by the other record of the pair (the pairs'
    # own order), so that the same pairs are kept however the sort is made.
    rank = score_rank(score, float(score.min(initial=0)), float(score.max(initial=0)))
    chosen = np.zeros(len(i), dtype=bool)
    for ends in (i, j):
        order = np.argsort((ends << 20) | rank, kind="stable")
        ordered = ends[order]
        _start, size = _runs(ordered)
        chosen[order[_ragged(size) < keep]] = True
        del order, ordered
    out: IntArray = np.flatnonzero(chosen)
    return out


class Deduper:
    """Every record of a registry against the others, by blocking; the scored pairs."""

    def __init__(
        self, rows: Sequence[Record | Norm], *, model: Model | None = None,
        workers: int | None = None, progress: Progress | None = None,
    ) -> None:  # fmt: skip
        """`progress` is told of records done: a third once their pairs are formed, a third as
        the pairs are ranked, a third as the best are scored."""
        self.base = model or Model.load()
        self.model = self.base.for_records(len(rows))
        self.progress = progress
        n = len(rows)
        if progress:
            progress(0, n)
        self.registry = Registry(rows, model=self.model, postings=False)
        self.table: Table = self.registry.table
        self.workers = workers or os.cpu_count() or 1

    def _cheap(self, i: IntArray, j: IntArray, shared: IntArray) -> FloatArray:
        x = other_features(
            self.table, self.table, i, j, self.registry.rarity, self.registry.encoder
        )
        return cheap_score(x, shared, self.base.weights)

    def score(self, i: IntArray, j: IntArray) -> tuple[FloatArray, FloatArray]:
        """Features and probability of pairs (i, j)."""
        reg = self.registry
        x = features(self.table, self.table, i, j, reg.sim, reg.idf, reg.rarity, reg.encoder)
        return x, self.model.probability(x)

    def candidates(self) -> tuple[IntArray, IntArray]:
        """The pairs worth scoring in full: each record's KEEP best by a cheap score."""
        i, j, shared = Blocker(self.registry).pairs()
        _advance(self.progress, 0, len(self.table) // 3)
        parts = self._map(_cheap_in_worker, (i, j, shared), len(self.table) // 3)
        cheap = np.concatenate([np.empty(0, dtype=np.float32), *parts])
        kept = _best_per_record(i, j, cheap, KEEP)
        return i[kept], j[kept]

    def pair_scores(self) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
        """Candidate pairs, the probability of each alone, and the features of those at
        CONTEXT_FLOOR or above (in order), which the context step weighs again."""
        i, j = self.candidates()
        n = len(self.table)
        parts = self._map(_score_in_worker, (i, j), n - 2 * (n // 3))
        prob = np.concatenate([np.empty(0, dtype=np.float32), *(p for p, _x in parts)])
        x = np.vstack([np.empty((0, len(FEATURES)), dtype=np.float32), *(x for _p, x in parts)])
        return i, j, prob, x

    def scored(self) -> tuple[IntArray, IntArray, FloatArray]:
        """Candidate pairs and their probabilities, with what the other pairs say of each
        (`with_context`)."""
        i, j, prob, x = self.pair_scores()
        return i, j, with_context(self.model, i, j, prob, x)

    def _map(
        self, work: Callable[[slice], T], arrays: tuple[IntArray, ...], records: int
    ) -> list[T]:
        """`work` over slices of the pairs in `arrays`, on one process per core when there
        are many, its results in order; progress told in records, `records` of them for this
        step."""
        global _WORKER  # inherited by forked workers, with the pairs
        _WORKER = (self, arrays)
        total = len(arrays[0])
        step = PAIR_CHUNK // 4
        parts = [slice(s, s + step) for s in range(0, total, step)]
        out: list[T] = []
        n, reported = records, 0
        workers = min(self.workers, len(parts))
        try:
            if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
                with forked_pool(workers) as pool:
                    for part, values in zip(parts, pool.imap(work, parts), strict=True):
                        out.append(values)
                        reported = _advance(
                            self.progress, reported, n * min(part.stop, total) / total
                        )
            else:
                for part in parts:
                    out.append(work(part))
                    reported = _advance(self.progress, reported, n * min(part.stop, total) / total)
        finally:
            _WORKER = None
        _advance(self.progress, reported, n)
        return out

    def clusters(self, *, threshold: float) -> list[tuple[str, int]]:
        """Records grouped by average linkage: pairs are taken from the most probable down,
        and two groups join only if the average probability over every pair between them is
        at least `threshold`. A chain of look-alikes (A like B, B like C, A unlike C) does
        not become one child, as it would if every pair above the threshold were a link."""
        i, j, prob = self.scored()
        known = dict(zip(((i << 32) | j).tolist(), prob.tolist(), strict=True))
        edges = np.flatnonzero(prob >= threshold)
        edges = edges[np.argsort(-prob[edges], kind="stable")]
        pairs = list(zip(i[edges].tolist(), j[edges].tolist(), strict=True))
        while True:
            labels, missing = _average_linkage(len(self.table), pairs, known, threshold)
            if not missing:
                break
            # Pairs between two groups that blocking did not bring together: scored now, and
            # the groups formed again with them.
            a = np.array([code >> 32 for code in missing], dtype=np.int64)
            b = np.array([code & 0xFFFFFFFF for code in missing], dtype=np.int64)
            known.update(zip(missing, self.score(a, b)[1].tolist(), strict=True))
        _roots, ids = np.unique(np.array(labels, dtype=np.int64), return_inverse=True)
        return list(zip(self.table.rids, ids.tolist(), strict=True))


def cheap_score(x: FloatArray, shared: IntArray, weights: FloatArray) -> FloatArray:
    """The score that chooses each record's KEEP pairs: the ranking's weights (`weights`, the
    model's whatever the scale of its probability) over the fields but the names
    (other_features), and the blocking keys the pair shares."""
    out: FloatArray = (weighed(x, weights) + SHARED_WEIGHT * np.log(shared)).astype(np.float32)
    return out


def context_features(i: IntArray, j: IntArray, prob: FloatArray) -> tuple[IntArray, FloatArray]:
    """The pairs (i < j) at CONTEXT_FLOOR or above, by index, and for each the features of
    model.CONTEXT: what the registry's other pairs say of it.

    A child registered three times is three records that all look alike (a shared look-alike);
    a common name is many records that look like one of the two and not like the other
    (rivals). Pairs below the floor count as no look-alike.
    """
    rows = np.flatnonzero(prob >= CONTEXT_FLOOR)
    a, b = i[rows], j[rows]
    p = np.clip(prob[rows].astype(np.float64), 1e-6, 1 - 1e-6)
    z = np.log(p / (1 - p))
    odds = p / (1 - p)
    m = len(rows)
    if not m:
        return rows, np.empty((0, len(CONTEXT)), dtype=np.float32)
    # Every pair from both ends, each record's strongest first.
    src, dst, w = np.r_[a, b], np.r_[b, a], np.r_[z, z]
    pair_of_end = np.r_[np.arange(m), np.arange(m)]
    both_odds = np.r_[odds, odds]
    order = np.lexsort((-w, src))
    src, dst, w, pid = src[order], dst[order], w[order], pair_of_end[order]
    ends: IntArray = np.r_[a, b]
    start = np.asarray(np.searchsorted(src, ends), dtype=np.int64)
    degree = np.asarray(np.searchsorted(src, ends, side="right"), dtype=np.int64) - start
    second = np.where(degree > 1, w[np.minimum(start + 1, len(w) - 1)], NONE)
    other = np.where(pid[start] == pair_of_end, second, w[start])
    total = np.bincount(ends, weights=both_odds)  # ends and odds in the same order
    others = np.log1p(np.maximum(total[ends] - both_odds, 0))
    codes = (a << 32) | b
    code_order = np.argsort(codes)
    codes, code_z = codes[code_order], z[code_order]

    def look(x: IntArray, y: IntArray) -> FloatArray:
        """The log-odds of pairs (x, y), NONE where the pair is not among them."""
        code = (np.minimum(x, y) << 32) | np.maximum(x, y)
        at = np.minimum(np.searchsorted(codes, code), m - 1)
        out: FloatArray = np.where(codes[at] == code, code_z[at], NONE)
        return out

    def from_side(far: IntArray, side: int) -> tuple[FloatArray, FloatArray]:
        """For each pair, through the look-alikes of its record on `side` (0: i, 1: j): the
        best that the record `far` looks like too (the lower of the two log-odds), and the best
        that `far` does not look like."""
        s, d = start[side * m : (side + 1) * m], degree[side * m : (side + 1) * m]
        at = np.repeat(s, d) + _ragged(d)
        c, v = dst[at], w[at]
        owner_far = np.repeat(far, d)
        to_far = look(owner_far, c)
        itself = c == owner_far
        shared = np.where(~itself & (to_far > NONE), np.minimum(v, to_far), NONE)
        rival = np.where(~itself & (to_far < RIVAL), v, NONE)
        bounds = np.r_[0, np.cumsum(d)[:-1]]
        return np.maximum.reduceat(shared, bounds), np.maximum.reduceat(rival, bounds)

    shared, rival_a = from_side(b, 0)
    _shared, rival_b = from_side(a, 1)
    x = context_columns(
        z, (other[:m], other[m:]), (others[:m], others[m:]), shared, (rival_a, rival_b)
    )
    return rows, x


Ends = tuple[FloatArray, FloatArray]  # a figure of each record of a pair: i's, then j's


def context_columns(
    z: FloatArray, other: Ends, others: Ends, shared: FloatArray, rival: Ends
) -> FloatArray:
    """The features of model.CONTEXT, in its order, from a pair's log-odds `z` and what each of
    its records says: its best other look-alike, how many others look like it (log of one plus
    their odds), the best record both look like, and its best rival."""
    rival_max = np.maximum(*rival)
    out: FloatArray = np.column_stack([
        z, np.maximum(*other), np.minimum(*other), np.maximum(*others), np.minimum(*others),
        shared, np.maximum(shared, -5), rival_max, np.minimum(*rival), np.maximum(rival_max, -5),
    ]).astype(np.float32)  # fmt: skip
    return out


def context_inputs(
    rounds: Sequence[lightgbm.Booster], i: IntArray, j: IntArray, prob: FloatArray,
    x: FloatArray,
) -> tuple[FloatArray, IntArray, FloatArray]:  # fmt: skip
    """The probabilities of pairs (i, j) after `rounds` of the context step, and the pairs
    (by index) and inputs of the round after them.

    `prob` is each pair's probability alone, `x` the features of the pairs at CONTEXT_FLOOR or
    above. A round weighs a pair's features with the context (context_features) of the
    probabilities before each round so far; it changes the pairs at the floor or above.
    """
    out = prob.copy()
    rows = np.flatnonzero(prob >= CONTEXT_FLOOR)
    if len(x) != len(rows):
        raise ValueError(f"features of {len(x)} pairs for {len(rows)} at the floor or above")
    inputs = x
    for k in range(len(rounds) + 1):
        at, cx = context_features(i, j, out)  # pairs a round leaves below the floor drop out
        inputs = np.column_stack([inputs[np.searchsorted(rows, at)], cx])
        rows = at
        if k == len(rounds):
            break
        if len(rows):
            out[rows] = _predict(rounds[k], inputs)
    return out, rows, inputs


def with_context(
    model: Model, i: IntArray, j: IntArray, prob: FloatArray, x: FloatArray
) -> FloatArray:
    """The probabilities of pairs (i, j) with what the other pairs say (context_inputs), where
    the model has rounds for it; those below CONTEXT_FLOOR stay as they are."""
    if not model.context_rounds:
        return prob
    out, rows, inputs = context_inputs(model.context_rounds[:-1], i, j, prob, x)
    if len(rows):
        out[rows] = _predict(model.context_rounds[-1], inputs)
    return out


def _predict(trees: lightgbm.Booster, inputs: FloatArray) -> FloatArray:
    """The probabilities a round's trees give."""
    out: FloatArray = np.asarray(trees.predict(inputs), dtype=np.float32)
    return out


def _average_linkage(
    n: int, pairs: list[tuple[int, int]], known: dict[int, float], threshold: float
) -> tuple[list[int], list[int]]:
    """Groups of n records joined along `pairs` (most probable first) where the average
    probability between the two groups, by `known` (low << 32 | high), reaches `threshold`;
    with the pairs whose probability a decision needed but `known` lacks."""
    parent = list(range(n))
    members: dict[int, list[int]] = {}
    missing: set[int] = set()

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        group_a, group_b = members.get(ra, [ra]), members.get(rb, [rb])
        if len(group_a) * len(group_b) > 1:
            codes = [(min(x, y) << 32) | max(x, y) for x in group_a for y in group_b]
            lacking = [c for c in codes if c not in known]
            if lacking:
                missing.update(lacking)
                continue
            if sum(known[c] for c in codes) / len(codes) < threshold:
                continue
        if len(group_a) < len(group_b):
            ra, rb, group_a, group_b = rb, ra, group_b, group_a
        parent[rb] = ra
        members[ra] = group_a + group_b
        members.pop(rb, None)
    return [root(x) for x in range(n)], sorted(missing)


def _advance(progress: Progress | None, reported: int, now: float) -> int:
    """Tell `progress` of the records done since it was last told."""
    done = round(now)
    if progress and done > reported:
        progress(done - reported)
        return done
    return reported


_WORKER: tuple[Deduper, tuple[IntArray, ...]] | None = None


def _cheap_in_worker(part: slice) -> FloatArray:
    assert _WORKER is not None  # noqa: S101  # set before the fork
    deduper, (i, j, shared) = _WORKER
    return deduper._cheap(i[part], j[part], shared[part])


def _score_in_worker(part: slice) -> tuple[FloatArray, FloatArray]:
    """Probabilities of a part of the pairs, and the features of those at CONTEXT_FLOOR or
    above."""
    assert _WORKER is not None  # noqa: S101  # set before the fork
    deduper, (i, j) = _WORKER
    x, prob = deduper.score(i[part], j[part])
    return prob, x[prob >= CONTEXT_FLOOR]


def dedupe(
    rows: Sequence[Record | Norm], *, threshold: float = THRESHOLD, model: Model | None = None,
    progress: Progress | None = None,
) -> list[tuple[str, int]]:  # fmt: skip
    """Cluster records of the same child: (record id, cluster id) for every record.

    Groups join where the average probability between them is at least `threshold`
    (Deduper.clusters).
    """
    return Deduper(rows, model=model, progress=progress).clusters(threshold=threshold)


@dataclass(frozen=True)
class Context:
    """What the registry's other records said of a pair (with_context): how much they moved its
    log-odds, whether a third record looks like both of the pair, and whether a record looks
    like one of them and not the other (a rival)."""

    effect: float
    shared: bool
    rival: bool


def dedupe_pairs(
    rows: Sequence[Record | Norm], *, threshold: float = 0.5, model: Model | None = None,
    progress: Progress | None = None,
) -> list[tuple[str, str, float, FloatArray, Context]]:  # fmt: skip
    """Pairs of records of the same child at `threshold` or above, each once, with the
    probability, the features of the pair and what the registry's other records said of it
    (one process: for jobs inside the application). The probability weighs what the other
    records say (`with_context`); the features are the pair's own."""
    deduper = Deduper(rows, model=model, workers=1, progress=progress)
    i, j, alone, x = deduper.pair_scores()
    prob = with_context(deduper.model, i, j, alone, x)
    linked = np.flatnonzero(prob >= threshold)
    rows_in, cx = context_features(i, j, alone)
    at = np.minimum(np.searchsorted(rows_in, linked), max(len(rows_in) - 1, 0))
    known = rows_in[at] == linked if len(rows_in) else np.zeros(len(linked), dtype=bool)
    shared = known & (cx[at, CONTEXT.index("shared")] > NONE)
    rival = known & (cx[at, CONTEXT.index("rival_max")] > NONE)
    # Above 0.999 (or below 0.001) a pair is as good as certain: what moved it there says
    # nothing to a person.
    effect = _logit(prob[linked], 1e-3) - _logit(alone[linked], 1e-3)
    x, _prob = deduper.score(i[linked], j[linked])
    rids = deduper.table.rids
    return [
        (rids[a], rids[b], float(p), row, Context(round(float(e), 2), bool(sh), bool(rv)))
        for a, b, p, row, e, sh, rv in zip(
            i[linked].tolist(),
            j[linked].tolist(),
            prob[linked],
            x,
            effect,
            shared,
            rival,
            strict=True,
        )
    ]


def _logit(p: FloatArray, margin: float) -> FloatArray:
    """Log-odds of probabilities, taken as at least `margin` from 0 and 1."""
    q = np.clip(p.astype(np.float64), margin, 1 - margin)
    out: FloatArray = np.log(q / (1 - q))
    return out

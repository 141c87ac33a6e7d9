"""Blocking, candidate ranking, scoring and clustering."""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from kinhaven.tracing.engine.compare import FloatArray, Similarity, features, other_features
from kinhaven.tracing.engine.model import Model, weighed
from kinhaven.tracing.engine.normalize import Norm, Record, as_norm
from kinhaven.tracing.engine.table import MISSING, Encoder, IntArray, Table, Vocab, mix_keys

CANDIDATES = 3000  # ranked by shared names before other fields are considered
SCORED = 100  # pairs per query the model scores
# A record sharing a name and one more thing with the query (context_keys) stays among the
# CANDIDATES however common the name, unless more than FORCE_CAP records share that key.
FORCE_CAP = 300
CHUNK = 256  # queries per batch
Progress = Callable[..., None]  # called with the number done since, and the total if known


class KeyIndex:
    """Postings of one kind of key: which rows carry it, and how rare it is (0..1)."""

    def __init__(self, keys: IntArray, rows: IntArray, n_rows: int, n_keys: int) -> None:
        keep = keys != MISSING
        # One posting per row and key, sorted by key then row (a sort is faster than np.unique).
        pair = np.sort(keys[keep] * n_rows + rows[keep])
        pair = pair[np.r_[True, pair[1:] != pair[:-1]]] if len(pair) else pair
        keys, self.rows = pair // max(n_rows, 1), pair % max(n_rows, 1)
        counts = np.bincount(keys, minlength=n_keys)
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.idf = rarity_of_counts(counts, n_rows)

    def grow(self, n_keys: int) -> None:
        """Keys first seen in queries match nothing."""
        extra = n_keys + 1 - len(self.offsets)
        if extra > 0:
            self.offsets = np.concatenate([self.offsets, np.full(extra, self.offsets[-1])])
            self.idf = np.concatenate([self.idf, np.zeros(extra, dtype=np.float32)])

    def postings(self, keys: list[int], weight: float) -> list[tuple[float, IntArray]]:
        """For each key, its rarity times `weight`, and the rows that carry it."""
        out = []
        for key in keys:
            if key == MISSING:
                continue
            start, end = int(self.offsets[key]), int(self.offsets[key + 1])
            if end > start:
                out.append((float(self.idf[key]) * weight, self.rows[start:end]))
        return out


class ContextIndex:
    """Which rows carry each name-and-context key (context_keys), for lookups of a few keys."""

    def __init__(self, keys: IntArray, rows: IntArray) -> None:
        order = np.argsort(keys, kind="stable")
        self.keys, self.rows = keys[order], rows[order].astype(np.int32)

    def rows_for(self, keys: IntArray, cap: int) -> IntArray:
        """The rows carrying any of `keys`, leaving out keys more than `cap` rows carry."""
        low = np.searchsorted(self.keys, keys)
        high = np.searchsorted(self.keys, keys, side="right")
        held = (high > low) & (high - low <= cap)
        if not held.any():
            return np.empty(0, dtype=np.int64)
        parts = [
            self.rows[a:b] for a, b in zip(low[held].tolist(), high[held].tolist(), strict=True)
        ]
        return np.concatenate(parts).astype(np.int64)


# The kinds of context a name is keyed with: the birth year, the birthday (a year written wrong
# keeps it), the mother's and the father's names.
_CONTEXT_TAGS = np.array([40, 41, 42, 43], dtype=np.int64)


def context_keys(
    t: Table, rows: IntArray, shifts: tuple[int, ...] = (), *, year: bool = True
) -> tuple[IntArray, IntArray]:
    """Keys of each name of `rows` of `t` with each kind of context it has, the birth year also
    shifted by each of `shifts` (a query looks a year either side); and the row of each.
    `year=False`: the birthday and the parents' names only (dedupe blocks by windows of years)."""
    born = np.where(t.year[rows] != MISSING, t.year[rows], t.est_year[rows])
    full = (t.year[rows] != MISSING) & (t.day[rows] != MISSING) & (t.placeholder[rows] == 0)
    birthday = np.where(full, t.month[rows] * 100 + t.day[rows], MISSING)
    values = np.column_stack([
        born, birthday, t.mother[rows], t.father_coarse[rows],
        *(np.where(born != MISSING, born + shift, MISSING) for shift in shifts),
    ])  # fmt: skip
    tags = np.r_[_CONTEXT_TAGS, np.full(len(shifts), _CONTEXT_TAGS[0])]
    if not year:
        values, tags = values[:, 1:4], tags[1:4]
    skel = t.skel[rows]
    keys = mix_keys(skel[:, :, None], values[:, None, :], tags[None, None, :])
    valid = (skel != MISSING)[:, :, None] & (values != MISSING)[:, None, :]
    owners = np.broadcast_to(rows[:, None, None], keys.shape)
    found: IntArray = keys[valid]
    of: IntArray = owners[valid]
    return found, of


# How rare a value is is judged by its share of the records, smoothed towards a prior share so
# that a small registry does not take every name in it for a common one, and on the scale of a
# registry of REFERENCE records: about 0 for a value everyone has, 1 for one held once in it.
REFERENCE = 100_000
PRIOR_SHARE = 1e-3
PRIOR_WEIGHT = 1_000


def rarity_of_counts(counts: IntArray, n: int) -> FloatArray:
    share = (counts + PRIOR_WEIGHT * PRIOR_SHARE) / (n + PRIOR_WEIGHT)
    out: FloatArray = np.maximum(-np.log(share) / np.log(REFERENCE + 2), 0).astype(np.float32)
    return out


def _collapse(word: str) -> str:
    """Join letters that a deletion has brought together: mhmnd -> mmnd -> mnd."""
    return "".join(c for k, c in enumerate(word) if k == 0 or c != word[k - 1])


def _rarity(values: IntArray, size: int) -> FloatArray:
    """How rare each value id is in a column, 0 (everyone) to 1 (once)."""
    counts = np.bincount(values[values != MISSING], minlength=size)
    return rarity_of_counts(counts, len(values))


FUZZY_WEIGHT = 0.5  # of a name key one letter away, against the same spelling or skeleton


def query_names(skel: IntArray, loose: IntArray) -> list[tuple[int, int]]:
    """A query's names for the search, each skeleton once with the spelling it first comes
    with: (skeleton id, spelling id)."""
    out, seen = [], set()
    for sid, lid in zip(skel.tolist(), loose.tolist(), strict=True):
        if sid != MISSING and sid not in seen:
            seen.add(sid)
            out.append((sid, lid))
    return out


def gather_names(
    names: Sequence[Sequence[tuple[float, IntArray]]], total: FloatArray, named_mark: np.ndarray,
    any_mark: np.ndarray,
) -> tuple[IntArray, FloatArray]:  # fmt: skip
    """The rows found for a query's names and the sum of the rarities that found each.

    `names`: for each name of the query, its postings (rarity times weight, rows) by kind of key.
    Each name counts once per row, by its best kind of agreement (the same spelling, the same
    skeleton, a skeleton one letter away): postings are taken from the rarest down, and a row
    counts at the first that holds it. `total`, `named_mark` and `any_mark` are scratch arrays
    with a place for every row, all zero, and left so: no sorting of postings, which at a
    million records hold tens of thousands of rows. Rows come in the order they are first
    found."""
    touched: list[IntArray] = []
    for parts in names:
        named: list[IntArray] = []
        for w, rows in sorted(parts, key=lambda part: -part[0]):
            new = rows[~named_mark[rows]]
            named_mark[new] = True
            total[new] += w
            named.append(new)
            first_time = new[~any_mark[new]]
            any_mark[first_time] = True
            touched.append(first_time)
        for rows in named:
            named_mark[rows] = False
    if not touched:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    uniq = np.concatenate(touched)
    found = total[uniq]
    total[uniq] = 0
    any_mark[uniq] = False
    return uniq, found


def best_candidates(
    total: FloatArray, agree: np.ndarray, forced: np.ndarray, kept: int
) -> IntArray:
    """Which `kept` of a query's candidates (by `total`, gather_names) go on: the rarest names
    first; but a record that shares a name and the birth year (or a year either side), the
    birthday or a parent's name (`forced`, context_keys) stays, however common the name:
    Khadija born in 2012 among thousands of Khadijas. Next (where more than FORCE_CAP share
    such a key) come records of the same sex, nationality and birth year or a year either side
    (`agree`)."""
    priority = total.copy()
    priority[agree] += 1e2
    priority[forced] += 1e3
    top: IntArray = np.argpartition(-priority, kept)[:kept]
    return top


@dataclass
class Match:
    query_id: str
    record_id: str
    score: float
    rank: int


class Registry:
    """Registered records indexed for matching: name skeletons and document numbers."""

    encoder: Encoder
    model: Model
    fuzzy: Vocab
    rarity: dict[str, FloatArray]

    def __init__(
        self, rows: Sequence[Record | Norm], *, encoder: Encoder | None = None,
        model: Model | None = None, candidates: int = CANDIDATES, scored: int = SCORED,
        weights_from: Registry | None = None, postings: bool = True,
    ) -> None:  # fmt: skip
        """`weights_from`: a larger registry whose name frequencies and value rarities this one
        uses, so that the scores of a few records added since it was built compare with its
        own (it must share this registry's encoder). `postings=False`: only what scoring pairs
        needs, not the search (dedupe blocks instead)."""
        self.candidates_kept, self.scored = candidates, scored
        self.weights_from = weights_from
        if weights_from is not None:
            encoder = weights_from.encoder
            model = model or weights_from.model
        self.encoder = encoder or Encoder()
        self.model = model or Model.load()
        self.table = self.encoder.table(as_norm(r) for r in rows)
        self.sim = Similarity(self.encoder.loose, self.encoder.skeleton)
        self._total = np.zeros(0, dtype=np.float32)  # scratch of sharing_names, sized at first use
        self._named_mark = np.zeros(0, dtype=bool)
        self._any_mark = np.zeros(0, dtype=bool)
        self._index(postings)

    def fuzzy_ids(self, skel_id: int) -> list[int]:
        """Keys one deletion away from a skeleton (and the skeleton): Hamza ~ Hamsa."""
        found = self._fuzzy_of.get(skel_id)
        if found is None:
            word = self.encoder.skel.words[skel_id]
            variants = {word} | (
                {_collapse(word[:k] + word[k + 1 :]) for k in range(len(word))}
                if len(word) >= 3
                else set()
            )
            found = self._fuzzy_of[skel_id] = [self.fuzzy.id(v) for v in sorted(variants)]
        return found

    def _fuzzy_keys(self, skel: IntArray) -> tuple[IntArray, IntArray]:
        """Every row's fuzzy keys: each distinct skeleton's keys found once, then repeated."""
        flat = skel.ravel()
        rows = np.repeat(np.arange(len(skel)), skel.shape[1])
        keep = flat != MISSING
        flat, rows = flat[keep], rows[keep]
        if not len(flat):
            return flat.astype(np.int64), rows.astype(np.int64)
        distinct, inverse = np.unique(flat, return_inverse=True)
        lists = [self.fuzzy_ids(sid) for sid in distinct.tolist()]
        lengths = np.array([len(found) for found in lists], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        per_row = lengths[inverse]
        # For posting k of a row's skeleton, the k-th of that skeleton's fuzzy keys.
        within = np.arange(per_row.sum()) - np.repeat(np.cumsum(per_row) - per_row, per_row)
        keys = np.concatenate([np.array(found, dtype=np.int64) for found in lists])
        return keys[np.repeat(starts[inverse], per_row) + within], np.repeat(rows, per_row)

    def _index(self, postings: bool = True) -> None:
        t = self.table
        n = len(t)
        slots = t.skel.shape[1]
        every = np.repeat(np.arange(n), slots)
        self.by_skel = KeyIndex(t.skel.ravel(), every, n, len(self.encoder.skel.words))
        self.fuzzy = Vocab()
        self._fuzzy_of: dict[int, list[int]] = {}
        if postings:
            # Exact spellings too: they tell Hassan from Husseini, which share a skeleton.
            self.by_loose = KeyIndex(t.loose.ravel(), every, n, len(self.encoder.loose.words))
            fkeys, frows = self._fuzzy_keys(t.skel)
            self.by_fuzzy = KeyIndex(fkeys, frows, n, len(self.fuzzy.words))
            self.by_context = ContextIndex(*context_keys(t, np.arange(n, dtype=np.int64)))
        self._set_idf()
        docs = t.document
        has = docs != MISSING
        self.doc_of = dict(zip(docs[has].tolist(), np.nonzero(has)[0].tolist(), strict=True))
        self.best_year = t.best_year()
        self.rarity = (
            self.weights_from.rarity
            if self.weights_from is not None
            else {
                "mother": _rarity(t.mother, len(self.encoder.skel.words)),
                "father": _rarity(t.father, len(self.encoder.skel.words)),
                "place": _rarity(t.place, len(self.encoder.other.words)),
            }
        )

    def _set_idf(self) -> None:
        base = self.weights_from
        if base is None:
            self.idf = self.by_skel.idf
            return
        # A name the larger registry has not seen is as rare as a name held once.
        base._grow()
        n = len(base.table)
        once = rarity_of_counts(np.ones(1, dtype=np.int64), n)[0]
        self.idf = np.where(base.by_skel.idf > 0, base.by_skel.idf, once).astype(np.float32)

    def _grow(self) -> None:
        self.by_skel.grow(len(self.encoder.skel.words))
        self.by_loose.grow(len(self.encoder.loose.words))
        self.by_fuzzy.grow(len(self.fuzzy.words))
        self._set_idf()

    def sharing_names(self, q: Table, i: int) -> tuple[IntArray, FloatArray]:
        """Registry rows sharing a name key with query row i, and how rare the shared keys are;
        the best CANDIDATES of them."""
        fuzzy = {sid: self.fuzzy_ids(sid) for sid in q.skel[i].tolist() if sid != MISSING}
        self._grow()
        n = len(self.table)
        if len(self._total) != n:
            self._total = np.zeros(n, dtype=np.float32)
            self._named_mark = np.zeros(n, dtype=bool)
            self._any_mark = np.zeros(n, dtype=bool)
        names = []
        for sid, lid in query_names(q.skel[i], q.loose[i]):
            parts: list[tuple[float, IntArray]] = []
            for index, keys, weight in (
                (self.by_skel, [sid], 1.0),
                (self.by_loose, [lid], 1.0),
                (self.by_fuzzy, fuzzy[sid], FUZZY_WEIGHT),
            ):
                parts += index.postings(keys, weight)
            names.append(parts)
        uniq, total = gather_names(names, self._total, self._named_mark, self._any_mark)
        if len(uniq) > self.candidates_kept:
            context, _rows = context_keys(q, np.array([i], dtype=np.int64), (-1, 1))
            forced = self.by_context.rows_for(context, FORCE_CAP)
            agree = np.zeros(len(uniq), dtype=bool)
            year = int(q.best_year()[i])
            nationality, sex = q.nationality[i], q.sex[i]
            if year != MISSING and nationality != MISSING and sex:
                t = self.table
                agree = (
                    (np.abs(self.best_year[uniq] - year) <= 1)
                    & (t.nationality[uniq] == nationality)
                    & (t.sex[uniq] == sex)
                )
            self._any_mark[forced] = True
            held = self._any_mark[uniq]
            self._any_mark[forced] = False
            top = best_candidates(total, agree, held, self.candidates_kept)
            uniq, total = uniq[top], total[top]
        return uniq, total

    def pairs(self, q: Table) -> tuple[IntArray, IntArray]:
        """Candidate pairs for every query row: those sharing the rarest names, and among them
        those the other fields (birth date, sex, nationality, parents, place) agree with most,
        weighed by the model; a registered document number always."""
        self._grow()
        named = [self.sharing_names(q, i) for i in range(len(q))]
        qi = np.repeat(np.arange(len(q)), [len(u) for u, _t in named])
        if not len(qi):
            return qi.astype(np.int64), qi.astype(np.int64)
        ri = np.concatenate([u for u, _t in named])
        name_weight, weights = self.model.candidate_ranking()
        total = name_weight * np.concatenate([t for _u, t in named])
        step = 250_000
        for start in range(0, len(qi), step):
            part = slice(start, start + step)
            cheap = other_features(q, self.table, qi[part], ri[part], self.rarity, self.encoder)
            total[part] += weighed(cheap, weights)
        # Each query's best `scored`, partitioned within its own run of rows.
        bounds = np.cumsum([0, *(len(u) for u, _t in named)]).tolist()
        keep = []
        for s, e in itertools.pairwise(bounds):
            if e - s <= self.scored:
                keep.append(np.arange(s, e))
            else:
                keep.append(s + np.argpartition(-total[s:e], self.scored)[: self.scored])
        kept = np.concatenate(keep)
        qi, ri = qi[kept], ri[kept]
        extra_q, extra_r = [], []
        for i in np.flatnonzero(q.document != MISSING).tolist():
            doc = self.doc_of.get(int(q.document[i]))
            if doc is not None:
                extra_q.append(i)
                extra_r.append(doc)
        if extra_q:
            qi = np.concatenate([qi, extra_q])
            ri = np.concatenate([ri, extra_r])
            pair = np.unique((qi << 32) | ri)
            qi, ri = pair >> 32, pair & 0xFFFFFFFF
        return qi.astype(np.int64), ri.astype(np.int64)

    def score(self, q: Table, qi: IntArray, ri: IntArray) -> tuple[FloatArray, FloatArray]:
        x = features(q, self.table, qi, ri, self.sim, self.idf, self.rarity, self.encoder)
        return x, self.model.probability(x)

    def explained(
        self, row: Record | Norm, *, top: int = 10
    ) -> list[tuple[str, float, FloatArray]]:
        """The best `top` registered records for one query, each with its probability and the
        feature values that made it (for Model.explain)."""
        if not len(self.table):
            return []
        q = self.encoder.table([as_norm(row)])
        qi, ri = self.pairs(q)
        x, prob = self.score(q, qi, ri)
        order = np.argsort(-prob, kind="stable")[:top]
        return [(self.table.rids[ri[k]], float(prob[k]), x[k]) for k in order.tolist()]

    def _match_chunk(self, chunk: Sequence[Record | Norm], top: int) -> list[Match]:
        out: list[Match] = []
        q = self.encoder.table(as_norm(r) for r in chunk)
        qi, ri = self.pairs(q)
        _x, prob = self.score(q, qi, ri)
        prob = exclusive(prob, qi)
        order = np.lexsort((-prob, qi))
        qi, ri, prob = qi[order], ri[order], prob[order]
        bounds = np.searchsorted(qi, np.arange(len(q) + 1))
        for i in range(len(q)):
            s, e = bounds[i], min(bounds[i + 1], bounds[i] + top)
            for rank, k in enumerate(range(s, e), start=1):
                out.append(Match(q.rids[i], self.table.rids[ri[k]], float(prob[k]), rank))
        return out

    def match(
        self, rows: Sequence[Record | Norm], *, top: int = 10, progress: Progress | None = None,
        workers: int | None = None,
    ) -> list[Match]:  # fmt: skip
        """The best `top` registered records for each query, with the probability that each is
        the query's child (`exclusive`).

        Large batches run in one process per core, forked with the index already built.
        """
        chunks = [rows[s : s + CHUNK] for s in range(0, len(rows), CHUNK)]
        workers = workers or min(os.cpu_count() or 1, len(chunks))
        out: list[Match] = []
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            global _WORKER_REGISTRY  # inherited by the forked workers
            _WORKER_REGISTRY = self
            with forked_pool(workers) as pool:
                for part, chunk in zip(
                    pool.imap(_match_in_worker, [(c, top) for c in chunks]), chunks, strict=True
                ):
                    out += part
                    if progress:
                        progress(len(chunk))
            _WORKER_REGISTRY = None
            return out
        for chunk in chunks:
            out += self._match_chunk(chunk, top)
            if progress:
                progress(len(chunk))
        return out


def worker_start() -> None:
    """In a forked worker: die on SIGTERM, as Pool.terminate expects, whatever handler the parent
    process had set (a task worker's graceful shutdown, say), or the pool never closes."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def forked_pool(workers: int) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of `workers` forked processes that die on SIGTERM from their first instant. Where
    it can (in the main thread), the default handler is set while they are forked, so that a
    worker that has not yet run `worker_start` does not keep the parent's (a task worker's
    graceful shutdown, say), which would make the pool's terminate() wait for it for ever."""
    context = multiprocessing.get_context("fork")
    restore = None
    if threading.current_thread() is threading.main_thread():
        restore = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        pool = context.Pool(workers, initializer=worker_start)
    finally:
        if restore is not None:
            signal.signal(signal.SIGTERM, restore)
    with pool:
        yield pool


def exclusive(prob: FloatArray, groups: IntArray) -> FloatArray:
    """From the probabilities that each candidate and its query are one child, pair by pair, to
    the probability that the candidate is the query's child given the other candidates: a child
    has at most one record in a registry, so look-alikes share the odds. Each candidate's odds
    over one plus the total odds of its query's candidates (`groups`: the query of each)."""
    p = np.clip(prob.astype(np.float64), 0.0, 1.0 - 1e-9)
    odds = p / (1.0 - p)
    total = np.bincount(groups, weights=odds)
    out: FloatArray = (odds / (1.0 + total[groups])).astype(np.float32)
    return out


_WORKER_REGISTRY: Registry | None = None


def _match_in_worker(job: tuple[Sequence[Record | Norm], int]) -> list[Match]:
    assert _WORKER_REGISTRY is not None  # noqa: S101  # set before the fork
    return _WORKER_REGISTRY._match_chunk(*job)

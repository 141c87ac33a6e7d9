"""Field comparisons of record pairs, vectorised, as the features the model weighs.

Every comparison has a level for "one side does not know", so that missing data neither counts
for nor against a match: the model learns how much each known agreement and disagreement says.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein
from rapidfuzz.process import cpdist

from kinhaven.tracing.engine.regions import share_border
from kinhaven.tracing.engine.table import (
    DOCUMENT,
    MISSING,
    PREFIX_LENGTH,
    Encoder,
    IntArray,
    Table,
    Vocab,
)

FloatArray = npt.NDArray[np.float32]

# Names of the feature columns, in order; the model stores its weights by these names.
DOB_LEVELS = (
    "dob_missing", "dob_exact", "dob_swapped", "dob_year_month", "dob_year", "dob_1y", "dob_2y",
    "dob_far", "dob_est_1y", "dob_est_3y", "dob_est_far", "dob_day_month",
    # Two dates (neither a placeholder) in the same year, or a year or two apart, whose month or
    # (both known) day differ: two birthdays, not one written down twice.
    "dob_conflict", "dob_near_conflict",
    # An estimated age within six months of the other's birth date or estimate (est_1y: a year
    # and a half, est_3y: three years).
    "dob_est_close",
)  # fmt: skip
TRI = ("match", "mismatch", "missing")
FEATURES: tuple[str, ...] = (
    "name_skel_share",
    "name_loose_share",
    "name_fuzzy_min",
    "name_fuzzy_max",
    "name_all_q",
    "name_worst_shorter",
    "name_two_plus",
    "name_rarity",
    "name_rarity_sum",
    "name_skel_none",
    "name_spelling_min",
    *DOB_LEVELS,
    *(f"father_{t}" for t in TRI),
    *(f"mother_{t}" for t in TRI),
    *(f"sex_{t}" for t in TRI),
    *(f"nationality_{t}" for t in TRI),
    *(f"place_{t}" for t in TRI),
    *(f"document_{t}" for t in TRI),
    *(f"languages_{t}" for t in TRI),
    # How rare an agreeing value is: the same mother's name Fatima says less than Halimah.
    "mother_rarity",
    "father_rarity",
    "place_rarity",
    # Two document numbers one keystroke apart (a letter left out, doubled, changed or two
    # swapped): the same document written down wrong, not another child's.
    "document_near",
    # Two nationalities of one region of the world (UN M49: Afghanistan and Pakistan, Somalia
    # and Ethiopia) or of countries that share a border (Afghanistan and Tajikistan): where the
    # child lived before, or what a document said; not a mismatch.
    "nationality_region",
    # How well the names agree, as it weighs with the date of birth and the parents.
    "x_names_dob_exact",
    "x_names_dob_close",
    "x_names_dob_far",
    "x_names_parent_match",
    "x_rarity_dob_exact",
    # The child's own given name, against the other's given, family or other name (names may be
    # swapped): siblings share everything else.
    "given_sim",
    "given_same",
    "given_far",
    "x_given_far_family",
    # A year or two apart where one date is a placeholder (1 January, a year alone): a guess.
    "x_placeholder_near",
    # Family names both known and unlike (given and family names may be swapped).
    "family_far",
    # Far given names with the same birthday (twins) or a parent's name in common (siblings).
    "x_given_far_dob_exact",
    "x_given_far_parent",
)
INDEX = {name: i for i, name in enumerate(FEATURES)}


# Two names whose skeletons are one letter apart (Tanvir and Tanbir, Kazemi and Kadhimi, Shakib
# and Sakib) are at least this similar, however their spellings differ.
NEAR = 0.92  # above the 0.9 at which a name counts as found (name_all_q)
NEAR_LENGTH = 3  # skeletons shorter than this are too short to say so (Omar and Murad)


class Similarity:
    """Similarity of two name tokens by vocabulary id: Jaro-Winkler of their spellings, or NEAR
    where their skeletons are one letter apart; computed for many pairs at once."""

    def __init__(self, vocab: Vocab, skeleton: Callable[[str], str] | None = None) -> None:
        self.vocab = vocab
        self.skeleton = skeleton
        self._words = np.empty(0, dtype=object)
        self._skeletons = np.empty(0, dtype=object)
        self._lengths = np.empty(0, dtype=np.int64)

    def _grow(self) -> None:
        new = self.vocab.words[len(self._words) :]
        if not new:
            return
        self._words = np.concatenate([self._words, np.array(new, dtype=object)])
        if self.skeleton is not None:
            skeletons = [self.skeleton(w) for w in new]
            self._skeletons = np.concatenate([self._skeletons, np.array(skeletons, dtype=object)])
            self._lengths = np.concatenate([self._lengths, [len(k) for k in skeletons]])

    def spelling(self, keys: IntArray) -> FloatArray:
        """Jaro-Winkler similarities of the spellings alone, for keys a * 2**32 + b."""
        if not len(keys):
            return np.empty(0, dtype=np.float32)
        self._grow()
        out: FloatArray = cpdist(
            self._words[keys >> 32], self._words[keys & 0xFFFFFFFF],
            scorer=JaroWinkler.normalized_similarity, dtype=np.float32,
        )  # fmt: skip
        return out

    def many(self, keys: IntArray) -> FloatArray:
        """Similarities for keys a * 2**32 + b."""
        if not len(keys):
            return np.empty(0, dtype=np.float32)
        self._grow()
        a, b = keys >> 32, keys & 0xFFFFFFFF
        out: FloatArray = cpdist(
            self._words[a], self._words[b], scorer=JaroWinkler.normalized_similarity,
            dtype=np.float32,
        )  # fmt: skip
        if self.skeleton is not None:
            todo = np.flatnonzero(out < NEAR)
            near = _one_letter_apart(self._skeletons, self._lengths, a[todo], b[todo])
            out[todo[near]] = NEAR
        return out


def _one_letter_apart(
    words: npt.NDArray[np.object_], lengths: IntArray, a: IntArray, b: IntArray
) -> npt.NDArray[np.bool_]:
    """Which pairs of `words` (by index) are one letter apart, where both have NEAR_LENGTH
    letters or more to say so."""
    out = np.zeros(len(a), dtype=bool)
    long = np.flatnonzero(np.minimum(lengths[a], lengths[b]) >= NEAR_LENGTH)
    if len(long):
        apart = cpdist(words[a[long]], words[b[long]], scorer=Levenshtein.distance, dtype=np.int32)
        out[long[apart <= 1]] = True
    return out


def _tri(
    out: FloatArray, name: str, known: npt.NDArray[np.bool_], same: npt.NDArray[np.bool_]
) -> None:
    out[:, INDEX[f"{name}_match"]] = known & same
    out[:, INDEX[f"{name}_mismatch"]] = known & ~same
    out[:, INDEX[f"{name}_missing"]] = ~known


Rarity = dict[str, FloatArray]  # column -> rarity (0..1) by value id, from the registry


def _rare(table: FloatArray, ids: IntArray) -> FloatArray:
    """Rarity of value ids; a value the registry never saw is rare."""
    out = np.ones(len(ids), dtype=np.float32)
    known = (ids >= 0) & (ids < len(table))
    out[known] = table[ids[known]]
    return out


def features(
    q: Table, r: Table, qi: IntArray, ri: IntArray, sim: Similarity, idf: FloatArray,
    rarity: Rarity, encoder: Encoder | None = None,
) -> FloatArray:  # fmt: skip
    """One row of FEATURES per pair (q[qi[k]], r[ri[k]]). `encoder`: the one that made both
    tables, whose vocabularies let names and documents one letter apart agree, and countries
    that share a border be neighbours."""
    m = len(qi)
    out = np.zeros((m, len(FEATURES)), dtype=np.float32, order="F")  # filled by column
    if m == 0:
        return out
    qs, rs = q.skel[qi], r.skel[ri]
    ql, rl = q.loose[qi], r.loose[ri]
    qv, rv = qs != MISSING, rs != MISSING
    valid = qv[:, :, None] & rv[:, None, :]
    skel_eq = valid & (qs[:, :, None] == rs[:, None, :])
    loose_eq = valid & (ql[:, :, None] == rl[:, None, :])
    nq = np.maximum(qv.sum(1), 1)
    nr = np.maximum(rv.sum(1), 1)
    smaller = np.minimum(nq, nr)
    skel_hit_q = skel_eq.any(2)
    out[:, INDEX["name_skel_share"]] = np.minimum(skel_hit_q.sum(1), smaller) / smaller
    out[:, INDEX["name_loose_share"]] = np.minimum(loose_eq.any(2).sum(1), smaller) / smaller
    out[:, INDEX["name_skel_none"]] = ~skel_hit_q.any(1)
    # Fuzzy agreement where the skeletons differ (typos, other spellings).
    grid = skel_eq.astype(np.float32)
    todo = valid & ~skel_eq
    if todo.any():
        uniq, inverse = _name_pairs(ql, rl, todo)
        grid[todo] = sim.many(uniq)[inverse]
    # How the names are spelled, where both are spelled by people: names of one skeleton spelled
    # unlike each other (Omar and Marai) are as similar as their spellings. A name in another
    # script is spelled by a transliteration, and compares by its skeleton alone.
    script = q.native[qi][:, :, None] | r.native[ri][:, None, :]
    raw = grid.copy()
    todo = skel_eq & ~loose_eq & ~script
    if todo.any():
        uniq, inverse = _name_pairs(ql, rl, todo)
        raw[todo] = sim.spelling(uniq)[inverse]
    out[:, INDEX["name_spelling_min"]] = _both_ways(raw, qv, rv)
    best_q = np.where(qv, grid.max(2), 0).sum(1) / nq
    best_r = np.where(rv, grid.max(1), 0).sum(1) / nr
    # Either side may carry extra names (a father's, a grandfather's): the better direction
    # says whether one name is contained in the other.
    out[:, INDEX["name_fuzzy_min"]] = np.minimum(best_q, best_r)
    out[:, INDEX["name_fuzzy_max"]] = np.maximum(best_q, best_r)
    all_q = (np.where(qv, grid.max(2), 1) >= 0.9).all(1)
    all_r = (np.where(rv, grid.max(1), 1) >= 0.9).all(1)
    out[:, INDEX["name_all_q"]] = all_q | all_r
    # Every name of the shorter side should have its counterpart: Alpha Barry is not Mohamed
    # Barry, his brother, whatever else agrees.
    worst_q = np.where(qv, grid.max(2), 1).min(1)
    worst_r = np.where(rv, grid.max(1), 1).min(1)
    out[:, INDEX["name_worst_shorter"]] = np.where(nq <= nr, worst_q, worst_r)
    out[:, INDEX["name_two_plus"]] = skel_hit_q.sum(1) >= 2
    # How rare the shared names are: many children share a common one.
    # A name the rarities do not know (or a table with no names at all) counts as 0.
    known = np.append(idf, np.float32(0))
    shared_idf = np.where(skel_hit_q, known[np.where(qv & (qs < len(idf)), qs, -1)], 0)
    out[:, INDEX["name_rarity"]] = shared_idf.max(1)
    out[:, INDEX["name_rarity_sum"]] = shared_idf.sum(1)
    _other_fields(out, q, r, qi, ri, rarity, encoder)
    if encoder is not None:
        _document_near(out, q.document[qi], r.document[ri], encoder.other)
    agree = out[:, INDEX["name_worst_shorter"]] * out[:, INDEX["name_fuzzy_min"]]
    col = {name: out[:, INDEX[name]] for name in FEATURES}
    out[:, INDEX["x_names_dob_exact"]] = agree * col["dob_exact"]
    close = col["dob_year_month"] + col["dob_year"] + col["dob_day_month"] + col["dob_est_1y"]
    out[:, INDEX["x_names_dob_close"]] = agree * close
    out[:, INDEX["x_names_dob_far"]] = agree * (col["dob_far"] + col["dob_est_far"])
    out[:, INDEX["x_names_parent_match"]] = agree * np.maximum(
        col["father_match"], col["mother_match"]
    )
    out[:, INDEX["x_rarity_dob_exact"]] = col["name_rarity_sum"] * col["dob_exact"]
    _given(out, q, r, qi, ri, sim)
    return out


def _name_pairs(
    ql: IntArray, rl: IntArray, todo: npt.NDArray[np.bool_]
) -> tuple[IntArray, IntArray]:
    """The distinct (query name, record name) pairs of the `todo` cells of a pairs' name grid,
    as keys a * 2**32 + b, and where each cell's pair is among them."""
    a = np.broadcast_to(ql[:, :, None], todo.shape)[todo]
    b = np.broadcast_to(rl[:, None, :], todo.shape)[todo]
    uniq, inverse = np.unique((a << 32) | b, return_inverse=True)
    return uniq, inverse


def _both_ways(
    grid: FloatArray, qv: npt.NDArray[np.bool_], rv: npt.NDArray[np.bool_]
) -> FloatArray:
    """How well each side's names (those of `qv`, `rv`) find their best counterpart on the
    other side, on average; the lower of the two directions."""
    best_q = np.where(qv, grid.max(2), 0).sum(1) / np.maximum(qv.sum(1), 1)
    best_r = np.where(rv, grid.max(1), 0).sum(1) / np.maximum(rv.sum(1), 1)
    out: FloatArray = np.minimum(best_q, best_r)
    return out


# (query column, record column) of Table.first: given, family, other.
_GIVEN_PAIRS = ((0, 0), (0, 2), (2, 0), (2, 2))


def _first_sim(
    q: Table, r: Table, qi: IntArray, ri: IntArray, sim: Similarity, a: int, b: int
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Similarity of first names in columns a (query) and b (record): 1 for the same skeleton."""
    ql, rl = q.first[qi, a], r.first[ri, b]
    valid = (ql != MISSING) & (rl != MISSING)
    same = valid & (q.first_skel[qi, a] == r.first_skel[ri, b])
    score = same.astype(np.float32)
    todo = valid & ~same
    if todo.any():
        keys = (ql[todo] << 32) | rl[todo]
        uniq, inverse = np.unique(keys, return_inverse=True)
        score[todo] = sim.many(uniq)[inverse]
    return score, valid


def _given(
    out: FloatArray, q: Table, r: Table, qi: IntArray, ri: IntArray, sim: Similarity
) -> None:
    best = np.zeros(len(qi), dtype=np.float32)
    known = np.zeros(len(qi), dtype=bool)
    for a, b in _GIVEN_PAIRS:
        score, valid = _first_sim(q, r, qi, ri, sim, a, b)
        known |= valid
        best = np.maximum(best, score)
    # Given and family names swapped: both must cross over, not one (Nur and Nouri).
    given_family, _v = _first_sim(q, r, qi, ri, sim, 0, 1)
    family_given, _v = _first_sim(q, r, qi, ri, sim, 1, 0)
    best = np.maximum(best, np.minimum(given_family, family_given))
    family, family_known = _first_sim(q, r, qi, ri, sim, 1, 1)
    family = np.maximum(family, np.minimum(given_family, family_given))
    # A family name that is one of the other record's names, or its father's name, is not far:
    # where children go by a chain of names (their own, their father's, their grandfather's),
    # the family-name field holds whichever of them the person writing chose.
    chained = _family_among(q, r, qi, ri) | _family_among(r, q, ri, qi)
    out[:, INDEX["family_far"]] = family_known & (family < 0.8) & ~chained
    out[:, INDEX["given_sim"]] = np.where(known, best, 0)
    out[:, INDEX["given_same"]] = known & (best >= 1)
    far = known & (best < 0.8)
    out[:, INDEX["given_far"]] = far
    # Far given names under the same family name: a brother or sister.
    out[:, INDEX["x_given_far_family"]] = far * out[:, INDEX["name_skel_share"]]
    out[:, INDEX["x_given_far_dob_exact"]] = far * out[:, INDEX["dob_exact"]]
    parent = np.maximum(out[:, INDEX["father_match"]], out[:, INDEX["mother_match"]])
    out[:, INDEX["x_given_far_parent"]] = far * parent


def _family_among(a: Table, b: Table, ai: IntArray, bi: IntArray) -> npt.NDArray[np.bool_]:
    """Whether the family name of a[ai] is among the names of b[bi] after its first (the
    child's own), or is its father's name."""
    family = a.first_skel[ai, 1]
    known = family != MISSING
    found: npt.NDArray[np.bool_] = known & (
        (family[:, None] == b.skel[bi, 1:]).any(1) | (family == b.father[bi])
    )
    return found


def other_features(
    q: Table, r: Table, qi: IntArray, ri: IntArray, rarity: Rarity,
    encoder: Encoder | None = None,
) -> FloatArray:  # fmt: skip
    """The features of everything but the names (and documents one keystroke apart): cheap enough
    for thousands of candidates. `encoder`: the one that made both tables, to let parents' names
    one letter apart agree, and countries that share a border be neighbours."""
    out = np.zeros((len(qi), len(FEATURES)), dtype=np.float32, order="F")
    if len(qi):
        _other_fields(out, q, r, qi, ri, rarity, encoder)
    return out


def _near(names: Vocab | None, a: IntArray, b: IntArray) -> npt.NDArray[np.bool_]:
    """Which pairs of skeleton ids are one letter apart (Nushrat and Nusrat, Tanvir and Tanbir),
    where both are long enough to say so."""
    if names is None or not len(a):
        return np.zeros(len(a), dtype=bool)
    ids, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    words = np.array([names.words[i] for i in ids.tolist()], dtype=object)
    lengths = np.array([len(w) for w in words], dtype=np.int64)
    return _one_letter_apart(words, lengths, inverse[: len(a)], inverse[len(a) :])


def _parents_agree(
    names: Vocab | None, a: IntArray, b: IntArray, known: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    same: npt.NDArray[np.bool_] = a == b
    todo = np.flatnonzero(known & ~same)
    same[todo] = _near(names, a[todo], b[todo])
    return same


def _other_fields(
    out: FloatArray, q: Table, r: Table, qi: IntArray, ri: IntArray, rarity: Rarity,
    encoder: Encoder | None = None,
) -> None:  # fmt: skip
    names = None if encoder is None else encoder.skel
    _dob(out, q, r, qi, ri)
    # The father's name may be recorded as such or carried as the child's second name.
    qf, rf = q.father[qi], r.father[ri]
    # Two fathers' names recorded are compared with each other; the child's names stand in for
    # a father's name only where it is not recorded (a family name is often the father's).
    both = (qf != MISSING) & (rf != MISSING)
    father_same = _parents_agree(names, q.father_coarse[qi], r.father_coarse[ri], both) & both
    # Not against the first name: a boy is often named after his grandfather, or father.
    one = np.flatnonzero((qf != MISSING) & (rf == MISSING))
    father_same[one] = (qf[one, None] == r.skel[ri[one], 1:]).any(1)
    one = np.flatnonzero((rf != MISSING) & (qf == MISSING))
    father_same[one] = (rf[one, None] == q.skel[qi[one], 1:]).any(1)
    father_known = both | father_same
    _tri(out, "father", father_known, father_same)
    qm, rm = q.mother[qi], r.mother[ri]
    mothers = (qm != MISSING) & (rm != MISSING)
    _tri(out, "mother", mothers, _parents_agree(names, qm, rm, mothers))
    for name in ("sex", "nationality", "place", "document"):
        a, b = getattr(q, name)[qi], getattr(r, name)[ri]
        unknown = 0 if name == "sex" else MISSING
        _tri(out, name, (a != unknown) & (b != unknown), a == b)
    qg, rg = q.region[qi], r.region[ri]
    mismatch = out[:, INDEX["nationality_mismatch"]] > 0
    neighbours = mismatch & (qg != MISSING) & (qg == rg)
    if encoder is not None:
        todo = np.flatnonzero(mismatch & ~neighbours)
        neighbours[todo] = _bordering(
            encoder.other, q.nationality[qi[todo]], r.nationality[ri[todo]]
        )
    out[neighbours, INDEX["nationality_mismatch"]] = 0
    out[neighbours, INDEX["nationality_region"]] = 1
    la, lb = q.languages[qi], r.languages[ri]
    _tri(out, "languages", (la != MISSING) & (lb != MISSING), (la & lb) != 0)
    out[:, INDEX["father_rarity"]] = father_same * _rare(rarity["father"], qf)
    for name in ("mother", "place"):
        values = getattr(q, name)[qi]
        same = out[:, INDEX[f"{name}_match"]]
        out[:, INDEX[f"{name}_rarity"]] = same * _rare(rarity[name], values)


def _bordering(words: Vocab, a: IntArray, b: IntArray) -> npt.NDArray[np.bool_]:
    """Which pairs of nationalities (ids of `words`, a prefix and the code) share a border. The
    few distinct nationalities are looked up once each, without sorting the pairs."""
    if not len(a):
        return np.zeros(0, dtype=bool)
    index = np.full(int(max(a.max(), b.max())) + 1, -1, dtype=np.int64)
    index[a] = 0
    index[b] = 0
    ids = np.flatnonzero(index == 0)
    index[ids] = np.arange(len(ids))
    codes = [words.words[i][PREFIX_LENGTH:] for i in ids.tolist()]
    table = np.array([[share_border(x, y) for y in codes] for x in codes], dtype=bool)
    out: npt.NDArray[np.bool_] = table[index[a], index[b]]
    return out


DOCUMENT_NEAR_LENGTH = 6  # characters a document number needs for a slip to be told from another


def _document_near(out: FloatArray, a: IntArray, b: IntArray, words: Vocab) -> None:
    """Documents that differ by one keystroke (OSA distance 1) count as near, not as differing."""
    todo = np.flatnonzero(out[:, INDEX["document_mismatch"]] > 0)
    if not len(todo):
        return
    left = [words.words[i] for i in a[todo].tolist()]
    right = [words.words[i] for i in b[todo].tolist()]
    apart = cpdist(left, right, scorer=OSA.distance, dtype=np.int32)
    long = np.array([min(len(x), len(y)) for x, y in zip(left, right, strict=True)])
    near = todo[(apart <= 1) & (long >= DOCUMENT_NEAR_LENGTH + len(DOCUMENT))]  # the prefix
    out[near, INDEX["document_mismatch"]] = 0
    out[near, INDEX["document_near"]] = 1


def _birth_month(t: Table, rows: IntArray) -> IntArray:
    """The month of birth (year * 12 + month - 1) a recorded date or an estimated age points to:
    the middle of the year where the month is unknown or a placeholder."""
    year, month = t.year[rows], t.month[rows]
    known = (month != MISSING) & (t.placeholder[rows] == 0)
    recorded: IntArray = year * 12 + np.where(known, month - 1, 6)
    out: IntArray = np.where(year != MISSING, recorded, t.est_month[rows])
    return out


def _dob(out: FloatArray, q: Table, r: Table, qi: IntArray, ri: IntArray) -> None:
    qy, ry = q.year[qi], r.year[ri]
    qm, rm = q.month[qi], r.month[ri]
    qd, rd = q.day[qi], r.day[ri]
    qp, rp = q.placeholder[qi] == 1, r.placeholder[ri] == 1
    qe = np.where(qy != MISSING, qy, q.est_year[qi])
    re_ = np.where(ry != MISSING, ry, r.est_year[ri])
    estimated = ((qy == MISSING) | (ry == MISSING)) & (qe != MISSING) & (re_ != MISSING)
    recorded = (qy != MISSING) & (ry != MISSING)
    full = recorded & ~qp & ~rp & (qd != MISSING) & (rd != MISSING)
    dy = np.abs(qy - ry)
    exact = full & (qy == ry) & (qm == rm) & (qd == rd)
    swapped = full & ~exact & (qy == ry) & (qm == rd) & (qd == rm)
    year_month = recorded & ~qp & ~rp & (qy == ry) & (qm == rm) & ~exact
    year = recorded & (qy == ry) & ~exact & ~swapped & ~year_month
    # The same day and month a year or two apart: the year was guessed, the birthday known.
    day_month = full & (dy >= 1) & (dy <= 2) & (qm == rm) & (qd == rd)
    level = np.full(len(qi), 0)
    other_day = full & ~exact & ~swapped & ~day_month & ((qm != rm) | (qd != rd))
    # Or two months of birth, neither a placeholder, where a day is missing: other birthdays too.
    months = recorded & ~qp & ~rp & (qm != MISSING) & (rm != MISSING)
    other_day |= months & ~full & (qm != rm)
    for code, mask in (
        (7, recorded & (dy >= 3)),
        (6, recorded & (dy == 2)),
        (5, recorded & (dy == 1)),
        (4, year),
        (3, year_month),
        (2, swapped),
        (1, exact),
        (11, day_month),
        (12, other_day & (dy == 0) & (qm != rm)),
        (13, other_day & (dy >= 1) & (dy <= 2)),
    ):
        level[mask] = code
    some = np.flatnonzero(estimated)
    if len(some):
        de = np.abs(_birth_month(q, qi[some]) - _birth_month(r, ri[some]))
        level[some] = np.select([de <= 6, de <= 18, de <= 36], [14, 8, 9], 10)
    base = INDEX["dob_missing"]
    out[np.arange(len(qi)), base + level] = 1
    near = (level == 5) | (level == 6)
    out[:, INDEX["x_placeholder_near"]] = near & (qp | rp)

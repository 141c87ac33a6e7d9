"""Records as columns of integers, so that millions of pairs compare at numpy speed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kinhaven.tracing.engine.normalize import Norm, coarse_skeleton, name_skeleton
from kinhaven.tracing.engine.regions import region

NAME_SLOTS = 6  # name tokens kept per record (given, family, other names)
MISSING = -1
# The other fields share one vocabulary; each value is kept under its field's prefix, so that a
# place and a document never share an id. Every prefix is this long.
NATIONALITY, REGION, PLACE, DOCUMENT, LANGUAGE = "n:", "m:", "p:", "d:", "l:"
PREFIX_LENGTH = 2

IntArray = npt.NDArray[np.int64]


class Vocab:
    """Interns strings as integer ids; id 0.. in order of first sight."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []

    def id(self, word: str) -> int:
        if not word:
            return MISSING
        found = self.ids.get(word)
        if found is None:
            found = self.ids[word] = len(self.words)
            self.words.append(word)
        return found


@dataclass
class Table:
    """One row per record; name tokens in NAME_SLOTS columns padded with MISSING."""

    rids: list[str]
    loose: IntArray  # (n, NAME_SLOTS) loose-key ids of the names
    skel: IntArray  # (n, NAME_SLOTS) skeleton ids of the names
    native: npt.NDArray[np.bool_]  # (n, NAME_SLOTS) the name is written in another script
    n_names: IntArray
    father: IntArray  # skeleton id of the father's first name
    father_coarse: IntArray  # its coarse skeleton, to compare with another father's name
    mother: IntArray  # skeleton id of the mother's first name
    sex: IntArray  # 0 unknown, 1 F, 2 M
    year: IntArray  # recorded birth year or MISSING
    month: IntArray
    day: IntArray
    placeholder: IntArray  # 1: 1 January or year only
    est_year: IntArray  # from an estimated age, or MISSING
    est_month: IntArray  # the month of birth it points to (Norm.est_month), or MISSING
    nationality: IntArray
    region: IntArray  # the nationality's UN M49 region (regions.py), or MISSING
    place: IntArray
    document: IntArray
    languages: IntArray  # a bit per language id (first 63 languages)
    # (n, 3) loose-key and skeleton ids of the first given name, the first family name and the
    # first other name: the child's own name, told apart from the family's.
    first: IntArray
    first_skel: IntArray

    def __len__(self) -> int:
        return len(self.rids)

    def best_year(self) -> IntArray:
        return np.where(self.year != MISSING, self.year, self.est_year)


class Encoder:
    """Turns normalised records into a Table, sharing vocabularies between tables."""

    def __init__(self) -> None:
        self.loose = Vocab()
        self.skel = Vocab()
        self.other = Vocab()  # nationality, place, document, language
        self._skel_of: dict[str, str] = {}
        self._ids_of: dict[str, tuple[int, int]] = {}

    def skeleton(self, key: str) -> str:
        found = self._skel_of.get(key)
        if found is None:
            found = self._skel_of[key] = name_skeleton(key)
        return found

    def _name_ids(self, key: str) -> tuple[int, int]:
        """The loose-key id and the skeleton id of a name."""
        found = self._ids_of.get(key)
        if found is None:
            found = self._ids_of[key] = (self.loose.id(key), self.skel.id(self.skeleton(key)))
        return found

    def _parent_id(self, key: str, coarse: bool) -> int:
        skeleton = self.skeleton(key)
        return self.skel.id(coarse_skeleton(skeleton) if coarse else skeleton)

    def _other_id(self, prefix: str, value: str) -> int:
        return self.other.id(prefix + value) if value else MISSING

    def table(self, norms: Iterable[Norm]) -> Table:
        rows = list(norms)
        n = len(rows)
        loose = np.full((n, NAME_SLOTS), MISSING, dtype=np.int64)
        skel = np.full((n, NAME_SLOTS), MISSING, dtype=np.int64)
        native = np.zeros((n, NAME_SLOTS), dtype=bool)
        native_at: list[int] = []
        first = np.full((n, 3), MISSING, dtype=np.int64)
        first_skel = np.full((n, 3), MISSING, dtype=np.int64)
        # Filled as lists and made arrays once: writing numpy items one by one is slow.
        name_rows: list[int] = []
        name_cols: list[int] = []
        name_loose: list[int] = []
        name_skel: list[int] = []
        first_at: list[int] = []
        first_loose: list[int] = []
        first_sk: list[int] = []
        cols: dict[str, list[int]] = {
            name: []
            for name in (
                "n_names", "father", "father_coarse", "mother", "sex", "year", "month", "day",
                "placeholder", "est_year", "est_month", "nationality", "region", "place",
                "document", "languages",
            )
        }  # fmt: skip
        sexes = {"F": 1, "M": 2}
        for i, r in enumerate(rows):
            names = list(dict.fromkeys(r.all_names()))[:NAME_SLOTS]
            for j, key in enumerate(names):
                if key in r.native:
                    native_at.append(i * NAME_SLOTS + j)
                lid, sid = self._name_ids(key)
                name_rows.append(i)
                name_cols.append(j)
                name_loose.append(lid)
                name_skel.append(sid)
            cols["n_names"].append(len(names))
            for j, part in enumerate((r.given, r.family, r.other)):
                if part:
                    lid, sid = self._name_ids(part[0])
                    first_at.append(i * 3 + j)
                    first_loose.append(lid)
                    first_sk.append(sid)
            father = r.father[0] if r.father else ""
            cols["father"].append(self._parent_id(father, False) if father else MISSING)
            cols["father_coarse"].append(self._parent_id(father, True) if father else MISSING)
            cols["mother"].append(self._parent_id(r.mother[0], True) if r.mother else MISSING)
            cols["sex"].append(sexes.get(r.sex, 0))
            cols["year"].append(r.year if r.year is not None else MISSING)
            cols["month"].append(r.month if r.month is not None else MISSING)
            cols["day"].append(r.day if r.day is not None else MISSING)
            cols["placeholder"].append(int(r.placeholder))
            cols["est_year"].append(r.est_month // 12 if r.est_month is not None else MISSING)
            cols["est_month"].append(r.est_month if r.est_month is not None else MISSING)
            cols["nationality"].append(self._other_id(NATIONALITY, r.nationality))
            cols["region"].append(self._other_id(REGION, region(r.nationality)))
            # A listed place (places.py) has one key; any other compares by a coarse skeleton.
            place = r.place if r.place.startswith("=") else coarse_skeleton(r.place)
            cols["place"].append(self._other_id(PLACE, place))
            cols["document"].append(self._other_id(DOCUMENT, r.document))
            bits = 0
            for lang in sorted(r.languages):  # numbered alike in every process
                bits |= 1 << (self.other.id(LANGUAGE + lang) % 63)
            cols["languages"].append(bits if r.languages else MISSING)
        loose[name_rows, name_cols] = name_loose
        skel[name_rows, name_cols] = name_skel
        native.ravel()[native_at] = True
        first.ravel()[first_at] = first_loose
        first_skel.ravel()[first_at] = first_sk
        return Table(
            rids=[r.rid for r in rows],
            loose=loose,
            skel=skel,
            native=native,
            first=first,
            first_skel=first_skel,
            **{name: np.array(values, dtype=np.int64) for name, values in cols.items()},
        )


_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0x165667B19E3779F9)


def mix_keys(a: IntArray, b: IntArray | int, tag: IntArray | int) -> IntArray:
    """One 63-bit key of two ids and a kind of key (collisions only make a block larger)."""
    with np.errstate(over="ignore"):
        h = (a.astype(np.uint64) * _M1) ^ (np.asarray(b).astype(np.uint64) * _M2)
        h = h ^ (np.asarray(tag).astype(np.uint64) * _M3)
        h ^= h >> np.uint64(29)
        h *= _M1
    out: IntArray = (h >> np.uint64(1)).astype(np.int64)
    return out

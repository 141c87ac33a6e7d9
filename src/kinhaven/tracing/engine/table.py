"""Records as columns of integers, so that millions of pairs compare at numpy speed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kinhaven.tracing.engine.normalize import Norm, coarse_skeleton, name_skeleton

NAME_SLOTS = 6  # name tokens kept per record (given, family, other names)
MISSING = -1

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
    nationality: IntArray
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

    def skeleton(self, key: str) -> str:
        found = self._skel_of.get(key)
        if found is None:
            found = self._skel_of[key] = name_skeleton(key)
        return found

    def table(self, norms: Iterable[Norm]) -> Table:
        rows = list(norms)
        n = len(rows)
        loose = np.full((n, NAME_SLOTS), MISSING, dtype=np.int64)
        skel = np.full((n, NAME_SLOTS), MISSING, dtype=np.int64)
        first = np.full((n, 3), MISSING, dtype=np.int64)
        first_skel = np.full((n, 3), MISSING, dtype=np.int64)
        cols = {
            name: np.full(n, MISSING, dtype=np.int64)
            for name in (
                "n_names", "father", "father_coarse", "mother", "sex", "year", "month", "day",
                "placeholder", "est_year", "nationality", "place", "document", "languages",
            )
        }  # fmt: skip
        for i, r in enumerate(rows):
            names = list(dict.fromkeys(r.all_names()))[:NAME_SLOTS]
            for j, key in enumerate(names):
                loose[i, j] = self.loose.id(key)
                skel[i, j] = self.skel.id(self.skeleton(key))
            cols["n_names"][i] = len(names)
            for j, part in enumerate((r.given, r.family, r.other)):
                if part:
                    first[i, j] = self.loose.id(part[0])
                    first_skel[i, j] = self.skel.id(self.skeleton(part[0]))
            cols["father"][i] = self.skel.id(self.skeleton(r.father[0])) if r.father else MISSING
            cols["father_coarse"][i] = (
                self.skel.id(coarse_skeleton(self.skeleton(r.father[0]))) if r.father else MISSING
            )
            cols["mother"][i] = (
                self.skel.id(coarse_skeleton(self.skeleton(r.mother[0]))) if r.mother else MISSING
            )
            cols["sex"][i] = {"F": 1, "M": 2}.get(r.sex, 0)
            cols["year"][i] = r.year if r.year is not None else MISSING
            cols["month"][i] = r.month if r.month is not None else MISSING
            cols["day"][i] = r.day if r.day is not None else MISSING
            cols["placeholder"][i] = int(r.placeholder)
            cols["est_year"][i] = r.est_year if r.est_year is not None else MISSING
            cols["nationality"][i] = self.other.id("n:" + r.nationality) if r.nationality else -1
            # A listed place (places.py) has one key; any other compares by a coarse skeleton.
            place = r.place if r.place.startswith("=") else coarse_skeleton(r.place)
            cols["place"][i] = self.other.id("p:" + place) if r.place else MISSING
            cols["document"][i] = self.other.id("d:" + r.document) if r.document else MISSING
            bits = 0
            for lang in r.languages:
                bits |= 1 << (self.other.id("l:" + lang) % 63)
            cols["languages"][i] = bits if r.languages else MISSING
        return Table(
            rids=[r.rid for r in rows],
            loose=loose,
            skel=skel,
            first=first,
            first_skel=first_skel,
            **cols,
        )

"""From a raw record (CSV row or child record) to comparable keys.

Names go through the one name normaliser, kinhaven.children.names, which the search keys of
children's records use too: each name becomes spelling-tolerant keys (`fold`) with consonant
skeletons (`name_skeleton`) that unify transliteration systems and scripts.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from kinhaven.children.names import (
    coarse_skeleton,
    fold,
    name_keys,
    name_skeleton,
    name_tokens,
)
from kinhaven.tracing.engine.places import PLACES

# The name functions the engine's modules and tests use, from the one normaliser.
__all__ = [
    "COLUMNS",
    "CONTROL",
    "Norm",
    "Record",
    "as_norm",
    "coarse_skeleton",
    "fold",
    "name_skeleton",
    "name_tokens",
    "normalize",
    "normalize_lenient",
    "parse_date",
    "reading_day",
]

_DOC = re.compile(r"[^0-9A-Z]+")


@dataclass(slots=True)
class Norm:
    """A record ready for blocking and comparison."""

    rid: str
    given: list[str] = field(default_factory=list)  # loose keys of given names
    family: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    father: list[str] = field(default_factory=list)
    mother: list[str] = field(default_factory=list)
    sex: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    placeholder: bool = False  # 1 January, or year only
    # The month of birth an estimated age points to (year * 12 + month - 1): the middle of the
    # year of birth it allows, counted back from the day it was recorded.
    est_month: int | None = None
    nationality: str = ""
    place: str = ""
    document: str = ""
    languages: frozenset[str] = frozenset()
    # The names written in a script other than Latin: their spellings are a transliteration's,
    # not a person's, and say nothing by how they are spelled.
    native: frozenset[str] = frozenset()

    @property
    def est_year(self) -> int | None:
        return None if self.est_month is None else self.est_month // 12

    def all_names(self) -> list[str]:
        return [*self.given, *self.family, *self.other]


def _keys(text: str) -> list[str]:
    return list(name_keys(text))


# A letter of a script other than Latin (Latin letters with diacritics are Latin).
_NATIVE_LETTER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")


@functools.lru_cache(maxsize=200_000)
def _native_keys(text: str) -> frozenset[str]:
    """The keys of the words of `text` written in a script other than Latin."""
    if not _NATIVE_LETTER.search(text):
        return frozenset()
    words = [w for w in text.split() if _NATIVE_LETTER.search(w)]
    return frozenset(name_keys(" ".join(words)))


def _place_key(text: str) -> str:
    return " ".join(name_keys(text))


@functools.cache
def _gazetteer() -> dict[str, str]:
    """Every listed name of a place -> one key for the place."""
    out: dict[str, str] = {}
    for names in PLACES:
        canonical = "=" + names[0]
        for name in names:
            out.setdefault(_place_key(name), canonical)
    return out


@functools.lru_cache(maxsize=50_000)
def _place(text: str) -> str:
    """One key for a listed place in any of its names (places.py), or else the skeleton of the
    place's first word."""
    listed = _gazetteer().get(_place_key(text))
    if listed:
        return listed
    place = name_tokens(text)
    return name_skeleton(place[0]) if place else ""


@functools.lru_cache(maxsize=10_000)
def _languages(text: str) -> frozenset[str]:
    return frozenset(x.strip().lower() for x in text.split(";") if x.strip())


@functools.lru_cache(maxsize=100_000)
def parse_date(value: str) -> tuple[int | None, int | None, int | None]:
    """YYYY-MM-DD, YYYY-MM or YYYY; raise ValueError for anything else."""
    value = value.strip()
    if not value:
        return None, None, None
    parts = value.split("-")
    if len(parts) > 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(value)
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(value)
    dt.date(year, month or 1, day or 1)  # raises for an impossible day, or the year 0
    return year, month, day


Record = dict[str, str]
# An age in years is at least 0 and less than this; no one has lived to 150.
MAX_AGE = 150

# The columns a record may have, in the order files are written (all optional but id); others
# are ignored.
COLUMNS = (
    "id", "given_name", "family_name", "other_names", "sex", "date_of_birth", "age",
    "recorded_on", "nationality", "place_of_birth", "mother_name", "father_name",
    "document_number", "address", "languages",
)  # fmt: skip


def as_norm(record: Record | Norm) -> Norm:
    """A record normalised, or as it is if it already is (a file reader checked it so)."""
    return record if isinstance(record, Norm) else normalize(record)


def normalize_lenient(row: Record, *, today: dt.date | None = None) -> tuple[Norm, list[str]]:
    """Normalise one record, treating each value that cannot be read as unknown: the record,
    and the columns whose values were left out, in the order they were found. `today`: as for
    `normalize`."""
    row = dict(row)
    blanked: list[str] = []
    while True:
        try:
            return normalize(row, today=today), blanked
        except ValueError as exc:
            column = exc.args[0]
            if not row.get(column):  # pragma: no cover  # normalize names a value it read
                raise
            blanked.append(column)
            row[column] = ""


# A character no value of a record holds (a NUL byte, a form feed): a file that holds one is
# binary, or was written in another encoding, there. Tabs and line breaks are text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A day this much later than the day a file is read on may be today where it was written.
_TIME_ZONES = dt.timedelta(days=1)


def reading_day() -> dt.date:
    """The day a file is read on, for `normalize`'s `today`: in UTC, which _TIME_ZONES allows
    for."""
    return dt.datetime.now(dt.UTC).date()


def normalize(row: Record, *, today: dt.date | None = None) -> Norm:
    """Normalise one record; raise ValueError naming the field for malformed values.

    `today`: for a record read from a file, the day it is read, and the record is checked for
    what no record of a child can hold as well: a control character, a day recorded later than
    today, a birth after the day recorded (or today) or more than MAX_AGE years before it.
    """
    get = row.get
    if today is not None and CONTROL.search("".join(get(c) or "" for c in COLUMNS[1:])):
        raise ValueError(next(c for c in COLUMNS[1:] if CONTROL.search(get(c) or "")))
    sex = (get("sex") or "").strip().upper()
    if sex not in {"", "F", "M", "X"}:
        raise ValueError("sex")
    recorded = (get("recorded_on") or "").strip()
    try:
        on = dt.date.fromisoformat(recorded) if recorded else None
    except ValueError:
        raise ValueError("recorded_on") from None
    latest = None if today is None else today + _TIME_ZONES
    if on is not None and latest is not None and on > latest:
        raise ValueError("recorded_on")
    try:
        year, month, day = parse_date(get("date_of_birth") or "")
    except ValueError:
        raise ValueError("date_of_birth") from None
    if year is not None and latest is not None:
        until = on or latest
        if year < until.year - MAX_AGE or dt.date(year, month or 1, day or 1) > until:
            raise ValueError("date_of_birth")
    est_month = None
    age = (get("age") or "").strip()
    if age:
        try:
            years = float(age)
        except ValueError:
            raise ValueError("age") from None
        if not 0 <= years < MAX_AGE:  # NaN too
            raise ValueError("age")
        if on is not None:
            # Aged `years` on that day: born between years + 1 and `years` years before it.
            est_month = on.year * 12 + on.month - 1 - round((years + 0.5) * 12)
    other = get("other_names") or ""
    given, family = get("given_name") or "", get("family_name") or ""
    native = _native_keys(given).union(_native_keys(family), *map(_native_keys, other.split(";")))
    return Norm(
        rid=row["id"],
        given=_keys(given),
        family=_keys(family),
        other=[k for name in other.split(";") for k in _keys(name)] if other else [],
        father=_keys(get("father_name") or ""),
        mother=_keys(get("mother_name") or ""),
        sex=sex if sex in {"F", "M"} else "",
        year=year,
        month=month,
        day=day,
        placeholder=year is not None and (month is None or (month == 1 and day in (None, 1))),
        est_month=est_month,
        nationality=(get("nationality") or "").strip().upper()[:3],
        place=_place(get("place_of_birth") or ""),
        document=_DOC.sub("", (get("document_number") or "").upper()),
        languages=_languages(get("languages") or ""),
        native=native,
    )

"""A generator of realistic registrations of unaccompanied children, with known truth.

Each child has a true identity; a *sighting* of the child is what one reception point, agency or
relative wrote down: the name in native script or one of several Latin spellings, given and
family names swapped, a father's or grandfather's name added or dropped, nicknames and typos,
birth dates unknown, year-only, set to 1 January, off by a year or two, with day and month
swapped, or only an age estimated on a date. Siblings share family name, parents and place of
birth, and common names repeat as they do in life, so that names alone are never enough.

Used by the tests and the benchmarks; every run with the same seed gives the same data.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kinhaven.tracing.engine import pools
from kinhaven.tracing.engine.normalize import COLUMNS

# Ukrainian Cyrillic in five Latin systems: national 2010, ICAO 9303, BGN/PCGN, German, French.
_UK = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'"
_SYSTEMS: dict[str, tuple[str, ...]] = {
    "national": tuple(
        "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch  iu ia ".split(" ")
    ),
    "icao": tuple(
        "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch  iu ia ".split(" ")
    ),
    "bgn": tuple(
        "a b v h g d e ye zh z y i yi y k l m n o p r s t u f kh ts ch sh shch  yu ya ".split(" ")
    ),
    "german": tuple(
        "a b w h g d e je sch s y i ji j k l m n o p r s t u f ch z tsch sch schtsch  ju ja ".split(
            " "
        )
    ),
    "french": tuple(
        "a b v h g d e ie j z y i ii i k l m n o p r s t ou f kh ts tch ch chtch  iou ia ".split(
            " "
        )
    ),
}
_INITIAL = {"national": {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}}


def cyrillic_to_latin(text: str, system: str) -> str:
    """Write Ukrainian Cyrillic in one of the Latin systems people meet in documents."""
    table = dict(zip(_UK, _SYSTEMS[system], strict=True))
    out = []
    for word in text.split():
        letters = []
        for i, ch in enumerate(word.lower()):
            initial = _INITIAL.get(system, {}) if i == 0 else {}
            letters.append(initial.get(ch, table.get(ch, ch)))
        latin = "".join(letters)
        out.append(latin[:1].upper() + latin[1:])
    return " ".join(out)


@dataclass(frozen=True)
class Origin:
    code: str
    weight: float
    languages: tuple[str, ...]
    male: pools.Names
    female: pools.Names
    family: pools.Names
    places: tuple[tuple[str, tuple[str, ...]], ...]
    # Whether children add their father's (and grandfather's) given name after their own.
    patronymic: bool = False
    cyrillic: bool = False


def _latin(names: Sequence[str]) -> pools.Names:
    return tuple(("", (n,)) for n in names)


def _cyr(names: Sequence[str]) -> pools.Names:
    return tuple((n, ()) for n in names)


ORIGINS: tuple[Origin, ...] = (
    Origin(
        "AFG", 0.2, ("prs", "ps"), pools.ARABIC_MALE, pools.ARABIC_FEMALE,
        pools.ARABIC_FAMILY[:20],
        (("کابل", ("Kabul", "Kaboul")), ("هرات", ("Herat", "Hirat")),
         ("مزار شریف", ("Mazar-i-Sharif", "Mazar Sharif")), ("قندهار", ("Kandahar", "Qandahar"))),
        patronymic=True,
    ),
    Origin(
        "SYR", 0.15, ("ar",), pools.ARABIC_MALE, pools.ARABIC_FEMALE, pools.ARABIC_FAMILY[6:],
        (("حلب", ("Aleppo", "Halab")), ("حمص", ("Homs", "Hims")),
         ("دمشق", ("Damascus", "Dimashq"))),
        patronymic=True,
    ),
    Origin(
        "IRQ", 0.05, ("ar", "ku"), pools.ARABIC_MALE, pools.ARABIC_FEMALE,
        pools.ARABIC_FAMILY[6:16],
        (("الموصل", ("Mosul", "Mossul")), ("بغداد", ("Baghdad", "Bagdad"))), patronymic=True,
    ),
    Origin(
        "ERI", 0.12, ("ti",), pools.TIGRINYA_MALE, pools.TIGRINYA_FEMALE, pools.TIGRINYA_FAMILY,
        (("ኣስመራ", ("Asmara", "Asmera")), ("ከረን", ("Keren", "Karen"))), patronymic=True,
    ),
    Origin(
        "SOM", 0.08, ("so",), pools.ARABIC_MALE[:14], pools.ARABIC_FEMALE[:12],
        pools.SOMALI_FAMILY, (("", ("Mogadishu", "Muqdisho")), ("", ("Baidoa", "Baydhabo"))),
        patronymic=True,
    ),
    Origin(
        "GIN", 0.07, ("fr", "ff"), pools.WEST_AFRICAN_MALE, pools.WEST_AFRICAN_FEMALE,
        pools.WEST_AFRICAN_FAMILY, (("", ("Conakry", "Konakri")), ("", ("Labe", "Labé"))),
    ),
    Origin(
        "NGA", 0.07, ("en", "yo", "ig"), pools.NIGERIAN_MALE, pools.NIGERIAN_FEMALE,
        pools.NIGERIAN_FAMILY, (("", ("Benin City", "Benin")), ("", ("Lagos",)), ("", ("Enugu",))),
    ),
    Origin(
        "BGD", 0.05, ("bn",), pools.BENGALI_MALE, pools.BENGALI_FEMALE, pools.BENGALI_FAMILY,
        (("সিলেট", ("Sylhet", "Silet")), ("ঢাকা", ("Dhaka", "Dacca"))),
    ),
    Origin(
        "MAR", 0.06, ("ar", "fr"), pools.ARABIC_MALE, pools.ARABIC_FEMALE, pools.ARABIC_FAMILY[20:],
        (("طنجة", ("Tanger", "Tangier")), ("الدار البيضاء", ("Casablanca", "Dar el Beida"))),
    ),
    Origin(
        "UKR", 0.1, ("uk", "ru"), _cyr(pools.CYRILLIC_MALE), _cyr(pools.CYRILLIC_FEMALE),
        _cyr(pools.CYRILLIC_FAMILY),
        (("Харків", ()), ("Одеса", ()), ("Запоріжжя", ()), ("Маріуполь", ())), cyrillic=True,
    ),
    Origin(
        "ALB", 0.03, ("sq",), _latin(pools.ALBANIAN_MALE), _latin(pools.ALBANIAN_FEMALE),
        _latin(pools.ALBANIAN_FAMILY), (("", ("Shkodër", "Shkoder")), ("", ("Elbasan",))),
    ),
    Origin(
        "ROU", 0.02, ("ro", "rom"), _latin(pools.ROMA_MALE), _latin(pools.ROMA_FEMALE),
        _latin(pools.ROMA_FAMILY), (("", ("Craiova",)), ("", ("Bacău", "Bacau"))),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Noise:
    """How often each kind of error or gap occurs in one registration (our estimates of
    registrations at reception points; docs/benchmarks.md lists them)."""

    native_script: float = 0.15  # a name written in its native script, not in Latin letters
    nickname: float = 0.04
    patronymic: float = 0.3  # father's (and grandfather's) name added, where the custom is
    swapped: float = 0.08  # given and family names swapped
    typo_given: float = 0.06
    typo_family: float = 0.05
    no_family: float = 0.03
    alias: float = 0.15
    no_sex: float = 0.05
    no_nationality: float = 0.08
    place: float = 0.6
    mother: float = 0.6
    father: float = 0.6
    document: float = 0.4  # of children who have one
    typo_document: float = 0.05
    languages: float = 0.7
    dob_unknown: float = 0.1
    dob_age_only: float = 0.15
    dob_year_shift: float = 0.1
    dob_year_only: float = 0.1
    dob_january_first: float = 0.15
    dob_day_month_swapped: float = 0.05
    dob_year_month: float = 0.05
    # Kinds of record the first profile leaves out (0: none); the other profiles have them.
    # Children of origins where names are a chain (given name, father's, grandfather's) and who
    # have no family name of their own: Afghans (by this share; Somalis always, where it is
    # not 0).
    chain_names: float = 0.0
    # Where a child has no family name, what the family-name field holds: the father's given
    # name (the rest: the grandfather's, the clan or tribe, or nothing), and how often the
    # father's name is written there even where there is a family name.
    father_as_family: float = 0.0
    middle_names: float = 0.0  # children with a second given name (Ukrainians: the patronymic)
    middle_kept: float = 0.5  # registrations that write the second given name down
    neighbour: float = 0.0  # a neighbouring country recorded as the nationality


NOISE = Noise()


@dataclass
class Person:
    """A name as (native form, Latin spellings); Cyrillic names have their spellings made."""

    native: str
    spellings: tuple[str, ...]


@dataclass
class Child:
    key: int
    origin: Origin
    sex: str
    given: Person
    family: Person
    father: Person
    grandfather: Person
    mother: Person
    birth: dt.date
    place: Person
    document: str
    languages: tuple[str, ...]
    extra: dict[str, str] = field(default_factory=dict)
    middle: Person | None = None  # a second given name
    chain: bool = False  # no family name: a given name, the father's and the grandfather's
    clan: Person | None = None  # a clan or tribe, written as a family name by some


def _zipf_choice(rng: random.Random, items: Sequence[tuple[str, tuple[str, ...]]]) -> Person:
    # Common names are more common: weight 1/(rank + 2), so that the commonest of 16 names is
    # carried by about one child in six.
    weights = [1 / (i + 3) for i in range(len(items))]
    native, spellings = rng.choices(items, weights=weights)[0]
    return Person(native, spellings)


def _cyr_person(native: str) -> Person:
    spellings = tuple(dict.fromkeys(cyrillic_to_latin(native, s) for s in _SYSTEMS))
    return Person(native, spellings)


def _arabic_tail(article: bool) -> pools.Names:
    names = list(pools.ARABIC_ROOTS)
    if article:
        names += [
            ("ال" + native, tuple(f"{a} {latin}" for latin in spellings[:2] for a in ("Al", "El")))
            for native, spellings in pools.ARABIC_ROOTS
        ]
    return tuple(names)


def _tigrinya_tail() -> pools.Names:
    return tuple(
        (root + end, tuple(f"{r}{e}" for r in roots[:2] for e in ends[:2]))
        for root, roots in pools.TIGRINYA_ROOTS
        for end, ends in pools.TIGRINYA_ENDINGS
    )


# The long tail of family names by origin: drawn for most families, uniformly.
LONG_TAIL: dict[str, pools.Names] = {
    "AFG": _arabic_tail(article=False),
    "SYR": _arabic_tail(article=True),
    "IRQ": _arabic_tail(article=True),
    "MAR": _arabic_tail(article=True),
    "ERI": _tigrinya_tail(),
    # Somali family names are fathers' and grandfathers' given names.
    "SOM": tuple(("", sp[:2]) for _n, sp in pools.ARABIC_MALE + pools.ABD_NAMES),
    "UKR": tuple(
        (root + suffix, ()) for root in pools.UKRAINIAN_ROOTS for suffix in pools.UKRAINIAN_SUFFIXES
    ),
}
LONG_TAIL.update(
    {
        "NGA": tuple(
            ("", (p + s.lower() if not p.endswith(s[0]) else p + s[1:],))
            for prefixes, suffixes in (
                (pools.YORUBA_PREFIXES, pools.YORUBA_SUFFIXES),
                (pools.IGBO_PREFIXES, pools.IGBO_SUFFIXES),
            )
            for p in prefixes
            for s in suffixes
        ),
        "ALB": tuple(("", (r + "aj", r + "ai")) for r in pools.ALBANIAN_ROOTS)
        + tuple(("", (r + "i",)) for r in pools.ALBANIAN_ROOTS),
        "ROU": tuple(
            ("", (r + ending,)) for r in pools.ROMANIAN_ROOTS for ending in ("escu", "eanu", "ache")
        ),
    }
)
LONG_TAIL_SHARE = 0.6


def _latin_only(names: pools.Names) -> pools.Names:
    return tuple(("", spellings) for _native, spellings in names)


# Long tails of given names, (boys, girls), where the common pool is short.
_ARABIC_GIVEN_TAIL = (pools.ARABIC_MALE_TAIL + pools.ABD_NAMES, pools.ARABIC_FEMALE_TAIL)
GIVEN_TAIL: dict[str, tuple[pools.Names, pools.Names]] = dict.fromkeys(
    ("AFG", "SYR", "IRQ", "SOM", "MAR"), _ARABIC_GIVEN_TAIL
)
GIVEN_TAIL["GIN"] = (
    _latin_only(pools.ARABIC_MALE_TAIL + pools.ARABIC_MALE),
    _latin_only(pools.ARABIC_FEMALE_TAIL + pools.ARABIC_FEMALE),
)
GIVEN_TAIL["BGD"] = (
    _latin_only(pools.ARABIC_MALE_TAIL + pools.ABD_NAMES),
    _latin_only(pools.ARABIC_FEMALE_TAIL + pools.ARABIC_FEMALE),
)
GIVEN_TAIL["ERI"] = (_tigrinya_tail(), _tigrinya_tail())
GIVEN_TAIL["NGA"] = (LONG_TAIL["NGA"], LONG_TAIL["NGA"])
# The share of given names drawn from the long tail, where there is one.
GIVEN_TAIL_SHARE = 0.35


# Origins where a child may go by a chain of given names (its own, its father's, its
# grandfather's) and have no family name: Afghanistan, where many have none, and Somalia, where
# the "family name" on a form is the father's or grandfather's given name.
CHAIN_NAMES = frozenset({"AFG", "SOM"})
# Clans and tribes, which some registrations write as a family name.
CLANS: dict[str, pools.Names] = {"AFG": pools.AFGHAN_TRIBES, "SOM": pools.SOMALI_CLANS}
# Countries that border each origin: a registration may record one of them as the nationality
# (where the child lived before, or what a document or an interpreter said).
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "AFG": ("PAK", "IRN", "TJK"), "SYR": ("TUR", "LBN", "JOR", "IRQ"),
    "IRQ": ("IRN", "SYR", "TUR"), "ERI": ("ETH", "SDN", "DJI"), "SOM": ("ETH", "KEN", "DJI"),
    "GIN": ("SEN", "MLI", "SLE", "CIV"), "NGA": ("NER", "BEN", "CMR"), "BGD": ("IND", "MMR"),
    "MAR": ("DZA",), "UKR": ("RUS", "MDA", "POL"), "ALB": ("MKD", "GRC", "MNE"),
    "ROU": ("MDA", "BGR", "HUN"),
}  # fmt: skip


def _patronymic(father: str, sex: str) -> str:
    """A Ukrainian patronymic from the father's given name in Cyrillic: Іван gives Іванович and
    Іванівна, Андрій Андрійович and Андріївна, Петро Петрович and Петрівна."""
    stem = father[:-1] if father.endswith(("\u043e", "\u0430")) else father  # o, a in Cyrillic
    if sex == "F":
        return stem[:-1] + "ївна" if stem.endswith("й") else stem + "івна"
    return stem + "ович"


@dataclass(frozen=True)
class Profile:
    """A kind of registrations: how often each error occurs and where the children come from.
    The model is fitted on some profiles and measured on one it was not fitted on."""

    name: str
    noise: Noise
    weights: dict[str, float] = field(default_factory=dict)  # origins' shares, where changed


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        # Registrations at reception points as first estimated (docs/benchmarks.md).
        Profile("reception", NOISE),
        # Children from Afghanistan and the Horn of Africa, named by a chain of given names.
        Profile(
            "chains",
            Noise(chain_names=0.5, father_as_family=0.5, no_family=0.06),
            {"AFG": 0.3, "SOM": 0.2, "ERI": 0.15, "UKR": 0.05},
        ),
        # Dates from an estimated age, 1 January and years guessed; second given names.
        Profile(
            "estimated",
            Noise(
                dob_unknown=0.12,
                dob_age_only=0.3,
                dob_year_shift=0.2,
                dob_january_first=0.25,
                dob_year_only=0.15,
                middle_names=0.3,
            ),
        ),
        # Native script, a neighbour's nationality, names written twice.
        Profile(
            "borders",
            Noise(native_script=0.3, neighbour=0.2, middle_names=0.2, alias=0.25, typo_given=0.1),
            {"AFG": 0.25, "SYR": 0.1, "SOM": 0.12},
        ),
        # Kept out of fitting: every kind at once, origins in other shares.
        Profile(
            "field",
            Noise(
                native_script=0.25,
                no_family=0.08,
                dob_age_only=0.25,
                dob_year_shift=0.15,
                dob_january_first=0.2,
                typo_given=0.08,
                typo_family=0.07,
                chain_names=0.4,
                father_as_family=0.4,
                middle_names=0.25,
                neighbour=0.12,
            ),
            {"AFG": 0.25, "SOM": 0.15, "ERI": 0.12, "SYR": 0.1, "UKR": 0.06, "BGD": 0.06},
        ),
    )
}
FITTED = ("reception", "chains", "estimated", "borders")  # the profiles the model learns from
HELD_OUT = "field"


TWINS = 0.03  # of children with an older sibling, the share born the same day as one
SPACING = 300  # days at least between the births of siblings who are not twins


class Generator:
    """Makes children and sightings of them, reproducibly from a seed."""

    def __init__(
        self, seed: int = 2017, today: dt.date = dt.date(2026, 11, 1), *,
        profile: str = "reception",
    ) -> None:  # fmt: skip
        self.rng = random.Random(seed)  # noqa: S311  # fictional data, not security
        self.today = today
        self.profile = PROFILES[profile]
        self.noise = self.profile.noise
        self._origins = list(ORIGINS)
        weights = self.profile.weights
        self._weights = [weights.get(o.code, o.weight) for o in ORIGINS]
        self._next = 0

    def _person(self, origin: Origin, items: pools.Names) -> Person:
        tails = GIVEN_TAIL.get(origin.code)
        if tails and items in (origin.male, origin.female) and self.rng.random() < GIVEN_TAIL_SHARE:
            native, spellings = self.rng.choice(tails[0] if items is origin.male else tails[1])
            return Person(native, spellings)
        person = _zipf_choice(self.rng, items)
        return _cyr_person(person.native) if origin.cyrillic else person

    def families(self, n_children: int) -> list[Child]:
        """Children in families of one to four, with shared parents and family name."""
        rng = self.rng
        children: list[Child] = []
        while len(children) < n_children:
            origin = rng.choices(self._origins, weights=self._weights)[0]
            tail = LONG_TAIL.get(origin.code)
            if tail and rng.random() < LONG_TAIL_SHARE:
                native, spellings = rng.choice(tail)
                family = _cyr_person(native) if origin.cyrillic else Person(native, spellings)
            else:
                family = self._person(origin, origin.family)
            father = self._person(origin, origin.male)
            grandfather = self._person(origin, origin.male)
            chain = self._chain(origin)
            mother = self._person(origin, origin.female)
            place = _zipf_choice(rng, origin.places)
            if origin.cyrillic:
                place = _cyr_person(place.native)
            size = rng.choices([1, 2, 3, 4], weights=[55, 25, 13, 7])[0]
            first = self.today - dt.timedelta(days=rng.randint(6 * 365, 17 * 365))
            siblings: list[tuple[Person, dt.date]] = []
            for _ in range(min(size, n_children - len(children))):
                sex = rng.choice("FM")
                given, birth = self._sibling(origin, sex, first, siblings)
                siblings.append((given, birth))
                document = ""
                if rng.random() < 0.35:
                    document = f"{origin.code[0]}{rng.randint(10_000_000, 99_999_999)}"
                languages = tuple(
                    rng.sample(origin.languages, rng.randint(1, len(origin.languages)))
                )
                child = Child(
                    self._next,
                    origin,
                    sex,
                    given,
                    family,
                    father,
                    grandfather,
                    mother,
                    birth,
                    place,
                    document,
                    languages,
                )
                self._profiled(child, chain)
                children.append(child)
                self._next += 1
        return children

    def _profiled(self, child: Child, chain: bool) -> None:
        """What the profile adds to a child: a second given name, a chain of names in place of
        a family name, a clan or tribe. Nothing is drawn where the profile has none."""
        rng, n = self.rng, self.noise
        if n.middle_names and rng.random() < n.middle_names:
            if child.origin.cyrillic:
                child.middle = _cyr_person(_patronymic(child.father.native, child.sex))
            else:
                pool = child.origin.female if child.sex == "F" else child.origin.male
                for _ in range(20):
                    child.middle = self._person(child.origin, pool)
                    if child.middle.spellings != child.given.spellings:
                        break
        if chain:
            child.chain = True
            clans = CLANS.get(child.origin.code)
            if clans:
                native, spellings = rng.choice(clans)
                child.clan = Person(native, spellings)

    def _chain(self, origin: Origin) -> bool:
        """Whether a family's children go by a chain of given names, without a family name."""
        share = self.noise.chain_names
        if not share or origin.code not in CHAIN_NAMES:
            return False
        return origin.code == "SOM" or self.rng.random() < share

    def _sibling(
        self, origin: Origin, sex: str, first: dt.date, siblings: list[tuple[Person, dt.date]]
    ) -> tuple[Person, dt.date]:
        """A child's own given name and birth date in a family: parents do not give two
        children one name, and children are born at least ten months apart, or as twins."""
        rng = self.rng
        pool = origin.female if sex == "F" else origin.male
        taken = {(p.native, p.spellings) for p, _b in siblings}
        for _ in range(50):
            given = self._person(origin, pool)
            if (given.native, given.spellings) not in taken:
                break
        if siblings and rng.random() < TWINS:
            return given, rng.choice(siblings)[1]
        latest = self.today - dt.timedelta(days=3 * 365)
        for _ in range(50):
            birth = min(first + dt.timedelta(days=rng.randint(-4 * 365, 4 * 365)), latest)
            if all(abs((birth - b).days) >= SPACING for _p, b in siblings):
                break
        return given, birth

    # ---- one sighting -------------------------------------------------------------------------

    def _spell(self, person: Person, *, native: float, style: int) -> str:
        """One name as a registration writes it: in its native script at the rate `native`
        (where it has a native form), else in one of its Latin spellings."""
        rng = self.rng
        if not person.spellings or (native and person.native and rng.random() < native):
            return person.native
        # A registration tends to use one spelling style for all names; sometimes another.
        index = style if rng.random() < 0.7 else rng.randrange(len(person.spellings))
        return person.spellings[min(index, len(person.spellings) - 1)]

    def _typo(self, text: str) -> str:
        rng = self.rng
        if len(text) < 4:
            return text
        i = rng.randrange(1, len(text) - 1)
        kind = rng.randrange(4)
        if kind == 0:
            return text[:i] + text[i + 1 :]
        if kind == 1:
            return text[:i] + text[i] + text[i:]
        if kind == 2:
            return text[:i] + rng.choice("aeiounrst") + text[i + 1 :]
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]

    def sighting(self, child: Child, sid: str, *, noise: Noise | None = None) -> dict[str, str]:
        """One registration of the child as somebody wrote it down (with the profile's noise,
        or `noise`)."""
        rng = self.rng
        n = noise or self.noise
        # Half of the registrations may use native script, for the profile's share of names.
        native = 2 * n.native_script if rng.random() < 0.5 else 0.0
        style = rng.randrange(4)
        given = self._spell(child.given, native=native, style=style)
        if given in pools.NICKNAMES and rng.random() < n.nickname:
            given = rng.choice(pools.NICKNAMES[given])
        family = self._spell(child.family, native=native, style=style)
        father = self._spell(child.father, native=native, style=style)
        family = self._family(child, n, family, father, native=native, style=style)
        names = [given]
        if child.middle is not None and rng.random() < n.middle_kept:
            names.append(self._spell(child.middle, native=native, style=style))
        if child.origin.patronymic and rng.random() < n.patronymic:
            names.append(father)
            if rng.random() < 0.4:
                names.append(self._spell(child.grandfather, native=native, style=style))
        if rng.random() < n.swapped:
            given, family = family, " ".join(names)
        else:
            given = " ".join(names)
        if rng.random() < n.typo_given:
            given = self._typo(given)
        if rng.random() < n.typo_family:
            family = self._typo(family)
        if rng.random() < n.no_family:
            family = ""  # family name not given
        row = dict.fromkeys(COLUMNS, "")
        row.update(id=sid, given_name=given, family_name=family)
        row["other_names"] = (
            self._spell(child.given, native=2 * n.native_script, style=rng.randrange(4))
            if rng.random() < n.alias
            else ""
        )
        sex_roll = rng.random()
        row["sex"] = child.sex if sex_roll > n.no_sex else ("" if sex_roll > 0.01 else "X")
        self._birth(child, row, n)
        row["nationality"] = child.origin.code if rng.random() > n.no_nationality else ""
        if row["nationality"] and n.neighbour and rng.random() < n.neighbour:
            row["nationality"] = rng.choice(NEIGHBOURS[child.origin.code])
        if rng.random() < n.place:
            row["place_of_birth"] = self._spell(child.place, native=native, style=style)
        if rng.random() < n.mother:
            row["mother_name"] = self._spell(child.mother, native=native, style=style)
        if rng.random() < n.father:
            row["father_name"] = father
        if child.document and rng.random() < n.document:
            row["document_number"] = (
                self._typo(child.document) if rng.random() < n.typo_document else child.document
            )
        if rng.random() < n.languages:
            row["languages"] = ";".join(rng.sample(child.languages, len(child.languages)))
        return row

    def _family(
        self, child: Child, n: Noise, family: str, father: str, *, native: float, style: int
    ) -> str:
        """What one registration writes as the family name. A child without one (a chain of
        names) gets the father's given name, the grandfather's, the clan or tribe, or nothing;
        a father's name may stand in for a family name too, where that is the custom."""
        rng = self.rng
        if child.chain:
            roll = rng.random()
            if roll < n.father_as_family:
                return father
            roll = (roll - n.father_as_family) / max(1 - n.father_as_family, 1e-9)
            if roll < 0.3:
                return self._spell(child.grandfather, native=native, style=style)
            if roll < 0.6 and child.clan is not None:
                return self._spell(child.clan, native=native, style=style)
            return ""
        if n.father_as_family and child.origin.patronymic and rng.random() < n.father_as_family / 3:
            return father
        return family

    def _birth(self, child: Child, row: dict[str, str], n: Noise) -> None:
        rng = self.rng
        birth = child.birth
        roll = rng.random()
        if roll < n.dob_unknown:
            return
        if roll < n.dob_unknown + n.dob_age_only:
            recorded = self.today - dt.timedelta(days=rng.randint(0, 700))
            age = (recorded - birth).days // 365 + rng.choice([-2, -1, 0, 0, 0, 1, 1, 2])
            row["age"], row["recorded_on"] = str(max(age, 1)), recorded.isoformat()
            return
        year = birth.year
        if rng.random() < n.dob_year_shift:
            year += rng.choice([-2, -1, -1, 1, 1, 2])
        kind = rng.random()
        edges = np.cumsum(
            [n.dob_year_only, n.dob_january_first, n.dob_day_month_swapped, n.dob_year_month]
        )
        if kind < edges[0]:
            row["date_of_birth"] = str(year)
        elif kind < edges[1]:
            row["date_of_birth"] = f"{year}-01-01"
        elif kind < edges[2] and birth.day <= 12 and birth.day != birth.month:
            row["date_of_birth"] = f"{year}-{birth.day:02d}-{birth.month:02d}"
        elif kind < edges[3]:
            row["date_of_birth"] = f"{year}-{birth.month:02d}"
        else:
            day = min(birth.day, 28)
            row["date_of_birth"] = f"{year}-{birth.month:02d}-{day:02d}"


@dataclass
class Scenario:
    """A registry, queries against it (a share about children who are not in it), and truth."""

    registry: list[dict[str, str]]
    queries: list[dict[str, str]]
    truth: dict[str, str | None]  # query id -> registry id of the same child, or None
    children: dict[str, Child] = field(default_factory=dict)  # every id -> the true child


def linkage_scenario(
    n_registry: int, n_queries: int, *, unregistered: float = 1 / 3, seed: int = 2017,
    profile: str = "reception",
) -> Scenario:  # fmt: skip
    """Registry of one sighting per child; queries are other sightings of registered children
    and, for the share `unregistered`, of children who are not registered (but may share names
    and families with those who are). `profile` names the kind of registrations (PROFILES)."""
    gen = Generator(seed, profile=profile)
    n_outside = round(n_queries * unregistered)
    everyone = gen.families(n_registry + n_outside)
    gen.rng.shuffle(everyone)
    registered, outside = everyone[:n_registry], everyone[n_registry:]
    registry = [gen.sighting(c, f"R{c.key}") for c in registered]
    children = {f"R{c.key}": c for c in registered}
    truth: dict[str, str | None] = {}
    queries = []
    for i, c in enumerate(gen.rng.sample(registered, n_queries - n_outside)):
        queries.append(gen.sighting(c, f"Q{i}"))
        truth[f"Q{i}"] = f"R{c.key}"
        children[f"Q{i}"] = c
    for j, c in enumerate(outside, start=n_queries - n_outside):
        queries.append(gen.sighting(c, f"Q{j}"))
        truth[f"Q{j}"] = None
        children[f"Q{j}"] = c
    gen.rng.shuffle(queries)
    return Scenario(registry, queries, truth, children)


def dedupe_scenario(
    n_records: int, *, seed: int = 2017, profile: str = "reception"
) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Records of children registered one to three times each; returns them and the true child of
    each record. `profile` names the kind of registrations (PROFILES)."""
    gen = Generator(seed, profile=profile)
    records: list[dict[str, str]] = []
    truth: dict[str, int] = {}
    while len(records) < n_records:
        for c in gen.families(max(1, int((n_records - len(records)) / 1.45))):
            for _ in range(gen.rng.choices([1, 2, 3], weights=[65, 25, 10])[0]):
                if len(records) >= n_records:
                    break
                rid = f"D{len(records)}"
                records.append(gen.sighting(c, rid))
                truth[rid] = c.key
    gen.rng.shuffle(records)
    return records, truth


def write_csv(path: Path, rows: Sequence[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)

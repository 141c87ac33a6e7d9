"""The CTDC global dataset: one row per case in the Counter Trafficking Data Collaborative's
columns and codes, and its k-anonymisation before release.

`data/ctdc_global_columns.csv` is the header of CTDC's k-anonymised global dataset, in its order;
`data/ctdc_global_values.csv` the codes of the columns Kinhaven fills (CTDC data dictionary of
15 August 2018 and codebook version 6); `data/un_m49_regions.csv` the UN M49 region of each
country, to which a rare citizenship is generalised. Sources and licences:
docs/statistics-exports.md.

A row holds codes only: never an id, a name, a date of birth or free text. CTDC leaves a value it
does not hold empty, and so do we.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from kinhaven.children.enums import Sex
from kinhaven.intake.enums import ExploitationType

if TYPE_CHECKING:
    from kinhaven.stats.models import CaseFact

COLUMNS_FILE = "ctdc_global_columns.csv"
VALUES_FILE = "ctdc_global_values.csv"
REGIONS_FILE = "un_m49_regions.csv"

# The quasi-identifiers: what someone who knows a child could know of the child and find in the
# release (when and where the child was registered, gender, age, citizenship). CTDC k-anonymises
# its global dataset with k = 11 (codebook version 6, section 1).
CTDC_QUASI_IDENTIFIERS: tuple[str, ...] = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
)
CTDC_K = 11

# What a citizenship or country of exploitation is generalised to when its region is rare too, or
# the country has no M49 region. Not a CTDC code: the report lists every value recoded.
OTHER = "Other"
# The age bands a rare CTDC band is merged into: under 18, and 18 and over.
MINOR_BAND = "0--17"
ADULT_BAND = "18+"

CASE_MANAGEMENT = "Case Management"

# Our sex codes as CTDC genders. CTDC records gender; Kinhaven records sex, the nearest proxy. A
# sex recorded as "other" is no CTDC gender: it stays empty rather than be guessed.
CTDC_GENDER: dict[str, str] = {
    Sex.FEMALE: "Female",
    Sex.MALE: "Male",
    Sex.UNKNOWN: "Unknown",
}

# Our forms of exploitation (HTCDS vic_TypeOfExploitation) as CTDC's flags. Child labour and
# forced begging are work exacted from a child: forced labour in CTDC's definition (begging is
# one of its types of labour). What CTDC has no flag for is "other exploitation".
CTDC_EXPLOITATION_FLAG: dict[str, str] = {
    ExploitationType.FORCED_LABOUR: "isForcedLabour",
    ExploitationType.CHILD_LABOUR: "isForcedLabour",
    ExploitationType.FORCED_BEGGING: "isForcedLabour",
    ExploitationType.SEXUAL_EXPLOITATION: "isSexualExploit",
    ExploitationType.FORCED_MARRIAGE: "isForcedMarriage",
    ExploitationType.FORCED_MILITARY: "isForcedMilitary",
    ExploitationType.ORGAN_REMOVAL: "isOrganRemoval",
    ExploitationType.SERVITUDE: "isOtherExploit",
    ExploitationType.FORCED_ADOPTION: "isOtherExploit",
    ExploitationType.SURROGACY: "isOtherExploit",
    ExploitationType.OTHER: "isOtherExploit",
}
# Each flag's component of typeOfExploitConcatenated (codebook version 6, variable 35). The
# marriage, military and organ flags have no component of their own there: they are "Other".
CTDC_EXPLOITATION_COMPONENT: dict[str, str] = {
    "isForcedLabour": "Forced labour and/or services",
    "isSexualExploit": "Sexual exploitation",
    "isForcedMarriage": "Other",
    "isForcedMilitary": "Other",
    "isOrganRemoval": "Other",
    "isOtherExploit": "Other",
}
EXPLOITATION_FLAGS: tuple[str, ...] = (
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "typeOfLabourBegging",
)


def _read(name: str) -> list[dict[str, str]]:
    data = resources.files("kinhaven.stats").joinpath("data", name)
    with data.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def _column_rows() -> tuple[dict[str, str], ...]:
    return tuple(sorted(_read(COLUMNS_FILE), key=lambda row: int(row["position"])))


def ctdc_columns() -> list[str]:
    """The columns of CTDC's global dataset, in its order."""
    return [row["column"] for row in _column_rows()]


def ctdc_filled_columns() -> frozenset[str]:
    """The columns Kinhaven fills (the others stay empty: it holds nothing for them)."""
    return frozenset(row["column"] for row in _column_rows() if row["kinhaven"] == "filled")


@functools.cache
def ctdc_values() -> dict[str, tuple[str, ...]]:
    """The codes of each coded column Kinhaven fills: column -> codes, in CTDC's order."""
    values: dict[str, list[str]] = {}
    for row in _read(VALUES_FILE):
        values.setdefault(row["column"], []).append(row["code"])
    return {column: tuple(codes) for column, codes in values.items()}


@functools.cache
def ctdc_age_bands() -> tuple[tuple[str, int, int | None], ...]:
    """CTDC's ageBroad bands as (label, lowest age, highest age or None for the open band)."""
    bands: list[tuple[str, int, int | None]] = []
    for label in ctdc_values()["ageBroad"]:
        closed = re.fullmatch(r"(\d+)--(\d+)", label)
        if closed:
            bands.append((label, int(closed[1]), int(closed[2])))
            continue
        open_ended = re.fullmatch(r"(\d+)\+", label)
        if open_ended is None:
            raise ValueError(f"unreadable CTDC age band {label!r}")
        bands.append((label, int(open_ended[1]), None))
    return tuple(bands)


def ctdc_age_band(age: int | None) -> str:
    """The CTDC ageBroad band of an age in years ('' if the age is not known)."""
    if age is None:
        return ""
    for label, low, high in ctdc_age_bands():
        if age >= low and (high is None or age <= high):
            return label
    return ""


@functools.cache
def _countries() -> dict[str, dict[str, str]]:
    """Each country by its alpha-3 and its alpha-2 code: its alpha-2 code and M49 region."""
    countries: dict[str, dict[str, str]] = {}
    for row in _read(REGIONS_FILE):
        countries[row["alpha_3"]] = row
        countries[row["alpha_2"]] = row
    return countries


def ctdc_country(code: str) -> str:
    """A country in CTDC's form (ISO 3166-1 alpha-2) from an alpha-3 or alpha-2 code; '' for an
    unknown country, and for the stateless and refugee codes, which CTDC has no code for."""
    row = _countries().get(code.strip().upper())
    return row["alpha_2"] if row else ""


def m49_region(code: str) -> str:
    """The UN M49 region (Africa, Americas, Asia, Europe, Oceania) of a country code, or ''."""
    row = _countries().get(code.strip().upper())
    return row["region"] if row else ""


def _majority_status(age: int | None) -> str:
    if age is None:
        return ""
    return "Minor" if age < 18 else "Adult"


def _exploitation_columns(forms: Sequence[str]) -> dict[str, str]:
    known = [form for form in forms if form in CTDC_EXPLOITATION_FLAG]
    if not known:
        # Nothing recorded is missing, not "none of them".
        return {}
    flags = {CTDC_EXPLOITATION_FLAG[form] for form in known}
    columns = {flag: "1" if flag in flags else "0" for flag in EXPLOITATION_FLAGS}
    both = "isForcedLabour" in flags and "isSexualExploit" in flags
    columns["isSexAndLabour"] = "1" if both else "0"
    columns["typeOfLabourBegging"] = "1" if ExploitationType.FORCED_BEGGING in known else "0"
    # CTDC concatenates the components in alphabetical order, separated by ";".
    components = sorted({CTDC_EXPLOITATION_COMPONENT[flag] for flag in flags})
    columns["typeOfExploitConcatenated"] = ";".join(components)
    return columns


def ctdc_row(fact: CaseFact, *, country_of_exploitation: str) -> dict[str, str]:
    """One case's facts as a row of CTDC's global dataset.

    `country_of_exploitation` is the country where the child was identified and assisted (CTDC's
    own proxy for the last country of exploitation), as an ISO alpha-3 or alpha-2 code.
    """
    row = dict.fromkeys(ctdc_columns(), "")
    row.update(
        {
            "yearOfRegistration": str(fact.month.year),
            "Datasource": CASE_MANAGEMENT,
            "gender": CTDC_GENDER.get(fact.sex, ""),
            "ageBroad": ctdc_age_band(fact.age_years),
            "majorityStatus": _majority_status(fact.age_years),
            "citizenship": ctdc_country(fact.nationality),
            "CountryOfExploitation": ctdc_country(country_of_exploitation),
        }
    )
    row.update(_exploitation_columns(list(fact.exploitation or [])))
    return row


Row = dict[str, str]


def _class_key(row: Row, quasi_identifiers: Sequence[str]) -> tuple[str, ...]:
    return tuple(row.get(qi, "") for qi in quasi_identifiers)


def k_anonymity(rows: Iterable[Row], quasi_identifiers: Sequence[str]) -> int:
    """The size of the smallest equivalence class: the fewest rows sharing one combination of
    quasi-identifier values (0 for no rows)."""
    sizes = Counter(_class_key(row, quasi_identifiers) for row in rows)
    return min(sizes.values(), default=0)


def _small_classes(rows: list[Row], quasi_identifiers: Sequence[str], k: int) -> bool:
    return 0 < k_anonymity(rows, quasi_identifiers) < k


def _recode_rare(
    rows: list[Row],
    column: str,
    k: int,
    generalise: Callable[[str], str],
    recoded: dict[str, dict[str, str]],
) -> None:
    """Replace each value of a column held by fewer than k rows with its generalisation."""
    counts = Counter(row.get(column, "") for row in rows)
    mapping = {
        value: generalise(value)
        for value, count in counts.items()
        if value and count < k and generalise(value) != value
    }
    if not mapping:
        return
    for row in rows:
        value = row.get(column, "")
        if value in mapping:
            row[column] = mapping[value]
    done = recoded.setdefault(column, {})
    produced = set(done.values())
    for original, new in mapping.items():
        # A value recoded twice (a country, then its rare region) is reported as it ended.
        for earlier, middle in list(done.items()):
            if middle == original:
                done[earlier] = new
        if original not in produced:
            done[original] = new


def _merged_band(label: str) -> str:
    for band, low, _high in ctdc_age_bands():
        if band == label:
            return MINOR_BAND if low < 18 else ADULT_BAND
    return label


@functools.cache
def _regions() -> frozenset[str]:
    return frozenset(row["region"] for row in _read(REGIONS_FILE) if row["region"])


def _country_to_region(code: str) -> str:
    """A country's M49 region, "Other" for a country without one; a region or "Other" as is."""
    if code == OTHER or code in _regions():
        return code
    return m49_region(code) or OTHER


def _region_to_other(code: str) -> str:
    return OTHER if code in _regions() else code


def _suppression_levels(quasi_identifiers: Sequence[str]) -> list[tuple[str, ...]]:
    """The sets of quasi-identifiers blanked in turn on a record in too small a class: the most
    identifying first (citizenship, then age), the year of registration last."""
    order = [
        ("citizenship",),
        ("ageBroad", "majorityStatus"),
        ("gender",),
        ("CountryOfExploitation",),
    ]
    levels: list[tuple[str, ...]] = []
    blanked: list[str] = []
    for group in order:
        present = [qi for qi in group if qi in quasi_identifiers]
        if present:
            blanked.extend(present)
            levels.append(tuple(blanked))
    rest = [qi for qi in quasi_identifiers if qi not in blanked]
    if rest:
        levels.append(tuple(blanked + rest))
    return levels


def k_anonymise(
    rows: Iterable[Row], *, quasi_identifiers: Sequence[str], k: int = CTDC_K
) -> tuple[list[Row], dict[str, Any]]:
    """Make the rows k-anonymous over the quasi-identifiers, keeping as much as possible.

    First global recoding, only while some class is smaller than k, and only of rare values (held
    by fewer than k rows): a citizenship or country of exploitation becomes its UN M49 region,
    then a rare region "Other"; a rare age band is merged into "0--17" or "18+". Then local
    suppression, CTDC style: on each record still in a class smaller than k the quasi-identifiers
    are blanked in turn (citizenship, then age, gender, country of exploitation, the rest). A
    blanked record joins the class of its new values; it stays once that class holds k records,
    and is withheld (dropped) if even blanking every quasi-identifier leaves it in a class smaller
    than k. Classes of k or more records are never touched by suppression.

    Returns the rows and a report: the k reached (the smallest class, measured on the result), the
    records released, those with values blanked, those withheld, and the values recoded.
    """
    qis = tuple(quasi_identifiers)
    work = [dict(row) for row in rows]
    recoded: dict[str, dict[str, str]] = {}

    steps: list[tuple[str, Callable[[str], str]]] = [
        ("citizenship", _country_to_region),
        ("citizenship", _region_to_other),
        ("CountryOfExploitation", _country_to_region),
        ("CountryOfExploitation", _region_to_other),
        ("ageBroad", _merged_band),
    ]
    for column, generalise in steps:
        if column in qis and _small_classes(work, qis, k):
            _recode_rare(work, column, k, generalise, recoded)

    sizes = Counter(_class_key(row, qis) for row in work)
    kept = [row for row in work if sizes[_class_key(row, qis)] >= k]
    pending = [row for row in work if sizes[_class_key(row, qis)] < k]
    suppressed = 0
    for level in _suppression_levels(qis):
        if not pending:
            break
        trial = [{**row, **dict.fromkeys(level, "")} for row in pending]
        sizes = Counter(_class_key(row, qis) for row in kept)
        sizes.update(_class_key(row, qis) for row in trial)
        settled = [row for row in trial if sizes[_class_key(row, qis)] >= k]
        suppressed += len(settled)
        kept.extend(settled)
        pending = [
            original
            for original, row in zip(pending, trial, strict=True)
            if sizes[_class_key(row, qis)] < k
        ]
    report: dict[str, Any] = {
        "k": k_anonymity(kept, qis),
        "k_required": k,
        "quasi_identifiers": list(qis),
        "records": len(kept),
        "suppressed_records": suppressed,
        "withheld_records": len(pending),
        "recoded": recoded,
    }
    return kept, report

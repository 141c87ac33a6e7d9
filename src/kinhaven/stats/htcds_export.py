"""The HTCDS 2.0 case export: one identified record per case, in the field names and picklist
codes of the Human Trafficking Case Data Standard 2.0.

`data/htcds_2_0_export_fields.csv` lists the fields exported, copied from the standard's field
list (UNMigration/HTCDS, "HTCDS Field Standards 2.0.ods", commit 3c2f6537; CC BY 4.0;
docs/statistics-exports.md). The picklist codes are those of `core/data/htcds_2_0_picklists.csv`;
each mapping below is declared with `htcds_mapping`, so a test holds it to that copy.

`htcds_row` is a pure function: the caller reads the child, the case and the child's decisions
through the access functions, which decide who may export identified records.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING

import pycountry

from kinhaven.cases.enums import CaseStatus
from kinhaven.children.enums import Sex
from kinhaven.core.htcds import htcds_mapping
from kinhaven.core.validation import language_lookup
from kinhaven.identification.selectors import identification_status
from kinhaven.intake.enums import ExploitationType

if TYPE_CHECKING:
    from kinhaven.cases.models import Case
    from kinhaven.children.models import Child
    from kinhaven.identification.models import IdentificationDecision

FIELDS_FILE = "htcds_2_0_export_fields.csv"

# HTCDS stores a multiselect picklist as its codes separated by ";" (as Salesforce does, which
# the standard's fields are modelled on).
MULTISELECT_SEPARATOR = ";"

# HTCDS has no field for sex: prs_Gender is gender expression (docs/htcds.md). The recorded sex
# is exported as the nearest value; a sex recorded as "other" is no gender and stays empty.
HTCDS_GENDER = htcds_mapping(
    "prs_Gender",
    {
        Sex.FEMALE: "Feminine",
        Sex.MALE: "Masculine",
        Sex.OTHER: None,
        Sex.UNKNOWN: "NonSpecifiedUnknown",
    },
)

# Every open status of our case workflow is an active case for HTCDS; HTCDS's "FollowUp" and
# "ClosedReferred" are not statuses Kinhaven has.
HTCDS_CASE_STATUS = htcds_mapping(
    "cas_Status",
    {
        CaseStatus.REPORTED: "Active",
        CaseStatus.ASSESSMENT: "Active",
        CaseStatus.POSSIBLE_VICTIM: "Active",
        CaseStatus.AT_RISK: "Active",
        CaseStatus.IN_CARE: "Active",
        CaseStatus.CLOSED: "Closed",
    },
)


@functools.cache
def _field_rows() -> tuple[dict[str, str], ...]:
    data = resources.files("kinhaven.stats").joinpath("data", FIELDS_FILE)
    with data.open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["position"]))
    return tuple(rows)


def htcds_fields() -> list[str]:
    """The HTCDS 2.0 fields the export writes, in order."""
    return [row["field"] for row in _field_rows()]


def htcds_field_picklists() -> dict[str, str]:
    """The exported fields coded by an HTCDS picklist: field -> list name."""
    return {row["field"]: row["values"] for row in _field_rows() if row["values"] == row["field"]}


def _mapped(mapping: Mapping[str, str | None], value: str) -> str:
    return mapping.get(value) or ""


def _birthdate(child: Child) -> str:
    # prs_Birthdate is a date: a date of birth known only in part is not one.
    if child.birth_year and child.birth_month and child.birth_day:
        return f"{child.birth_year:04d}-{child.birth_month:02d}-{child.birth_day:02d}"
    return ""


def _language(code: str) -> str:
    """An ISO 639-2 code for a language recorded as ISO 639-1 or 639-3 ('' if unknown)."""
    found = language_lookup(code)
    if found is None:
        return ""
    # pycountry's alpha_3 is ISO 639-2/T for the languages ISO 639-2 has.
    return str(found.alpha_3)


def _exploitation(forms: Sequence[str]) -> str:
    recorded = set(forms)
    return MULTISELECT_SEPARATOR.join(form for form in ExploitationType if form in recorded)


def htcds_row(
    child: Child,
    case: Case,
    *,
    decisions: Sequence[IdentificationDecision],
    exploitation: list[str],
) -> dict[str, str]:
    """One child's case as an HTCDS 2.0 record (identified: names and date of birth).

    `decisions` are the child's identification decisions in the order recorded; the status in
    force is exported with the type of the organisation that decided it. `exploitation` are the
    forms of exploitation recorded on the case (vic_TypeOfExploitation codes).
    """
    status = identification_status(list(decisions))
    decision = status.decision
    languages = [code for code in (_language(c) for c in child.languages or []) if code]
    row = dict.fromkeys(htcds_fields(), "")
    row.update(
        {
            "prs_FirstName": child.given_name or child.given_name_latin,
            "prs_SecondName": child.family_name or child.family_name_latin,
            "prs_Birthdate": _birthdate(child),
            "prs_Gender": _mapped(HTCDS_GENDER, child.sex),
            # HTCDS takes ISO 3166 codes; Kinhaven records alpha-3 (or a code for the stateless
            # and refugees, which ISO 3166 does not have).
            "prs_Citizenship": child.nationality
            if pycountry.countries.get(alpha_3=child.nationality or "-")
            else "",
            "prs_PrimaryLanguage": languages[0] if languages else "",
            "prs_SecondaryLanguage": languages[1] if len(languages) > 1 else "",
            "vic_TraffickingStatus": status.outcome or "",
            "vic_TraffickingStatusDecisionMakingOrg": decision.organisation if decision else "",
            "vic_TypeOfExploitation": _exploitation(exploitation),
            "cas_Status": _mapped(HTCDS_CASE_STATUS, case.status),
        }
    )
    return {field: row[field] for field in htcds_fields()}

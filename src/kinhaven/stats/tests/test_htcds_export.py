"""The HTCDS 2.0 case export, held to the vendored field list and the standard's picklists."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.models import Case
from kinhaven.children.enums import Sex
from kinhaven.children.models import Child
from kinhaven.core.htcds import htcds_codes, htcds_picklists
from kinhaven.identification.enums import DecisionMakingOrg, Stage, TraffickingStatus
from kinhaven.identification.models import IdentificationDecision
from kinhaven.intake.enums import ExploitationType
from kinhaven.stats.htcds_export import (
    HTCDS_CASE_STATUS,
    HTCDS_GENDER,
    MULTISELECT_SEPARATOR,
    htcds_field_picklists,
    htcds_fields,
    htcds_row,
)


def _vendored() -> list[dict[str, str]]:
    data = resources.files("kinhaven.stats").joinpath("data", "htcds_2_0_export_fields.csv")
    with data.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _child(**overrides) -> Child:
    values = {
        "given_name": "Olena",
        "family_name": "Kovalenko",
        "sex": Sex.FEMALE,
        "birth_year": 2010,
        "birth_month": 4,
        "birth_day": 9,
        "nationality": "UKR",
        "languages": ["uk", "rus"],
    }
    values.update(overrides)
    return Child(**values)


def _decision(stage: str, outcome: str, organisation: str) -> IdentificationDecision:
    return IdentificationDecision(stage=stage, outcome=outcome, organisation=organisation)


def _row(child=None, status=CaseStatus.IN_CARE, decisions=None, exploitation=None):
    return htcds_row(
        child or _child(),
        Case(status=status),
        decisions=decisions
        if decisions is not None
        else [
            _decision(Stage.PRELIMINARY, TraffickingStatus.POSSIBLE_VICTIM, DecisionMakingOrg.NGO),
            _decision(Stage.CONCLUSIVE, TraffickingStatus.ACTUAL_VICTIM, DecisionMakingOrg.POLICE),
        ],
        exploitation=exploitation
        if exploitation is not None
        else [ExploitationType.SEXUAL_EXPLOITATION, ExploitationType.FORCED_BEGGING],
    )


def test_the_fields_are_the_vendored_ones_and_all_htcds_names() -> None:
    assert htcds_fields() == [row["field"] for row in _vendored()]
    assert all(field.split("_", 1)[0] in {"prs", "vic", "cas"} for field in htcds_fields())
    assert list(_row()) == htcds_fields()


def test_every_picklist_field_names_a_list_of_the_standard() -> None:
    picklists = htcds_field_picklists()
    assert set(picklists) == {
        "prs_Gender",
        "vic_TraffickingStatus",
        "vic_TraffickingStatusDecisionMakingOrg",
        "vic_TypeOfExploitation",
        "cas_Status",
    }
    assert set(picklists.values()) <= set(htcds_picklists())


@pytest.mark.parametrize(
    ("mapping", "list_name", "ours"),
    [(HTCDS_GENDER, "prs_Gender", Sex), (HTCDS_CASE_STATUS, "cas_Status", CaseStatus)],
)
def test_the_mappings_cover_our_codes_and_lead_to_htcds_codes(mapping, list_name, ours) -> None:
    assert set(mapping) == set(ours)
    assert {code for code in mapping.values() if code} <= htcds_codes(list_name)


def test_a_row_holds_picklist_codes_of_the_standard() -> None:
    for sex in Sex:
        for status in CaseStatus:
            row = _row(child=_child(sex=sex), status=status, exploitation=list(ExploitationType))
            for field, list_name in htcds_field_picklists().items():
                if row[field]:
                    codes = set(row[field].split(MULTISELECT_SEPARATOR))
                    assert codes <= htcds_codes(list_name), (field, codes)


def test_a_row_maps_the_child_the_case_and_the_decision_in_force() -> None:
    row = _row()
    assert row["prs_FirstName"] == "Olena"
    assert row["prs_SecondName"] == "Kovalenko"
    assert row["prs_Birthdate"] == "2010-04-09"
    assert row["prs_Gender"] == "Feminine"
    assert row["prs_Citizenship"] == "UKR"
    assert row["prs_PrimaryLanguage"] == "ukr"
    assert row["prs_SecondaryLanguage"] == "rus"
    assert row["vic_TraffickingStatus"] == "ActualVictimOfTrafficking"
    assert row["vic_TraffickingStatusDecisionMakingOrg"] == "Police"
    assert row["vic_TypeOfExploitation"] == "SexualExploitation;ForcedBegging"
    assert row["cas_Status"] == "Active"


def test_what_htcds_cannot_hold_stays_empty() -> None:
    child = _child(birth_day=None, nationality="XXA", sex=Sex.OTHER, languages=["zz"])
    row = _row(child=child, status=CaseStatus.CLOSED, decisions=[], exploitation=[])
    assert row["prs_Birthdate"] == ""
    assert row["prs_Citizenship"] == ""
    assert row["prs_Gender"] == ""
    assert row["prs_PrimaryLanguage"] == ""
    assert row["vic_TraffickingStatus"] == ""
    assert row["vic_TraffickingStatusDecisionMakingOrg"] == ""
    assert row["vic_TypeOfExploitation"] == ""
    assert row["cas_Status"] == "Closed"

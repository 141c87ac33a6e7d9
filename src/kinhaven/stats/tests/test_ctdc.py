"""The CTDC rows and their k-anonymisation, held to the vendored CTDC columns and codes."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from importlib import resources

import pytest

from kinhaven.children.enums import Sex
from kinhaven.intake.enums import ExploitationType
from kinhaven.stats.ctdc import (
    CTDC_EXPLOITATION_COMPONENT,
    CTDC_EXPLOITATION_FLAG,
    CTDC_GENDER,
    CTDC_K,
    CTDC_QUASI_IDENTIFIERS,
    ctdc_age_band,
    ctdc_columns,
    ctdc_filled_columns,
    ctdc_row,
    ctdc_values,
    k_anonymise,
    k_anonymity,
)
from kinhaven.stats.models import CaseFact

QI = CTDC_QUASI_IDENTIFIERS


def _vendored(name: str) -> list[dict[str, str]]:
    data = resources.files("kinhaven.stats").joinpath("data", name)
    with data.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _fact(**overrides) -> CaseFact:
    values = {
        "case_id": 987654,
        "record_key": 123456789,
        "month": dt.date(2025, 3, 1),
        "region": "R1",
        "agency_id": 4242,
        "status": "in_care",
        "trafficking_status": "ActualVictimOfTrafficking",
        "age_group": "15-17",
        "age_years": 16,
        "sex": Sex.FEMALE,
        "nationality": "UKR",
        "channel": "hotline",
        "exploitation": [ExploitationType.SEXUAL_EXPLOITATION, ExploitationType.FORCED_BEGGING],
        "tracing": "no_request",
        "refreshed_at": dt.datetime(2025, 3, 2, tzinfo=dt.UTC),
    }
    values.update(overrides)
    return CaseFact(**values)


def test_the_columns_are_the_vendored_ctdc_header_in_order() -> None:
    vendored = _vendored("ctdc_global_columns.csv")
    assert ctdc_columns() == [row["column"] for row in vendored]
    assert len(ctdc_columns()) == len(set(ctdc_columns()))
    assert {"yearOfRegistration", "ageBroad", "citizenship", "CountryOfExploitation"} <= set(
        ctdc_columns()
    )
    assert set(QI) <= set(ctdc_columns())


def test_a_row_has_every_column_and_fills_exactly_the_columns_marked_filled() -> None:
    row = ctdc_row(_fact(), country_of_exploitation="DEU")
    assert list(row) == ctdc_columns()
    filled = {column for column, value in row.items() if value}
    assert filled == ctdc_filled_columns()


def test_coded_values_are_ctdc_codes() -> None:
    values = ctdc_values()
    rows = [
        ctdc_row(_fact(sex=sex, age_years=age, exploitation=[form]), country_of_exploitation="DE")
        for sex in Sex
        for age in (None, 0, 8, 9, 17, 18, 20, 47, 48, 90)
        for form in ExploitationType
    ]
    for row in rows:
        for column, codes in values.items():
            if column == "typeOfExploitConcatenated":
                assert set(row[column].split(";")) <= set(codes)
            elif row[column]:
                assert row[column] in codes, (column, row[column])


def test_our_codes_all_map_to_ctdc_codes() -> None:
    assert set(CTDC_GENDER.values()) <= set(ctdc_values()["gender"])
    # "Other" sex has no CTDC gender on purpose; every other sex has one.
    assert {str(sex) for sex in Sex} - set(CTDC_GENDER) == {Sex.OTHER}
    assert set(CTDC_EXPLOITATION_FLAG) == set(ExploitationType)
    assert set(CTDC_EXPLOITATION_FLAG.values()) <= set(ctdc_filled_columns())
    assert set(CTDC_EXPLOITATION_COMPONENT.values()) <= set(
        ctdc_values()["typeOfExploitConcatenated"]
    )


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (None, ""),
        (0, "0--8"),
        (8, "0--8"),
        (9, "9--17"),
        (17, "9--17"),
        (18, "18--20"),
        (47, "39--47"),
        (48, "48+"),
        (99, "48+"),
    ],
)
def test_age_bands_are_ctdcs(age, band) -> None:
    assert ctdc_age_band(age) == band
    assert band == "" or band in ctdc_values()["ageBroad"]


def test_a_row_maps_our_codes() -> None:
    row = ctdc_row(_fact(), country_of_exploitation="DEU")
    assert row["yearOfRegistration"] == "2025"
    assert row["gender"] == "Female"
    assert row["ageBroad"] == "9--17"
    assert row["majorityStatus"] == "Minor"
    assert row["citizenship"] == "UA"
    assert row["CountryOfExploitation"] == "DE"
    assert row["isSexualExploit"] == "1"
    assert row["isForcedLabour"] == "1"
    assert row["isSexAndLabour"] == "1"
    assert row["typeOfLabourBegging"] == "1"
    assert row["isOrganRemoval"] == "0"
    assert row["typeOfExploitConcatenated"] == "Forced labour and/or services;Sexual exploitation"


def test_what_we_do_not_hold_stays_empty() -> None:
    row = ctdc_row(
        _fact(age_years=None, nationality="XXA", sex=Sex.OTHER, exploitation=[]),
        country_of_exploitation="",
    )
    for column in (
        "ageBroad",
        "majorityStatus",
        "citizenship",
        "gender",
        "isForcedLabour",
        "typeOfExploitConcatenated",
        "CountryOfExploitation",
    ):
        assert row[column] == ""


def test_a_row_holds_no_id_name_or_date() -> None:
    fact = _fact()
    row = ctdc_row(fact, country_of_exploitation="DEU")
    for column in row:
        lowered = column.lower()
        assert "id" not in lowered.replace("idential", "").replace("bid", "")
        assert "name" not in lowered
        assert "birth" not in lowered
    values = set(row.values())
    for held in (fact.case_id, fact.record_key, fact.agency_id, fact.month.isoformat(), "R1"):
        assert str(held) not in values


def _generated_rows() -> list[dict[str, str]]:
    """Common combinations (30 rows each) and rare ones: single children of rare citizenships
    and ages, spread over years."""
    rng = random.Random(7)  # noqa: S311  # test data
    common = [
        ("2024", "Female", "9--17", "Minor", "UA", "DE"),
        ("2024", "Male", "9--17", "Minor", "UA", "DE"),
        ("2025", "Female", "0--8", "Minor", "SY", "DE"),
        ("2025", "Female", "9--17", "Minor", "AF", "DE"),
    ]
    rows = [dict(zip(QI, combo, strict=True)) for combo in common for _ in range(30)]
    rare_countries = ["BT", "NR", "IS", "BO", "MN", "TV", "LS", "UA", "SY", "FJ", "PE"]
    rare_bands = ["18--20", "21--23", "48+", "0--8", "9--17"]
    for _ in range(60):
        band = rng.choice(rare_bands)
        rows.append(
            {
                "yearOfRegistration": rng.choice(["2023", "2024", "2025"]),
                "gender": rng.choice(["Female", "Male", "Unknown"]),
                "ageBroad": band,
                "majorityStatus": "Minor" if band in ("0--8", "9--17") else "Adult",
                "citizenship": rng.choice(rare_countries),
                "CountryOfExploitation": rng.choice(["DE", "DE", "DE", "PL"]),
            }
        )
    for row in rows:
        row["isSexualExploit"] = "1"
    return rows


def test_k_anonymise_reaches_k_and_keeps_the_common_classes() -> None:
    rows = _generated_rows()
    assert k_anonymity(rows, QI) < CTDC_K

    released, report = k_anonymise(rows, quasi_identifiers=QI, k=CTDC_K)

    assert k_anonymity(released, QI) >= CTDC_K
    assert report["k"] == k_anonymity(released, QI)
    assert report["records"] == len(released)
    assert report["records"] + report["withheld_records"] == len(rows)
    before = Counter(tuple(r[q] for q in QI) for r in rows)
    after = Counter(tuple(r[q] for q in QI) for r in released)
    for combo, count in before.items():
        if count >= 30:
            # Untouched: no value of theirs recoded or blanked, none of them withheld.
            assert after[combo] >= count
    # Rare citizenships were generalised to their region, and reported.
    assert report["recoded"]["citizenship"]["BT"] in {"Asia", "Other"}
    # Something of the rare rows was kept rather than all withheld.
    assert report["withheld_records"] < 60
    assert all(row["isSexualExploit"] == "1" for row in released)


def test_rows_already_k_anonymous_are_left_as_they_are() -> None:
    rows = [dict(zip(QI, ("2024", "Male", "9--17", "Minor", "UA", "DE"), strict=True))] * 11
    released, report = k_anonymise(rows, quasi_identifiers=QI, k=11)
    assert released == rows
    assert report["recoded"] == {}
    assert report["suppressed_records"] == report["withheld_records"] == 0


def test_blanked_records_that_add_up_to_k_are_kept() -> None:
    common = [dict(zip(QI, ("2024", "Male", "9--17", "Minor", "UA", "DE"), strict=True))] * 20
    # Twelve children, each alone in its class, who differ only in citizenship: blanking it
    # makes one class of twelve.
    countries = ["BT", "NR", "IS", "BO", "MN", "TV", "LS", "FJ", "PE", "CL", "KE", "JP"]
    rare = [
        dict(zip(QI, ("2024", "Female", "9--17", "Minor", country, "DE"), strict=True))
        for country in countries
    ]
    released, report = k_anonymise(common + rare, quasi_identifiers=QI, k=11)
    assert k_anonymity(released, QI) >= 11
    assert len(released) == 32
    assert report["withheld_records"] == 0
    # Their citizenships were recoded first; those still rare were then blanked.
    assert all(
        row["citizenship"] in {"", "Asia", "Americas", "Africa", "Europe", "Oceania", "Other"}
        for row in released[20:]
    )


def test_a_blanked_class_smaller_than_k_is_withheld() -> None:
    common = [dict(zip(QI, ("2024", "Male", "9--17", "Minor", "UA", "DE"), strict=True))] * 20
    # Five records that no blanking brings to eleven: even with every quasi-identifier blank they
    # are a class of five, so they are dropped rather than released.
    rare = [
        dict(zip(QI, (year, "Female", "48+", "Adult", "NR", "PL"), strict=True))
        for year in ("2019", "2020", "2021", "2022", "2023")
    ]
    released, report = k_anonymise(common + rare, quasi_identifiers=QI, k=11)
    assert released == common
    assert report["withheld_records"] == 5
    assert report["k"] == 20


def test_k_anonymity_measures_the_smallest_class() -> None:
    rows = [{"a": "1", "b": "x"}] * 3 + [{"a": "1", "b": "y"}] * 2 + [{"a": "2"}] * 5
    assert k_anonymity(rows, ["a", "b"]) == 2
    assert k_anonymity(rows, ["a"]) == 5
    assert k_anonymity([], ["a"]) == 0


def test_an_exports_row_tells_blanked_records_from_withheld_ones() -> None:
    from django.template.loader import render_to_string

    from kinhaven.stats.models import StatExport

    export = StatExport(
        kind="ctdc",
        file_format="csv",
        status="failed",
        rows=120,
        created_at=dt.datetime.now(dt.UTC),
        report={"k": 11, "suppressed_records": 7, "withheld_records": 1},
    )
    row = " ".join(render_to_string("stats/_export_row.html", {"export": export}).split())
    assert "7 records with values blanked" in row
    assert "1 record withheld" in row
    export.report = {"k": 11, "suppressed_records": 0, "withheld_records": 0}
    row = render_to_string("stats/_export_row.html", {"export": export})
    assert "blanked" not in row
    assert "withheld" not in row

"""Kinds of registrations the model is fitted on and measured on (synth.PROFILES), and the
comparisons they call for: chains of names without a family name, a neighbouring country's
nationality."""

import csv
from collections import Counter

import numpy as np
import pytest

from kinhaven.tracing.engine import pools
from kinhaven.tracing.engine.compare import FEATURES
from kinhaven.tracing.engine.matcher import Registry
from kinhaven.tracing.engine.normalize import normalize
from kinhaven.tracing.engine.regions import BORDERS, DATA, region, regions, share_border
from kinhaven.tracing.engine.synth import (
    FITTED,
    HELD_OUT,
    NEIGHBOURS,
    PROFILES,
    Child,
    Generator,
    dedupe_scenario,
    linkage_scenario,
)
from kinhaven.tracing.engine.train import training_pairs
from kinhaven.tracing.explain import describe, explanation


def _sightings(profile: str, n: int, seed: int = 3) -> list[tuple[Child, dict[str, str]]]:
    gen = Generator(seed, profile=profile)
    return [(c, gen.sighting(c, f"s{c.key}")) for c in gen.families(n)]


def test_the_held_out_profile_is_not_fitted_on() -> None:
    assert HELD_OUT in PROFILES
    assert HELD_OUT not in FITTED
    assert set(FITTED) <= set(PROFILES)
    assert len(FITTED) >= 3


def test_the_first_profile_is_the_generator_as_it_was() -> None:
    # The reception profile draws nothing the other kinds need: the same seed gives the same
    # records as a generator without a profile.
    assert (
        linkage_scenario(500, 50, seed=4).registry
        == linkage_scenario(500, 50, seed=4, profile="reception").registry
    )
    for child, row in _sightings("reception", 2000):
        assert child.middle is None
        assert not child.chain
        assert row["nationality"] in ("", child.origin.code)


def test_children_named_by_a_chain_have_the_family_field_filled_as_people_do() -> None:
    seen = _sightings("chains", 6000)
    chained = [(c, r) for c, r in seen if c.chain]
    somali = [c for c, _r in seen if c.origin.code == "SOM"]
    assert somali
    assert all(c.chain for c in somali)
    assert {c.origin.code for c, _r in chained} == {"AFG", "SOM"}
    kinds: Counter[str] = Counter()
    clans = {s for _n, spellings in pools.AFGHAN_TRIBES + pools.SOMALI_CLANS for s in spellings}
    for child, row in chained:
        family = row["family_name"]
        spellings = {
            "father": {child.father.native, *child.father.spellings},
            "grandfather": {child.grandfather.native, *child.grandfather.spellings},
        }
        if not family:
            kinds["none"] += 1
        elif family in spellings["father"]:
            kinds["father"] += 1
        elif family in spellings["grandfather"]:
            kinds["grandfather"] += 1
        elif family in clans:
            kinds["clan"] += 1
        else:
            kinds["other"] += 1
    # Names swapped (8%) or mistyped (5%) leave something else in the field.
    assert kinds["other"] < 0.15 * len(chained)
    assert min(kinds["none"], kinds["father"], kinds["grandfather"], kinds["clan"]) > 0
    assert kinds["father"] > kinds["grandfather"]


def test_a_neighbouring_country_is_recorded_as_the_nationality_in_some_profiles() -> None:
    seen = _sightings("borders", 4000)
    other = [(c, r) for c, r in seen if r["nationality"] not in ("", c.origin.code)]
    assert 0.1 < len(other) / len(seen) < 0.3
    for child, row in other:
        assert row["nationality"] in NEIGHBOURS[child.origin.code]


def test_each_profile_writes_its_own_share_of_names_in_native_script() -> None:
    # The mother's name, where written and where it has a native form, stands for any name.
    for profile in ("reception", "borders", "field"):
        native = [
            row["mother_name"] == child.mother.native
            for child, row in _sightings(profile, 8000)
            if row["mother_name"] and child.mother.native and child.mother.spellings
        ]
        share = PROFILES[profile].noise.native_script
        assert abs(sum(native) / len(native) - share) < 0.04, profile


def test_a_second_given_name_is_written_by_some_registrations_only() -> None:
    gen = Generator(8, profile="estimated")
    children = [c for c in gen.families(3000) if c.middle is not None]
    assert 0.2 < len(children) / 3000 < 0.4
    kept = 0
    for child in children:
        a = gen.sighting(child, "a", noise=PROFILES["estimated"].noise)
        words = a["given_name"].split() + a["family_name"].split()
        assert child.middle is not None
        middle = {child.middle.native, *child.middle.spellings}
        kept += any(" ".join(words[i : i + k]) in middle for i in range(len(words)) for k in (1, 2))
    assert 0.3 < kept / len(children) < 0.7
    ukrainian = next(c for c in children if c.origin.cyrillic)
    assert ukrainian.middle is not None
    assert ukrainian.middle.native.endswith(("ович", "івна", "ївна"))


def test_each_profile_fits_its_own_data() -> None:
    # Three profiles, each its own registry, one group per query.
    x, y, groups = training_pairs(
        n_registry=600, n_queries=60, seed=3, profiles=("reception", "chains", "borders")
    )
    assert x.shape[1] == len(FEATURES)
    assert len(np.unique(groups)) >= 30
    assert y.sum() >= 30
    with pytest.raises(ValueError, match="no profile"):
        training_pairs(n_registry=100, n_queries=10, seed=3, profiles=())


def test_the_regions_are_the_vendored_un_m49_table() -> None:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "alpha_3", "sub_region_code", "sub_region", "intermediate_region_code",
        "intermediate_region",
    ]  # fmt: skip
    assert len(rows) == 249
    by_code = {r["alpha_3"]: r for r in rows}
    assert by_code["AFG"]["sub_region"] == "Southern Asia"
    assert by_code["SOM"]["intermediate_region"] == "Eastern Africa"
    assert by_code["UKR"]["sub_region"] == "Eastern Europe"
    assert "ATA" not in regions()  # Antarctica is in no region
    assert region("AFG") == region("PAK") == region("IRN") == "034"
    assert region("SOM") == region("ETH") == region("ERI") == "014"
    assert region("gin") == region("NGA") == "011"
    assert region("SYR") == region("TUR") != region("AFG")
    assert region("XXX") == ""


def test_the_borders_are_the_vendored_geonames_table() -> None:
    with BORDERS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["alpha_2", "alpha_3", "country", "neighbours"]
    assert len(rows) == 252
    by_code = {r["alpha_3"]: r for r in rows}
    assert by_code["AFG"]["neighbours"] == "TM,CN,IR,TJ,PK,UZ"
    assert by_code["ERI"]["neighbours"] == "ET,SD,DJ"
    assert by_code["AUS"]["neighbours"] == ""
    pairs = [("AFG", "TJK"), ("tjk", "afg"), ("NGA", "CMR"), ("AFG", "SOM"), ("AFG", "AFG")]
    assert [share_border(a, b) for a, b in pairs] == [True, True, True, False, False]
    # Serbia and Montenegro (CS), dissolved, lists Albania; Albania no longer lists it back.
    assert "CS" not in by_code["ALB"]["neighbours"].split(",")
    assert share_border("ALB", "SCG")


def test_every_neighbour_the_generator_writes_borders_the_childs_country() -> None:
    # docs/tracing.md says so: on the profiles, the engine knows every neighbour written.
    pairs = [(origin, other) for origin, others in NEIGHBOURS.items() for other in others]
    assert len(pairs) >= 30
    assert [p for p in pairs if not share_border(*p)] == []


def test_a_neighbouring_nationality_is_not_a_mismatch() -> None:
    registry = Registry([{"id": "r", "given_name": "Hamid", "nationality": "AFG"}])
    queries = [
        {"id": "pak", "given_name": "Hamid", "nationality": "PAK"},  # Southern Asia, a border
        {"id": "tjk", "given_name": "Hamid", "nationality": "TJK"},  # Central Asia, a border
        {"id": "ind", "given_name": "Hamid", "nationality": "IND"},  # Southern Asia, no border
        {"id": "syr", "given_name": "Hamid", "nationality": "SYR"},
        {"id": "afg", "given_name": "Hamid", "nationality": "AFG"},
    ]
    q = registry.encoder.table(normalize(r) for r in queries)
    x, _p = registry.score(q, np.arange(5), np.zeros(5, dtype=np.int64))
    col = {name: x[:, FEATURES.index(name)].tolist() for name in FEATURES}
    assert col["nationality_region"] == [1, 1, 1, 0, 0]
    assert col["nationality_mismatch"] == [0, 0, 0, 1, 0]
    assert col["nationality_match"] == [0, 0, 0, 0, 1]
    levels = [{r["field"]: r["level"] for r in explanation(row)}["nationality"] for row in x]
    assert levels == ["region", "region", "region", "differ", "agree"]
    described = {r["field"]: r["level"] for r in describe(explanation(x[1]))}
    assert described["Nationality"] == "differ, but neighbouring or in one region of the world"


def test_a_family_name_that_is_the_other_records_father_or_second_name_is_not_far() -> None:
    registry = Registry([
        {"id": "r", "given_name": "Hamid", "family_name": "Ahmadzai", "father_name": "Nabi"},
    ])  # fmt: skip
    queries = [
        {"id": "father", "given_name": "Hamid", "family_name": "Nabi"},
        {"id": "chain", "given_name": "Hamid Ahmadzai", "family_name": "Karim"},
        {"id": "other", "given_name": "Hamid", "family_name": "Rahimi"},
    ]
    q = registry.encoder.table(normalize(r) for r in queries)
    x, _p = registry.score(q, np.arange(3), np.zeros(3, dtype=np.int64))
    assert x[:, FEATURES.index("family_far")].tolist() == [0, 0, 1]


def test_dedupe_scenarios_come_in_every_profile() -> None:
    for name in PROFILES:
        records, truth = dedupe_scenario(300, seed=2, profile=name)
        assert len(records) == 300
        assert set(truth) == {r["id"] for r in records}

from collections import Counter

import pytest

from kinhaven.intake.indicators import BY_CODE, INDICATORS, Dimension, element_present, screen


def test_every_indicator_is_coded_once_with_dimension_and_strength() -> None:
    assert len(BY_CODE) == len(INDICATORS)
    assert {i.dimension for i in INDICATORS} == set(Dimension)


@pytest.mark.parametrize(
    ("strong", "medium", "weak", "present"),
    [
        (0, 0, 0, False),
        (1, 0, 0, False),
        (0, 2, 0, False),
        (0, 1, 1, False),
        (2, 0, 0, True),
        (1, 1, 0, True),
        (1, 0, 1, True),
        (0, 3, 0, True),
        (0, 2, 1, True),
    ],
)
def test_element_thresholds(strong: int, medium: int, weak: int, present: bool) -> None:
    counts = Counter({"strong": strong, "medium": medium, "weak": weak})
    assert element_present(counts) is present


RECRUITMENT_AND_EXPLOITATION = ["dr_job", "dr_wages", "ex_no_pay", "ex_hours"]


def test_child_rule_recruitment_plus_exploitation_makes_a_possible_victim() -> None:
    result = screen(RECRUITMENT_AND_EXPLOITATION, child=True)
    assert result["suggestion"] == "possible_victim"
    assert result["rule"] == "child"
    assert set(result["elements"]) == {"deceptive_recruitment", "exploitation"}


def test_adult_rule_also_needs_coercion_or_vulnerability_at_destination() -> None:
    assert screen(RECRUITMENT_AND_EXPLOITATION, child=False)["suggestion"] == "further_assessment"
    with_means = [*RECRUITMENT_AND_EXPLOITATION, "cd_documents", "cd_violence"]
    assert screen(with_means, child=False)["suggestion"] == "possible_victim"


def test_exploitation_alone_is_not_enough_even_for_a_child() -> None:
    assert screen(["ex_no_pay", "ex_hours"], child=True)["suggestion"] == "further_assessment"
    assert screen([], child=True)["suggestion"] == "no_indication"

"""Worked cases of the screening rule: the indicators a practitioner would record, whether the
person is a child, what the screening suggests and why (docs/intake.md shows the same table).

The child rule is the Palermo Protocol's Art. 3(c)-(d): the act and the purpose of exploitation
suffice for a child, and some facts suffice alone (intake.indicators).
"""

from typing import NamedTuple

import pytest

from kinhaven.intake.indicators import screen


class Case(NamedTuple):
    codes: tuple[str, ...]
    child: bool
    suggestion: str
    why: str


POSSIBLE, FURTHER, NONE = "possible_victim", "further_assessment", "no_indication"

CASES: dict[str, Case] = {
    "child-prostitution-many-clients": Case(
        ("ex_sexual", "ex_clients", "cd_documents", "cd_violence"), True, POSSIBLE,
        "sexual exploitation of a child suffices alone; the child is also held at destination",
    ),
    "child-sold-into-begging-unpaid": Case(
        ("cr_abduction", "ex_worst_forms", "ex_no_pay"), True, POSSIBLE,
        "a child sold suffices alone; begging without pay is the exploitation",
    ),
    "adult-prostitution-same-facts": Case(
        ("ex_sexual", "ex_clients", "cd_documents", "cd_violence"), False, FURTHER,
        "for an adult no recruitment element is shown",
    ),
    "adult-deceived-exploited-coerced": Case(
        ("dr_job", "dr_wages", "ex_no_pay", "ex_hours", "cd_documents", "cd_violence"), False,
        POSSIBLE, "recruitment, exploitation and coercion at destination: the adult rule",
    ),
    "adult-deceived-exploited-no-means": Case(
        ("dr_job", "dr_wages", "ex_no_pay", "ex_hours"), False, FURTHER,
        "an adult needs coercion or abuse of vulnerability at destination as well",
    ),
    "child-deceived-and-exploited": Case(
        ("dr_job", "dr_wages", "ex_no_pay", "ex_hours"), True, POSSIBLE,
        "deceptive recruitment is the act, exploitation the purpose",
    ),
    "child-exploitation-only": Case(
        ("ex_no_pay", "ex_hours"), True, FURTHER,
        "exploitation without any act shown: child labour to assess further",
    ),
    "child-held-no-exploitation": Case(
        ("cd_documents", "cd_confinement"), True, FURTHER,
        "the child is held, but no exploitation is shown",
    ),
    "child-dependent-at-destination-exploited": Case(
        ("vd_dependency", "vd_communication", "vd_status", "ex_living", "ex_education"), True,
        POSSIBLE, "abuse of vulnerability at destination shows the harbouring; exploitation",
    ),
    "child-recruited-by-abuse-of-vulnerability": Case(
        ("rv_family", "rv_status", "rv_economic", "ex_hazardous", "ex_hours"), True, POSSIBLE,
        "recruitment by abuse of vulnerability (two medium, one weak) and hazardous work",
    ),
    "child-one-medium-recruitment-indicator": Case(
        ("dr_conditions", "ex_no_pay", "ex_living"), True, FURTHER,
        "one medium indicator does not establish recruitment",
    ),
    "nothing-recorded": Case((), True, NONE, "no indicators"),
    "child-weak-indicators-only": Case(
        ("rv_economic", "ex_health", "vd_past"), True, FURTHER,
        "weak indicators alone establish no element",
    ),
    "child-forced-marriage": Case(
        ("cr_abduction",), True, POSSIBLE, "forced marriage of a child suffices alone",
    ),
    "adult-abducted-only": Case(
        ("cr_abduction",), False, FURTHER, "for an adult one indicator is no element",
    ),
    "child-in-pornography": Case(
        ("ex_sexual",), True, POSSIBLE, "sexual exploitation of a child suffices alone",
    ),
    "adult-in-prostitution-only": Case(
        ("ex_sexual",), False, FURTHER, "for an adult, exploitation alone is not enough",
    ),
    "child-recruited-by-violence-exploited": Case(
        ("cr_violence", "cr_threats", "ex_no_pay", "ex_earnings"), True, POSSIBLE,
        "violence (strong) and threats establish coercive recruitment; exploitation",
    ),
    "child-violence-and-no-pay-each-alone": Case(
        ("cr_violence", "ex_no_pay"), True, FURTHER,
        "one strong indicator in each dimension establishes neither element",
    ),
    "child-debt-bondage-hazardous-work": Case(
        ("cd_debt", "cd_wages", "ex_hours", "ex_hazardous"), True, POSSIBLE,
        "debt bondage at destination shows the child held; excessive and hazardous work",
    ),
    "child-forced-into-crime": Case(
        ("cd_criminal", "cd_lie", "cd_threats", "ex_worst_forms", "ex_no_pay"), True, POSSIBLE,
        "three medium indicators of coercion at destination; criminal activities unpaid",
    ),
    "child-deceived-not-yet-exploited": Case(
        ("dr_education", "dr_family_reunion", "dr_travel"), True, FURTHER,
        "deceptive recruitment is shown, but no exploitation yet",
    ),
}  # fmt: skip


def test_there_are_at_least_twenty_worked_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("name", list(CASES))
def test_each_worked_case_comes_out_as_expected(name: str) -> None:
    case = CASES[name]
    result = screen(list(case.codes), child=case.child)
    assert result["suggestion"] == case.suggestion, case.why


def test_the_explanation_names_the_elements_and_their_indicators() -> None:
    result = screen(["ex_sexual", "ex_clients", "cd_documents", "cd_violence"], child=True)
    assert result["met_by"] == {
        "coercion_destination": ["cd_documents", "cd_violence"],
        "exploitation": ["ex_clients", "ex_sexual"],
    }
    assert result["sufficient"] == ["ex_sexual"]
    assert (result["act"], result["exploitation"], result["rule"]) == (True, True, "child")

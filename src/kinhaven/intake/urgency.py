"""How urgent a report is, from the child's risk factors: the rules as data, and their reading.

Each rule names one fact of the report and what it does to the grade: some facts set a minimum
grade on their own (the child is in danger now, missing, or shows signs of trafficking); the
child's own vulnerabilities (young, alone, without papers) each carry a weight, and the weights
together set a minimum grade (VULNERABILITY_GRADES). The grade is the highest any rule gives;
with no rule, a report is a concern. Every rule cites its source; every number says why it is
what it is. docs/intake.md ("Urgency rules") is the same table in words, and
intake/tests/test_urgency.py ties the two together.

The rules raise the grade, never lower it: a person triaging the report decides the grade, and
the page shows beside it the grade the rules give and the rules that fired.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinhaven.intake.enums import Accompanied, ChildDocuments, Urgency

# The grades, the most urgent first: the triage queue's order.
GRADE_ORDER: tuple[Urgency, ...] = (
    Urgency.IMMEDIATE_DANGER,
    Urgency.MISSING_CHILD,
    Urgency.SUSPECTED_TRAFFICKING,
    Urgency.CONCERN,
)

# A child under this age is young for the rules. Why 13: below it no work at all is lawful
# (ILO Minimum Age Convention, 1973 (No. 138), Art. 7(1): light work from 13 at the earliest),
# so a child younger than that cannot keep themselves by any lawful means and depends on an
# adult entirely; alone, such a child is the easiest to recruit and control (the OSCE seeds,
# seeds/002: children "separated from their families ... are at risk of falling victim to labour
# and sexual exploitation"). A policy default: a country may set its own here.
YOUNG_CHILD_UNDER = 13

# The sum of the vulnerability weights that raises the grade to at least this (highest first).
# Why these: being alone weighs 2 and each aggravating fact 1, so alone with one more factor
# (3) is urgent, to be triaged within the hour (the deadline rule report_triage_urgent), and all
# three (4) is the top grade; a young child or a child without papers who is with a parent (2 or
# less) stays a concern unless another rule fires.
VULNERABILITY_GRADES: tuple[tuple[int, Urgency], ...] = (
    (4, Urgency.IMMEDIATE_DANGER),
    (3, Urgency.SUSPECTED_TRAFFICKING),
)


@dataclass(frozen=True)
class Facts:
    """What the rules read of a report."""

    immediate_danger: bool
    child_missing: bool
    exploitation_types: tuple[str, ...]
    indicators: tuple[str, ...]
    age: int | None
    accompanied: str
    documents: str


@dataclass(frozen=True)
class UrgencyRule:
    code: str
    label: Promise
    applies: Callable[[Facts], bool]
    source: Promise
    # The grade the fact gives on its own, or none.
    minimum: Urgency | None = None
    # What the fact adds to the child's vulnerability.
    weight: int = 0


RULES: tuple[UrgencyRule, ...] = (
    UrgencyRule(
        code="immediate_danger",
        label=_("The child is in danger now"),
        applies=lambda f: f.immediate_danger,
        minimum=Urgency.IMMEDIATE_DANGER,
        source=_(
            "Directive 2011/36/EU Art. 13: assistance to a child victim at once "
            "(DOMAIN.md, Law and standards)"
        ),
    ),
    UrgencyRule(
        code="missing",
        label=_("The child is missing"),
        applies=lambda f: f.child_missing,
        minimum=Urgency.MISSING_CHILD,
        source=_(
            "Missing Children Europe (2017): up to half of migrant children went missing "
            "from some reception centres within 48 hours; the first hours matter "
            "(DOMAIN.md, Missing children)"
        ),
    ),
    UrgencyRule(
        code="trafficking_indicators",
        label=_("Indicators of trafficking recorded"),
        applies=lambda f: bool(f.indicators),
        minimum=Urgency.SUSPECTED_TRAFFICKING,
        source=_(
            "ILO operational indicators of trafficking in children (2009), as screened at "
            "intake (intake/indicators.py; DOMAIN.md, Law and standards)"
        ),
    ),
    UrgencyRule(
        code="exploitation_suspected",
        label=_("Exploitation suspected"),
        applies=lambda f: bool(f.exploitation_types),
        minimum=Urgency.SUSPECTED_TRAFFICKING,
        source=_(
            "IOM HTCDS 2.0 types of exploitation (DOMAIN.md; docs/htcds.md), with Directive "
            "2024/1712's additions"
        ),
    ),
    UrgencyRule(
        code="alone",
        label=_("Unaccompanied or separated from the parents"),
        applies=lambda f: f.accompanied in (Accompanied.UNACCOMPANIED, Accompanied.SEPARATED),
        weight=2,
        source=_(
            "OSCE Alliance conference 2017 (seeds/002): children separated from their "
            "families are soft targets of traffickers; Directive 2011/36/EU Art. 16 on "
            "unaccompanied child victims (DOMAIN.md)"
        ),
    ),
    UrgencyRule(
        code="young",
        label=_("Younger than 13"),
        applies=lambda f: f.age is not None and f.age < YOUNG_CHILD_UNDER,
        weight=1,
        source=_(
            "ILO Minimum Age Convention No. 138 Art. 7(1): no work below 13 (see "
            "YOUNG_CHILD_UNDER); the age counted is the lowest the report allows, the benefit "
            "of the doubt (EUAA practical guide on age assessment, 2018; DOMAIN.md)"
        ),
    ),
    UrgencyRule(
        code="no_documents",
        label=_("No identity papers"),
        applies=lambda f: f.documents == ChildDocuments.NONE,
        weight=1,
        source=_(
            "CETS 197 Art. 10(4): the child's identity and nationality must be established "
            "(DOMAIN.md, Law and standards); the OSCE seeds (seeds/002, seeds/004) ask for "
            "safeguards for unaccompanied minors: guardianship, age assessment, family tracing"
        ),
    ),
)
BY_CODE: dict[str, UrgencyRule] = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class Assessment:
    grade: Urgency
    fired: tuple[UrgencyRule, ...]
    vulnerability: int

    def as_data(self) -> dict[str, Any]:
        """What is kept with the report: the grade, the rules that fired, the weights' sum."""
        return {
            "grade": self.grade.value,
            "rules": [rule.code for rule in self.fired],
            "vulnerability": self.vulnerability,
        }


def rank(grade: str) -> int:
    """The grade's place, 0 the most urgent; an unknown one last."""
    codes = [g.value for g in GRADE_ORDER]
    return codes.index(grade) if grade in codes else len(codes)


def higher(first: str, second: str) -> str:
    """The more urgent of two grades."""
    return first if rank(first) <= rank(second) else second


def lowest_age(*, age_estimate: int | None, date_of_birth: str, on: dt.date) -> int | None:
    """The lowest age the report allows on the day: an estimate, or a full or partial date of
    birth read to the child's benefit (a year alone may mean a birthday still to come)."""
    ages = []
    if age_estimate is not None:
        ages.append(age_estimate)
    if date_of_birth:
        parts = [int(p) for p in date_of_birth.split("-")]
        # A part left out is read as the latest it may be: the youngest the child can be.
        year = parts[0]
        month = parts[1] if len(parts) > 1 else 12
        day = parts[2] if len(parts) > 2 else 31
        before_birthday = (on.month, on.day) < (month, day)
        ages.append(max(on.year - year - int(before_birthday), 0))
    return min(ages) if ages else None


def facts_of(values: Mapping[str, Any], *, on: dt.date) -> Facts:
    """The rules' facts from a report's fields (a report, or the fields of one being made)."""
    return Facts(
        immediate_danger=bool(values.get("immediate_danger")),
        child_missing=bool(values.get("child_missing")),
        exploitation_types=tuple(values.get("exploitation_types") or ()),
        indicators=tuple(values.get("indicators") or ()),
        age=lowest_age(
            age_estimate=values.get("child_age_estimate"),
            date_of_birth=values.get("child_date_of_birth") or "",
            on=on,
        ),
        accompanied=values.get("accompanied") or Accompanied.UNKNOWN,
        documents=values.get("child_documents") or ChildDocuments.UNKNOWN,
    )


def assess(facts: Facts) -> Assessment:
    """The grade the rules give, and the rules that fired, in the table's order."""
    fired = tuple(rule for rule in RULES if rule.applies(facts))
    grade: str = Urgency.CONCERN
    for rule in fired:
        if rule.minimum is not None:
            grade = higher(grade, rule.minimum)
    vulnerability = sum(rule.weight for rule in fired)
    for threshold, minimum in VULNERABILITY_GRADES:
        if vulnerability >= threshold:
            grade = higher(grade, minimum)
            break
    return Assessment(Urgency(grade), fired, vulnerability)


# The report's fields the rules read.
FACT_FIELDS = (
    "immediate_danger",
    "child_missing",
    "exploitation_types",
    "indicators",
    "child_age_estimate",
    "child_date_of_birth",
    "accompanied",
    "child_documents",
)


def assess_report(report: Any) -> Assessment:
    """The grade the rules give a stored report as it stands, on the day it was received."""
    values = {name: getattr(report, name) for name in FACT_FIELDS}
    return assess(facts_of(values, on=timezone.localdate(report.received_at)))


def explain(basis: Mapping[str, Any]) -> list[UrgencyRule]:
    """The rules kept with a report, for its page and the API (a rule since removed is left
    out)."""
    return [BY_CODE[code] for code in basis.get("rules", ()) if code in BY_CODE]

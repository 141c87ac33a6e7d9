"""The risk grade of a missing episode, from the criteria held as data (RiskCriterion): the
highest level among the active criteria that apply, or the baseline where none does.

Two criteria the system finds on the child's file itself: trafficking indicators (an indicator
screening that found any, or an identification decision as a victim or possible victim) and an
age under 13. The reporter ticks the others (medical need, a known exploiter, any a country adds).
"""

from __future__ import annotations

from kinhaven.children.age import child_age_years
from kinhaven.children.models import Child
from kinhaven.identification.enums import TraffickingStatus
from kinhaven.identification.models import IdentificationDecision
from kinhaven.intake.models import Report
from kinhaven.missing.enums import (
    AUTO_TRAFFICKING,
    AUTO_UNDER_13,
    RISK_BASELINE,
    RISK_ORDER,
    RiskLevel,
)
from kinhaven.missing.models import RiskCriterion

UNDER_AGE = 13


def criteria_found(child: Child) -> set[str]:
    """The criteria the child's file shows by itself."""
    found: set[str] = set()
    screened = Report.objects.filter(child=child).exclude(indicators=[]).exists()
    identified = (
        IdentificationDecision.objects.filter(child=child)
        .exclude(outcome=TraffickingStatus.NOT_A_VICTIM)
        .exists()
    )
    if screened or identified:
        found.add(AUTO_TRAFFICKING)
    age = child_age_years(child)
    if age is not None and age < UNDER_AGE:
        found.add(AUTO_UNDER_13)
    return found


def risk_grade(codes: set[str]) -> tuple[RiskLevel, list[str]]:
    """The grade for the criteria that apply, and those of them active (in their order)."""
    active = list(RiskCriterion.objects.filter(active=True, code__in=codes))
    if not active:
        return RISK_BASELINE, []
    level = max((RiskLevel(c.level) for c in active), key=RISK_ORDER.__getitem__)
    return level, [c.code for c in active]

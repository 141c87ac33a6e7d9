"""Assessments and plans for tests of this app and of the apps that show them."""

from __future__ import annotations

from typing import Any

from kinhaven.core import time
from kinhaven.solutions.models import Assessment, Plan
from kinhaven.solutions.schemas import PlanIn, SolutionAssessmentIn
from kinhaven.solutions.services import assessment_record, plan_create

COUNTRY = "AFG"


def assessment_data(kind: str, conclusion: str, **changes: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "country": COUNTRY,
        "findings": "Visits and interviews with the family and local services.",
        "sources": "Social services report; an NGO partner on site.",
        "conclusion": conclusion,
        "measures": "Monthly follow-up by a local NGO."
        if conclusion in ("manageable", "able_with_support")
        else "",
        "assessed_on": time.today().isoformat(),
        **changes,
    }


def assessment_made(
    actor: Any, child: Any, kind: str, conclusion: str, **changes: Any
) -> Assessment:
    data = SolutionAssessmentIn.model_validate(assessment_data(kind, conclusion, **changes))
    return assessment_record(actor=actor, child=child, data=data)


def plan_made(actor: Any, child: Any, solution: str = "return", **changes: Any) -> Plan:
    data = {
        "solution": solution,
        "country": COUNTRY if solution != "local_integration" else "",
        "goals": "Safe return to the mother, schooling arranged.",
        **changes,
    }
    return plan_create(actor=actor, child=child, data=PlanIn.model_validate(data))

"""Assessments, plans with their steps, and departures as the API shows them."""

from __future__ import annotations

from typing import Any

from kinhaven.solutions.models import Assessment, Departure, Plan, PlanStep
from kinhaven.solutions.selectors import step_is_overdue


def assessment_out(assessment: Assessment, *, latest: bool) -> dict[str, Any]:
    return {
        "id": assessment.public_id,
        "kind": assessment.kind,
        "country": assessment.country,
        "findings": assessment.findings,
        "sources": assessment.sources,
        "conclusion": assessment.conclusion,
        "measures": assessment.measures,
        "assessed_on": assessment.assessed_on,
        "recorded_at": assessment.recorded_at,
        "latest": latest,
    }


def step_out(step: PlanStep) -> dict[str, Any]:
    return {
        "id": step.public_id,
        "what": step.what,
        "owner_id": step.owner.public_id,
        "owner": step.owner.username,
        "due_on": step.due_on,
        "done_on": step.done_on,
        "overdue": step_is_overdue(step),
    }


def plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.public_id,
        "case_id": plan.case.public_id,
        "solution": plan.solution,
        "country": plan.country,
        "goals": plan.goals,
        "status": plan.status,
        "bid_id": plan.bid.public_id if plan.bid is not None else None,
        "adopted_at": plan.adopted_at,
        "closed_at": plan.closed_at,
        "close_reasons": plan.close_reasons,
        "steps": [step_out(s) for s in plan.steps.all()],
    }


def departure_out(departure: Departure) -> dict[str, Any]:
    risk, family = departure.risk_assessment, departure.family_assessment
    return {
        "id": departure.public_id,
        "kind": departure.kind,
        "country": departure.country,
        "planned_on": departure.planned_on,
        "reasons": departure.reasons,
        "bid_id": departure.bid.public_id,
        "risk_assessment_id": risk.public_id if risk is not None else None,
        "family_assessment_id": family.public_id if family is not None else None,
        "decided_at": departure.decided_at,
    }

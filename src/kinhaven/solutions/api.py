"""Return and durable solutions over the API, under the child: /children/{child_id}/solutions."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.selectors import child_section_access_for
from kinhaven.solutions.access import access_plan_by_id, access_step_by_id
from kinhaven.solutions.presenters import assessment_out, departure_out, plan_out, step_out
from kinhaven.solutions.schemas import (
    DepartureIn,
    DepartureOut,
    PlanClosureIn,
    PlanIn,
    PlanOut,
    PlanStepDoneIn,
    PlanStepIn,
    PlanStepOut,
    SolutionAssessmentIn,
    SolutionAssessmentOut,
    SolutionsOut,
)
from kinhaven.solutions.selectors import (
    assessment_latest,
    assessments_for_child,
    assessments_latest_ids,
    departures_for_child,
    plan_with_steps,
    plans_for_child,
)
from kinhaven.solutions.services import (
    assessment_record,
    departure_decide,
    plan_adopt,
    plan_close,
    plan_create,
    plan_step_add,
    plan_step_complete,
)

# Mounted under /children: return and durable solutions belong to the child's file (care).
router = Router(tags=["durable solutions"])


@router.get("/{child_id}/solutions", response=SolutionsOut)
def solutions_overview(request: HttpRequest, child_id: uuid.UUID) -> dict[str, Any]:
    """The child's risk and family assessments (`latest`: the one that counts for its kind and
    country), durable-solution plans with their steps, and departure decisions, if you read the
    care section of the child's file (else empty lists)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    access = child_section_access_for(user, child)
    assessments = list(assessments_for_child(user=user, child=child, access=access))
    plans = list(plans_for_child(user=user, child=child, access=access))
    departures = list(departures_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="solution_assessment", records=assessments)
    audit_consultation(actor=user, object_type="solution_plan", records=plans)
    audit_consultation(actor=user, object_type="departure", records=departures)
    latest = assessments_latest_ids(assessments)
    return {
        "assessments": [assessment_out(a, latest=a.pk in latest) for a in assessments],
        "plans": [plan_out(p) for p in plans],
        "departures": [departure_out(d) for d in departures],
    }


@router.post("/{child_id}/solutions/assessments", response={201: SolutionAssessmentOut})
def solutions_assessment_create(
    request: HttpRequest, child_id: uuid.UUID, payload: SolutionAssessmentIn
) -> Status[dict[str, Any]]:
    """Record a risk or family assessment for a country; the latest for a country counts."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    assessment = assessment_record(actor=user, child=child, data=payload)
    latest = assessment_latest(child, assessment.kind, assessment.country)
    return Status(201, assessment_out(assessment, latest=latest == assessment))


@router.post("/{child_id}/solutions/plans", response={201: PlanOut})
def solutions_plan_create(
    request: HttpRequest, child_id: uuid.UUID, payload: PlanIn
) -> Status[dict[str, Any]]:
    """Draft a durable-solution plan; one live (draft or adopted) plan per child (409)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    plan = plan_create(actor=user, child=child, data=payload)
    return Status(201, plan_out(plan_with_steps(plan=plan)))


@router.post("/{child_id}/solutions/plans/{plan_id}/adoption", response=PlanOut)
def solutions_plan_adoption(
    request: HttpRequest, child_id: uuid.UUID, plan_id: uuid.UUID
) -> dict[str, Any]:
    """Adopt the draft plan (best_interests.approve): a current BID finding the durable
    solution (409 `bid`); a return plan also the return's conditions, a third-country plan a
    BID finding the relocation."""
    user = request_user(request)
    plan = access_plan_by_id(
        user, plan_id, child_id=child_id, action=AuditAction.SOLUTION_PLAN_READ_FOR_UPDATE
    )
    return plan_out(plan_with_steps(plan=plan_adopt(actor=user, plan=plan)))


@router.post("/{child_id}/solutions/plans/{plan_id}/closure", response=PlanOut)
def solutions_plan_closure(
    request: HttpRequest, child_id: uuid.UUID, plan_id: uuid.UUID, payload: PlanClosureIn
) -> dict[str, Any]:
    """Close the plan, achieved or abandoned, with the reasons (best_interests.approve)."""
    user = request_user(request)
    plan = access_plan_by_id(
        user, plan_id, child_id=child_id, action=AuditAction.SOLUTION_PLAN_READ_FOR_UPDATE
    )
    return plan_out(plan_with_steps(plan=plan_close(actor=user, plan=plan, data=payload)))


@router.post("/{child_id}/solutions/plans/{plan_id}/steps", response={201: PlanStepOut})
def solutions_step_create(
    request: HttpRequest, child_id: uuid.UUID, plan_id: uuid.UUID, payload: PlanStepIn
) -> Status[dict[str, Any]]:
    """Add a step with its owner (a user of the agency holding the child's record) and due
    date to a draft or adopted plan."""
    user = request_user(request)
    plan = access_plan_by_id(
        user, plan_id, child_id=child_id, action=AuditAction.SOLUTION_PLAN_READ_FOR_UPDATE
    )
    return Status(201, step_out(plan_step_add(actor=user, plan=plan, data=payload)))


@router.post("/{child_id}/solutions/steps/{step_id}/completion", response=PlanStepOut)
def solutions_step_completion(
    request: HttpRequest, child_id: uuid.UUID, step_id: uuid.UUID, payload: PlanStepDoneIn
) -> dict[str, Any]:
    """Mark the step done: its owner, or whoever writes the child's durable solutions."""
    user = request_user(request)
    step = access_step_by_id(
        user, step_id, child_id=child_id, action=AuditAction.SOLUTION_STEP_READ_FOR_UPDATE
    )
    return step_out(plan_step_complete(actor=user, step=step, data=payload))


@router.post("/{child_id}/solutions/departures", response={201: DepartureOut})
def solutions_departure_create(
    request: HttpRequest, child_id: uuid.UUID, payload: DepartureIn
) -> Status[dict[str, Any]]:
    """Decide that the child returns or is relocated (best_interests.approve). Refused, 409, in
    this order: no current BID finding it (`bid`); for a return, no risk assessment for the
    country or one finding a serious risk (`risk_assessment`), no family assessment for it or
    one finding the family not able (`family_assessment`)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    departure = departure_decide(actor=user, child=child, data=payload)
    return Status(201, departure_out(departure))

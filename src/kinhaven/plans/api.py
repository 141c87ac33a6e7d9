"""The case plan over the API, mounted under /cases/{case_id}/plan: read it, add goals and
actions, mark an action done, set the review date, record a review, submit a version and
decide on it."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.cases.access import access_case_by_id
from kinhaven.cases.models import Case
from kinhaven.plans.access import access_plan_action_by_id
from kinhaven.plans.models import CasePlan, PlanAction, PlanReview, PlanSubmission
from kinhaven.plans.schemas import (
    CasePlanOut,
    PlanActionIn,
    PlanActionOut,
    PlanDecisionIn,
    PlanGoalIn,
    PlanGoalOut,
    PlanReviewDateIn,
    PlanReviewIn,
    PlanReviewOut,
    PlanSubmissionOut,
)
from kinhaven.plans.selectors import action_overdue, plan_approved_submission, plan_for_case
from kinhaven.plans.services import (
    case_plan_action_add,
    case_plan_action_done,
    case_plan_decide,
    case_plan_goal_add,
    case_plan_review_date_set,
    case_plan_review_record,
    case_plan_submit,
)

router = Router(tags=["case plans"])


def _action(a: PlanAction) -> dict[str, Any]:
    return {
        "id": a.public_id,
        "description": a.description,
        "owner_id": a.owner.public_id,
        "owner": a.owner.username,
        "due_on": a.due_on,
        "goal_id": a.goal.public_id if a.goal_id and a.goal else None,
        "done_at": a.done_at,
        "overdue": action_overdue(a),
    }


def _review(r: PlanReview) -> dict[str, Any]:
    return {
        "id": r.public_id,
        "held_on": r.held_on,
        "held_by": r.held_by.username,
        "progress": r.progress,
        "outcome": r.outcome,
        "next_review_on": r.next_review_on,
    }


def _submission(s: PlanSubmission) -> dict[str, Any]:
    return {
        "id": s.public_id,
        "version": s.version,
        "state": s.state,
        "submitted_by": s.submitted_by.username,
        "submitted_at": s.submitted_at,
        "decided_by": s.decided_by.username if s.decided_by else None,
        "decided_at": s.decided_at,
        "sent_back_reasons": s.sent_back_reasons,
        "content": s.content,
    }


def _plan(case: Case, plan: CasePlan | None) -> dict[str, Any]:
    if plan is None:
        return {
            "case_id": case.public_id,
            "exists": False,
            "status": "draft",
            "version": 1,
            "review_on": None,
            "goals": [],
            "actions": [],
            "reviews": [],
            "submissions": [],
            "approved": None,
        }
    approved = plan_approved_submission(plan)
    return {
        "case_id": case.public_id,
        "exists": True,
        "status": plan.status,
        "version": plan.version,
        "review_on": plan.review_on,
        "goals": [{"id": g.public_id, "description": g.description} for g in plan.goals.all()],
        "actions": [_action(a) for a in plan.actions.all()],
        "reviews": [_review(r) for r in plan.reviews.all()],
        "submissions": [_submission(s) for s in plan.submissions.all()],
        "approved": _submission(approved) if approved else None,
    }


def _for_write(request: HttpRequest, case_id: uuid.UUID) -> tuple[Any, Case]:
    user = request_user(request)
    return user, access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)


@router.get("/{case_id}/plan", response=CasePlanOut)
def case_plan_detail(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    """The case's plan (an empty draft before its first goal), with the approved version."""
    case = access_case_by_id(request_user(request), case_id)
    return _plan(case, plan_for_case(case=case))


@router.post("/{case_id}/plan/goals", response={201: PlanGoalOut})
def case_plan_goal_create(
    request: HttpRequest, case_id: uuid.UUID, payload: PlanGoalIn
) -> Status[dict[str, Any]]:
    user, case = _for_write(request, case_id)
    goal = case_plan_goal_add(actor=user, case=case, data=payload)
    return Status(201, {"id": goal.public_id, "description": goal.description})


@router.post("/{case_id}/plan/actions", response={201: PlanActionOut})
def case_plan_action_create(
    request: HttpRequest, case_id: uuid.UUID, payload: PlanActionIn
) -> Status[dict[str, Any]]:
    user, case = _for_write(request, case_id)
    return Status(201, _action(case_plan_action_add(actor=user, case=case, data=payload)))


@router.post("/{case_id}/plan/actions/{action_id}/done", response=PlanActionOut)
def case_plan_action_completion(
    request: HttpRequest, case_id: uuid.UUID, action_id: uuid.UUID
) -> dict[str, Any]:
    """Mark the action done: its owner, or a caseworker of the agency holding the case."""
    user, case = _for_write(request, case_id)
    item = access_plan_action_by_id(user, case, action_id)
    return _action(case_plan_action_done(actor=user, action=item))


@router.put("/{case_id}/plan/review-date", response=CasePlanOut)
def case_plan_review_date_update(
    request: HttpRequest, case_id: uuid.UUID, payload: PlanReviewDateIn
) -> dict[str, Any]:
    user, case = _for_write(request, case_id)
    case_plan_review_date_set(actor=user, case=case, data=payload)
    return _plan(case, plan_for_case(case=case))


@router.post("/{case_id}/plan/reviews", response={201: PlanReviewOut})
def case_plan_review_create(
    request: HttpRequest, case_id: uuid.UUID, payload: PlanReviewIn
) -> Status[dict[str, Any]]:
    user, case = _for_write(request, case_id)
    return Status(201, _review(case_plan_review_record(actor=user, case=case, data=payload)))


@router.post("/{case_id}/plan/submission", response=PlanSubmissionOut)
def case_plan_submission_create(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    """Submit the plan's current version for a supervisor's approval."""
    user, case = _for_write(request, case_id)
    return _submission(case_plan_submit(actor=user, case=case))


@router.post("/{case_id}/plan/decision", response=PlanSubmissionOut)
def case_plan_decision_create(
    request: HttpRequest, case_id: uuid.UUID, payload: PlanDecisionIn
) -> dict[str, Any]:
    """Approve the submitted version, or send it back with reasons."""
    user, case = _for_write(request, case_id)
    submission = case_plan_decide(actor=user, case=case, data=payload)
    return _submission(
        PlanSubmission.objects.select_related("submitted_by", "decided_by").get(pk=submission.pk)
    )

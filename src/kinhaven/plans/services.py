"""Writes on case plans: goals, actions and their deadlines, the review date and reviews, and
the approval of each version (docs/case-plans.md).

Rules:
- The caseworkers of the agency holding the case write its plan (CASE_EDIT); an action's owner
  is a user of that agency. A closed case's plan is not changed.
- A version is submitted for approval (approvals, kind `case_plan`); while it waits, the plan is
  not changed. A supervisor other than the one who submitted approves it or sends it back with
  reasons. An approved plan that is changed is the next version, a draft needing approval again;
  the approved version stays readable as it was approved (PlanSubmission.content).
- Actions' due dates and the next review are deadlines on the case (deadlines), so they show in
  the case's deadlines table and escalate like the others. Marking an action done, setting the
  review date and recording a review do not change the version.
- Every write is audited and puts an event on the case's timeline, in its transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.approvals.models import ApprovalRequest
from kinhaven.approvals.services import approval_decide_pending, approval_request
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.models import Case
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.deadlines.enums import DeadlineCode, DeadlineOutcome
from kinhaven.deadlines.services import deadline_close, deadline_start
from kinhaven.plans.enums import PLAN_APPROVAL_KIND, PlanStatus, SubmissionState
from kinhaven.plans.models import CasePlan, PlanAction, PlanGoal, PlanReview, PlanSubmission
from kinhaven.plans.schemas import (
    PlanActionIn,
    PlanDecisionIn,
    PlanGoalIn,
    PlanReviewDateIn,
    PlanReviewIn,
)
from kinhaven.plans.selectors import end_of_day, plan_owners_for
from kinhaven.timeline.services import timeline_record


def case_plan_write_require(actor: User, case: Case) -> None:
    """Only the caseworkers of the agency holding the case write its plan, while it is open."""
    capability_require(actor, Capability.CASE_EDIT)
    if actor.agency_id != case.agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("Only the agency holding the case writes its plan.")
        )
    _case_open_require(case)


def _case_open_require(case: Case) -> None:
    """Refuse any change to the plan of a closed case."""
    if case.status == CaseStatus.CLOSED:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("The case is closed: its plan is no longer changed."),
            field="plan",
        )


def _record(
    *,
    actor: User,
    plan: CasePlan,
    action: AuditAction,
    kind: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """The write's audit entry and its event on the case's timeline: codes and ids only."""
    data = {"plan": str(plan.public_id), "version": plan.version, **(detail or {})}
    audit_record(
        actor=actor, action=action, object_type="case_plan", object_id=plan.public_id, detail=data
    )
    timeline_record(case=plan.case, kind=kind, actor=actor, data=data)


def _plan_locked(actor: User, case: Case) -> CasePlan:
    """The case's plan, locked for the write; a first write starts it as a draft."""
    CasePlan.objects.get_or_create(case=case, defaults={"created_by": actor})
    return CasePlan.objects.select_for_update().select_related("case").get(case=case)


def _content_change(plan: CasePlan) -> None:
    """A change to the goals or actions: refused while a version waits for approval; on an
    approved plan it starts the next version. Either way the plan is a draft again."""
    if plan.status == PlanStatus.SUBMITTED:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The plan is waiting for approval: change it once it is decided."),
            field="plan",
        )
    if plan.status == PlanStatus.APPROVED:
        plan.version += 1
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["version", "status", "updated_at"])


@transaction.atomic
def case_plan_goal_add(*, actor: User, case: Case, data: PlanGoalIn) -> PlanGoal:
    """Add a goal to the case's plan."""
    case_plan_write_require(actor, case)
    plan = _plan_locked(actor, case)
    _content_change(plan)
    goal = PlanGoal.objects.create(plan=plan, description=data.description, created_by=actor)
    _record(
        actor=actor,
        plan=plan,
        action=AuditAction.PLAN_WRITE,
        kind="plan_changed",
        detail={"goal": str(goal.public_id)},
    )
    return goal


@transaction.atomic
def case_plan_action_add(*, actor: User, case: Case, data: PlanActionIn) -> PlanAction:
    """Add an action with its owner and due date; its deadline starts on the case."""
    case_plan_write_require(actor, case)
    plan = _plan_locked(actor, case)
    errors: dict[str, str] = {}
    owner = plan_owners_for(case).filter(public_id=data.owner_id).first()
    if owner is None:
        errors["owner_id"] = _("Choose the owner among the staff of the agency holding the case.")
    goal = None
    if data.goal_id is not None:
        goal = plan.goals.filter(public_id=data.goal_id).first()
        if goal is None:
            errors["goal_id"] = _("Choose one of the plan's goals.")
    if errors:
        raise FieldErrors(errors)
    assert owner is not None  # noqa: S101  # refused above otherwise
    _content_change(plan)
    deadline = deadline_start(
        code=DeadlineCode.PLAN_ACTION,
        agency=case.agency,
        team=case.team,
        case=case,
        starts_at=time.now(),
        due_at=end_of_day(data.due_on),
    )
    action = PlanAction.objects.create(
        plan=plan,
        goal=goal,
        description=data.description,
        owner=owner,
        due_on=data.due_on,
        deadline=deadline,
        created_by=actor,
    )
    _record(
        actor=actor,
        plan=plan,
        action=AuditAction.PLAN_WRITE,
        kind="plan_changed",
        detail={"action": str(action.public_id), "owner": str(owner.public_id)},
    )
    return action


@transaction.atomic
def case_plan_action_done(*, actor: User, action: PlanAction) -> PlanAction:
    """Mark an action done, by its owner or a caseworker of the agency, while the case is open;
    its deadline is met."""
    case = action.plan.case
    if action.owner_id != actor.pk:
        case_plan_write_require(actor, case)
    _case_open_require(case)
    locked = PlanAction.objects.select_for_update().select_related("plan__case").get(pk=action.pk)
    if locked.done_at is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This action is done already."), field="action"
        )
    locked.done_at, locked.done_by = time.now(), actor
    locked.save(update_fields=["done_at", "done_by", "updated_at"])
    if locked.deadline is not None:
        deadline_close(deadline=locked.deadline, actor=actor)
    _record(
        actor=actor,
        plan=locked.plan,
        action=AuditAction.PLAN_ACTION_DONE,
        kind="plan_action_done",
        detail={"action": str(locked.public_id)},
    )
    return locked


def _review_deadline_set(plan: CasePlan, actor: User, review_on: Any, outcome: Any) -> None:
    """Close the running review deadline (met, or no longer needed) and start the next one."""
    if plan.review_deadline is not None:
        deadline_close(deadline=plan.review_deadline, actor=actor, outcome=outcome)
    plan.review_deadline = None
    plan.review_on = review_on
    if review_on is not None:
        plan.review_deadline = deadline_start(
            code=DeadlineCode.PLAN_REVIEW,
            agency=plan.case.agency,
            team=plan.case.team,
            case=plan.case,
            starts_at=time.now(),
            due_at=end_of_day(review_on),
        )
    plan.save(update_fields=["review_on", "review_deadline", "updated_at"])


@transaction.atomic
def case_plan_review_date_set(*, actor: User, case: Case, data: PlanReviewDateIn) -> CasePlan:
    """Set the day the plan is next reviewed; the review's deadline runs to it."""
    case_plan_write_require(actor, case)
    plan = _plan_locked(actor, case)
    _review_deadline_set(plan, actor, data.review_on, DeadlineOutcome.CANCELLED)
    _record(
        actor=actor,
        plan=plan,
        action=AuditAction.PLAN_WRITE,
        kind="plan_changed",
        detail={"review_on": data.review_on.isoformat()},
    )
    return plan


@transaction.atomic
def case_plan_review_record(*, actor: User, case: Case, data: PlanReviewIn) -> PlanReview:
    """Record a review of the plan held by the actor: the progress and what follows; the review
    deadline is met and the next one starts on the day given."""
    case_plan_write_require(actor, case)
    plan = CasePlan.objects.select_for_update().select_related("case").filter(case=case).first()
    if plan is None:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("The case has no plan to review yet."),
            field="plan",
        )
    review = PlanReview.objects.create(
        plan=plan,
        held_on=data.held_on,
        held_by=actor,
        progress=data.progress,
        outcome=data.outcome,
        next_review_on=data.next_review_on,
    )
    _review_deadline_set(plan, actor, data.next_review_on, DeadlineOutcome.MET)
    _record(
        actor=actor,
        plan=plan,
        action=AuditAction.PLAN_REVIEW_RECORD,
        kind="plan_review_recorded",
        detail={"review": str(review.public_id), "outcome": data.outcome},
    )
    return review


def plan_content(plan: CasePlan) -> dict[str, Any]:
    """The plan's goals and actions as they stand, kept with a submission."""
    return {
        "goals": [
            {"id": str(g.public_id), "description": g.description}
            for g in plan.goals.order_by("created_at", "id")
        ],
        "actions": [
            {
                "id": str(a.public_id),
                "description": a.description,
                # The owner as a person is named on the page: by name and role, never username.
                "owner_id": str(a.owner.public_id),
                "owner_name": a.owner.display_name(),
                "owner_role": a.owner.role_code,
                "due_on": a.due_on.isoformat(),
                "goal_id": str(a.goal.public_id) if a.goal else None,
            }
            for a in plan.actions.select_related("owner__role", "goal").order_by("due_on", "id")
        ],
        "review_on": plan.review_on.isoformat() if plan.review_on else None,
    }


@transaction.atomic
def case_plan_submit(*, actor: User, case: Case) -> PlanSubmission:
    """Submit the plan's current version for approval: at least one goal and one action."""
    case_plan_write_require(actor, case)
    plan = CasePlan.objects.select_for_update().select_related("case").filter(case=case).first()
    if plan is None or plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        messages = {
            None: _("Add the plan's goals and actions first."),
            PlanStatus.SUBMITTED: _("This version is waiting for approval already."),
            PlanStatus.APPROVED: _("This version is approved already; change it to submit it."),
        }
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            messages[plan.status if plan else None],  # type: ignore[index]  # keys above
            field="plan",
        )
    errors: dict[str, str] = {}
    if not plan.goals.exists():
        errors["goals"] = _("Add at least one goal before submitting the plan.")
    if not plan.actions.exists():
        errors["actions"] = _("Add at least one action before submitting the plan.")
    if errors:
        raise FieldErrors(errors)
    submission = PlanSubmission.objects.create(
        plan=plan,
        version=plan.version,
        content=plan_content(plan),
        submitted_by=actor,
        submitted_at=time.now(),
    )
    approval_request(
        actor=actor, kind=PLAN_APPROVAL_KIND, object_id=submission.public_id, agency=case.agency
    )
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status", "updated_at"])
    _record(
        actor=actor,
        plan=plan,
        action=AuditAction.PLAN_SUBMIT,
        kind="plan_submitted",
        detail={"submission": str(submission.public_id)},
    )
    return submission


@transaction.atomic
def case_plan_decide(*, actor: User, case: Case, data: PlanDecisionIn) -> PlanSubmission:
    """Approve the submitted version or send it back with reasons; never one's own, only in
    one's agency (approvals)."""
    capability_require(actor, Capability.CASE_PLAN_APPROVE)
    if actor.agency_id != case.agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("Only the agency holding the case approves its plan.")
        )
    submission = PlanSubmission.objects.filter(
        plan__case=case, state=SubmissionState.PENDING
    ).first()
    approval_decide_pending(
        actor=actor,
        kind=PLAN_APPROVAL_KIND,
        object_id=submission.public_id if submission is not None else None,
        decision=data.decision,
        reasons=data.reasons,
        none_waiting=_("No version of the plan is waiting for approval."),
    )
    assert submission is not None  # noqa: S101  # a request waited on it
    submission.refresh_from_db()
    return submission


def case_plan_decided(request: ApprovalRequest, actor: User) -> None:
    """The approval's outcome on the version (approvals.registry, in the deciding transaction):
    approved, the version is the plan in force; sent back, the reasons stay with it and the
    caseworker changes the plan and submits it again."""
    submission = (
        PlanSubmission.objects.select_for_update()
        .select_related("plan__case")
        .get(public_id=request.object_id)
    )
    approved = request.state == "approved"
    submission.state = SubmissionState.APPROVED if approved else SubmissionState.SENT_BACK
    submission.sent_back_reasons = "" if approved else request.reasons
    submission.decided_by, submission.decided_at = actor, request.decided_at
    submission.save()
    plan = CasePlan.objects.select_for_update().select_related("case").get(pk=submission.plan_id)
    plan.status = PlanStatus.APPROVED if approved else PlanStatus.SENT_BACK
    plan.save(update_fields=["status", "updated_at"])
    _record(
        actor=actor,
        plan=plan,
        action=AuditAction.PLAN_DECIDE,
        kind="plan_approved" if approved else "plan_sent_back",
        detail={"submission": str(submission.public_id), "state": submission.state},
    )

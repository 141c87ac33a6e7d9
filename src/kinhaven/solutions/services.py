"""Writes on return and durable solutions: risk and family assessments, the durable-solution
plan and its steps, and the decision that the child departs (a return or a relocation), with
the gate that refuses a departure or a plan's adoption until what it rests on is there.

Rules and their sources (docs/solutions.md):
- Directive 2011/36/EU Art. 16(2): a durable solution for an unaccompanied child victim, based
  on an individual assessment of the best interests of the child; UNHCR's durable solutions
  (local integration, reunification or resettlement in a third country, return).
- The issue: a return needs a risk assessment and a family assessment and a best-interests
  determination (BID); no child is returned to danger; a durable-solution plan with steps and
  owners.
- A plan's adoption and a departure are decisions on the child's future: they need a current
  BID that finds them in the child's best interests (bestinterests.services.bid_require) and a
  supervisor (best_interests.approve).
- CETS 197 Art. 13(1): no expulsion order is enforced during the recovery and reflection
  period. A departure is not planned on a day the child's period still runs.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.bestinterests.enums import BidPurpose
from kinhaven.bestinterests.models import BestInterestsDetermination
from kinhaven.bestinterests.selectors import version_current_for_child
from kinhaven.bestinterests.services import bid_require
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.cases.models import Case
from kinhaven.cases.services import child_record_audit_and_event
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.holds import deadline_held
from kinhaven.deadlines.models import Deadline
from kinhaven.solutions.enums import (
    PLAN_TRANSITIONS,
    AssessmentKind,
    DepartureKind,
    FamilyConclusion,
    PlanStatus,
    RiskConclusion,
    Solution,
)
from kinhaven.solutions.models import Assessment, Departure, Plan, PlanStep
from kinhaven.solutions.schemas import (
    DepartureIn,
    PlanClosureIn,
    PlanIn,
    PlanStepDoneIn,
    PlanStepIn,
    SolutionAssessmentIn,
)
from kinhaven.solutions.selectors import READ_SECTION, assessment_latest, step_owners_for


def solutions_write_require(
    actor: User, child: Child, capability: Capability = Capability.CHILD_EDIT
) -> None:
    """Refuse a write on the child's return and durable solutions unless the role has the
    capability (edit children's records; best_interests.approve for a decision) and the actor
    writes the care section of this child's file; the refusal names what is missing."""
    if not actor.has_capability(capability):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Your role does not allow this: it needs the capability “%(label)s” (%(code)s).")
            % {"label": capability.label, "code": capability.value},
        )
    if READ_SECTION not in child_section_access_for(actor, child).write:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may not change the best interests and care section of this child's file."),
        )


def solutions_decide_require(actor: User, child: Child) -> None:
    """A decision (a plan adopted or closed, a departure) is a supervisor's: best_interests.approve
    and the care section written."""
    solutions_write_require(actor, child, Capability.BEST_INTERESTS_APPROVE)


def _case_for(child: Child) -> Case:
    """The case a plan or a departure is recorded under: that of the child's approved BIA while
    it is open, else the child's latest open case."""
    version = version_current_for_child(child)
    if version is not None and version.assessment.case.status in OPEN_STATUSES:
        return version.assessment.case
    case = child.cases.filter(status__in=OPEN_STATUSES).order_by("-created_at", "-id").first()
    if case is None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The child has no open case to record this under."), field="case"
        )
    return case


# Assessments ---------------------------------------------------------------------------------


@transaction.atomic
def assessment_record(*, actor: User, child: Child, data: SolutionAssessmentIn) -> Assessment:
    """Record a risk or family assessment for a country; earlier ones stay as they were, and the
    latest for the country counts."""
    solutions_write_require(actor, child)
    assessment = Assessment.objects.create(
        child=child, recorded_by=actor, recorded_at=time.now(), **data.model_dump()
    )
    child_record_audit_and_event(
        actor=actor,
        child=child,
        object_type="solution_assessment",
        public_id=assessment.public_id,
        action=AuditAction.SOLUTION_ASSESSMENT_RECORD,
        kind="solution_assessment_recorded",
        detail={
            "kind": assessment.kind,
            "country": assessment.country,
            "conclusion": assessment.conclusion,
        },
    )
    return assessment


# The gate ------------------------------------------------------------------------------------


def return_conditions_require(
    child: Child, country: str
) -> tuple[BestInterestsDetermination, Assessment, Assessment]:
    """Refuse a return to `country` unless, in this order: a current BID finds the return in the
    child's best interests (field `bid`); the latest risk assessment for the country exists and
    found no serious risk (field `risk_assessment`); the latest family assessment for the
    country exists and found the family able (field `family_assessment`). Each refusal is a 409
    saying what is needed."""
    bid = bid_require(child, BidPurpose.RETURN)
    risk = assessment_latest(child, AssessmentKind.RISK, country)
    if risk is None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("A return needs a risk assessment for that country first."),
            field="risk_assessment",
        )
    if risk.conclusion == RiskConclusion.SERIOUS_RISK:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _(
                "The latest risk assessment for that country found a serious risk: no child is "
                "returned to danger."
            ),
            field="risk_assessment",
        )
    family = assessment_latest(child, AssessmentKind.FAMILY, country)
    if family is None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("A return needs a family assessment for that country first."),
            field="family_assessment",
        )
    if family.conclusion == FamilyConclusion.NOT_ABLE:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _(
                "The latest family assessment for that country found the family not able, not "
                "willing or not safe to care for the child, or not found: the child is not "
                "returned to them."
            ),
            field="family_assessment",
        )
    return bid, risk, family


def reflection_period_clear_require(child: Child, planned_on: dt.date) -> None:
    """Refuse a departure planned on a day the child's recovery and reflection period runs: on
    or before the day it ends, or on any day while a rule keeps it running past that day (until
    the conclusive identification decision). A period recorded as ended or no longer needed does
    not run. A 409 naming `planned_on` (CETS 197 Art. 13(1): no expulsion during it)."""
    running = Deadline.objects.filter(
        case__child=child, code=DeadlineCode.REFLECTION_PERIOD, completed_at__isnull=True
    )
    for period in running:
        if planned_on <= timezone.localdate(period.due_at) or deadline_held(period):
            raise ApplicationError(
                ErrorCode.CONFLICT,
                _(
                    "The child's recovery and reflection period runs on the planned day: no "
                    "child is returned or transferred during it. Plan the departure after the "
                    "period ends."
                ),
                field="planned_on",
            )


# Plans ---------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor: User, child: Child, data: PlanIn) -> Plan:
    """Draft a durable-solution plan under the child's case. One live plan per child: a second
    one is refused by the database (409); close the live one first."""
    solutions_write_require(actor, child)
    case = _case_for(child)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                child=child,
                case=case,
                solution=data.solution,
                country=data.country,
                goals=data.goals,
                created_by=actor,
            )
    except IntegrityError:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The child has a plan in force or in draft: close it before drafting another."),
            field="plan",
        ) from None
    child_record_audit_and_event(
        actor=actor,
        child=child,
        object_type="solution_plan",
        public_id=plan.public_id,
        action=AuditAction.SOLUTION_PLAN_CREATE,
        kind="solution_plan_drafted",
        detail={"solution": plan.solution, "country": plan.country},
    )
    return plan


def _locked(plan: Plan) -> Plan:
    return (
        Plan.objects.select_for_update(of=("self",)).select_related("child", "case").get(pk=plan.pk)
    )


def _transition_require(plan: Plan, to: str) -> None:
    if to not in PLAN_TRANSITIONS[plan.status]:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("A plan that is %(status)s cannot become %(to)s.")
            % {"status": plan.get_status_display(), "to": PlanStatus(to).label},
            field="plan",
        )


@transaction.atomic
def plan_adopt(*, actor: User, plan: Plan) -> Plan:
    """Adopt a draft plan: a decision on the durable solution. It needs a current BID finding
    the durable solution in the child's best interests; a return plan also the conditions of a
    return to its country; a plan for a third country also a BID finding the relocation."""
    child = plan.child
    solutions_decide_require(actor, child)
    locked = _locked(plan)
    _transition_require(locked, PlanStatus.ADOPTED)
    bid = bid_require(child, BidPurpose.DURABLE_SOLUTION)
    if locked.solution == Solution.RETURN:
        return_conditions_require(child, locked.country)
    elif locked.solution == Solution.THIRD_COUNTRY_REUNIFICATION:
        bid_require(child, BidPurpose.RELOCATION)
    locked.status, locked.bid = PlanStatus.ADOPTED, bid
    locked.adopted_by, locked.adopted_at = actor, time.now()
    locked.save(update_fields=["status", "bid", "adopted_by", "adopted_at", "updated_at"])
    child_record_audit_and_event(
        actor=actor,
        child=child,
        object_type="solution_plan",
        public_id=locked.public_id,
        action=AuditAction.SOLUTION_PLAN_ADOPT,
        kind="solution_plan_adopted",
        detail={"solution": locked.solution, "country": locked.country, "bid": str(bid.public_id)},
    )
    return locked


@transaction.atomic
def plan_close(*, actor: User, plan: Plan, data: PlanClosureIn) -> Plan:
    """Close the plan: achieved (an adopted plan), or abandoned (a draft or adopted one), with
    the reasons. A closed plan is kept; a new one may then be drafted."""
    child = plan.child
    solutions_decide_require(actor, child)
    locked = _locked(plan)
    _transition_require(locked, data.outcome)
    locked.status, locked.close_reasons = data.outcome, data.reasons
    locked.closed_by, locked.closed_at = actor, time.now()
    locked.save(update_fields=["status", "close_reasons", "closed_by", "closed_at", "updated_at"])
    child_record_audit_and_event(
        actor=actor,
        child=child,
        object_type="solution_plan",
        public_id=locked.public_id,
        action=AuditAction.SOLUTION_PLAN_CLOSE,
        kind="solution_plan_closed",
        detail={"outcome": locked.status},
    )
    return locked


@transaction.atomic
def plan_step_add(*, actor: User, plan: Plan, data: PlanStepIn) -> PlanStep:
    """Add a step to a draft or adopted plan, owned by a user of the agency holding the child's
    record."""
    child = plan.child
    solutions_write_require(actor, child)
    locked = _locked(plan)
    if not locked.is_live:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("Steps are added to a plan in draft or in force only."),
            field="plan",
        )
    owner = step_owners_for(child).filter(public_id=data.owner_id).first()
    if owner is None:
        raise FieldErrors(
            {"owner_id": _("Choose the owner among the staff of the agency holding the record.")}
        )
    step = PlanStep.objects.create(
        plan=locked, what=data.what, owner=owner, due_on=data.due_on, created_by=actor
    )
    child_record_audit_and_event(
        actor=actor,
        child=child,
        object_type="solution_plan",
        public_id=locked.public_id,
        action=AuditAction.SOLUTION_STEP_ADD,
        kind="solution_step_added",
        detail={
            "step": str(step.public_id),
            "owner": str(owner.public_id),
            "due_on": str(step.due_on),
        },
    )
    return step


@transaction.atomic
def plan_step_complete(*, actor: User, step: PlanStep, data: PlanStepDoneIn) -> PlanStep:
    """Mark a step done: its owner, or whoever writes the child's durable solutions."""
    plan = step.plan
    child = plan.child
    if step.owner_id != actor.pk:
        solutions_write_require(actor, child)
    locked = PlanStep.objects.select_for_update().select_related("plan").get(pk=step.pk)
    if locked.done_on is not None:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This step is done already."), field="step"
        )
    if not locked.plan.is_live:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This plan is closed."), field="plan"
        )
    locked.done_on, locked.done_by = data.done_on, actor
    locked.save(update_fields=["done_on", "done_by", "updated_at"])
    child_record_audit_and_event(
        actor=actor,
        child=child,
        object_type="solution_plan",
        public_id=plan.public_id,
        action=AuditAction.SOLUTION_STEP_COMPLETE,
        kind="solution_step_done",
        detail={"step": str(locked.public_id)},
    )
    return locked


# Departures ----------------------------------------------------------------------------------


@transaction.atomic
def departure_decide(*, actor: User, child: Child, data: DepartureIn) -> Departure:
    """Decide that the child returns to the country of origin or is relocated or transferred.

    The gate, in this order, each a 409 naming what is missing: a current BID finding this
    decision in the child's best interests (`bid`); for a return, the latest risk assessment for
    the country with no serious risk (`risk_assessment`) and the latest family assessment for it
    with the family able (`family_assessment`); a relocation, the BID only (docs). Then,
    for both, the planned day falls after the child's recovery and reflection period
    (`planned_on`).
    """
    solutions_decide_require(actor, child)
    risk = family = None
    if data.kind == DepartureKind.RETURN:
        bid, risk, family = return_conditions_require(child, data.country)
    else:
        bid = bid_require(child, BidPurpose.RELOCATION)
    reflection_period_clear_require(child, data.planned_on)
    departure = Departure.objects.create(
        child=child,
        case=_case_for(child),
        kind=data.kind,
        country=data.country,
        planned_on=data.planned_on,
        reasons=data.reasons,
        bid=bid,
        risk_assessment=risk,
        family_assessment=family,
        decided_by=actor,
        decided_at=time.now(),
    )
    child_record_audit_and_event(
        actor=actor,
        child=child,
        object_type="departure",
        public_id=departure.public_id,
        action=AuditAction.DEPARTURE_DECIDE,
        kind="departure_decided",
        detail={
            "kind": departure.kind,
            "country": departure.country,
            "bid": str(bid.public_id),
            "risk_assessment": str(risk.public_id) if risk else None,
            "family_assessment": str(family.public_id) if family else None,
        },
    )
    return departure

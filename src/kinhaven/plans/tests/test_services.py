import datetime as dt

import pytest

from kinhaven.approvals.models import ApprovalRequest
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.worklist import worklist_for
from kinhaven.deadlines.selectors import deadlines_on
from kinhaven.plans.schemas import (
    PlanActionIn,
    PlanDecisionIn,
    PlanGoalIn,
    PlanReviewDateIn,
    PlanReviewIn,
)
from kinhaven.plans.services import (
    case_plan_action_add,
    case_plan_action_done,
    case_plan_decide,
    case_plan_goal_add,
    case_plan_review_date_set,
    case_plan_review_record,
    case_plan_submit,
)

pytestmark = pytest.mark.django_db

APPROVE = PlanDecisionIn(decision="approve")


@pytest.fixture
def case(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    return case_open(actor=world.caseworker, child=child)


def plan_draft(world, case, *, days: int = 7):
    """A draft plan: one goal, one action owned by the teammate, due in `days`."""
    goal = case_plan_goal_add(
        actor=world.caseworker, case=case, data=PlanGoalIn(description="Safe school place")
    )
    action = case_plan_action_add(
        actor=world.caseworker,
        case=case,
        data=PlanActionIn(
            description="Enrol at school",
            owner_id=world.teammate.public_id,
            due_on=time.today() + dt.timedelta(days=days),
            goal_id=goal.public_id,
        ),
    )
    return goal, action


def test_actions_and_the_review_are_deadlines_of_the_case(world, case) -> None:
    _goal, action = plan_draft(world, case)
    plan = action.plan
    assert action.deadline is not None
    assert action.deadline.code == "plan_action"
    assert action.deadline.due_at.date() == action.due_on
    case_plan_review_date_set(
        actor=world.caseworker,
        case=case,
        data=PlanReviewDateIn(review_on=time.today() + dt.timedelta(days=30)),
    )
    plan.refresh_from_db()
    codes = {d.code for d in deadlines_on(case=case) if d.completed_at is None}
    assert {"plan_action", "plan_review"} <= codes
    # Done, the action's deadline is met; the owner's task list no longer has it.
    assert [i.kind for i in worklist_for(world.teammate, kinds=["plan_action"])] == ["plan_action"]
    case_plan_action_done(actor=world.teammate, action=action)
    action.deadline.refresh_from_db()
    assert action.deadline.outcome == "met"
    assert worklist_for(world.teammate, kinds=["plan_action"]) == []
    assert case.events.filter(kind="plan_action_done").exists()
    assert AuditEntry.objects.filter(action="plan.action_done").exists()


def test_the_owner_is_of_the_agency_holding_the_case(world, case) -> None:
    with pytest.raises(ApplicationError) as excinfo:
        case_plan_action_add(
            actor=world.caseworker,
            case=case,
            data=PlanActionIn(
                description="x", owner_id=world.caseworker2.public_id, due_on=time.today()
            ),
        )
    assert excinfo.value.errors == {  # type: ignore[attr-defined]
        "owner_id": "Choose the owner among the staff of the agency holding the case."
    }
    assert not case.events.filter(kind="plan_changed").exists()


def test_approval_round_trip_with_four_eyes_and_versions(world, case) -> None:
    case_plan_goal_add(actor=world.caseworker, case=case, data=PlanGoalIn(description="A"))
    with pytest.raises(ApplicationError) as excinfo:
        case_plan_submit(actor=world.caseworker, case=case)
    assert excinfo.value.errors == {  # type: ignore[attr-defined]
        "actions": "Add at least one action before submitting the plan."
    }
    plan_draft(world, case)
    submission = case_plan_submit(actor=world.caseworker, case=case)
    assert ApprovalRequest.objects.get(object_id=submission.public_id).kind == "case_plan"
    # Waiting, the plan is not changed.
    with pytest.raises(ApplicationError) as excinfo:
        case_plan_goal_add(actor=world.caseworker, case=case, data=PlanGoalIn(description="B"))
    assert excinfo.value.code == ErrorCode.CONFLICT
    # The caseworker cannot approve; nor can the supervisor approve what they submitted.
    with pytest.raises(ApplicationError):
        case_plan_decide(actor=world.teammate, case=case, data=APPROVE)
    with pytest.raises(ApplicationError) as excinfo:
        case_plan_decide(
            actor=world.supervisor,
            case=case,
            data=PlanDecisionIn.model_construct(decision="send_back", reasons=""),
        )
    assert excinfo.value.field == "reasons"
    sent = case_plan_decide(
        actor=world.supervisor,
        case=case,
        data=PlanDecisionIn(decision="send_back", reasons="Add the guardian's view."),
    )
    assert sent.state == "sent_back"
    plan = sent.plan
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("sent_back", 1)
    case_plan_goal_add(actor=world.caseworker, case=case, data=PlanGoalIn(description="Guardian"))
    case_plan_submit(actor=world.caseworker, case=case)
    approved = case_plan_decide(actor=world.supervisor, case=case, data=APPROVE)
    assert approved.state == "approved"
    assert len(approved.content["goals"]) == 3
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("approved", 1)
    # Changed, the approved plan is the next version, a draft; the approved one is kept.
    case_plan_goal_add(actor=world.caseworker, case=case, data=PlanGoalIn(description="Later"))
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("draft", 2)
    approved.refresh_from_db()
    assert len(approved.content["goals"]) == 3
    kinds = list(case.events.values_list("kind", flat=True))
    assert {"plan_submitted", "plan_sent_back", "plan_approved"} <= set(kinds)
    assert AuditEntry.objects.filter(action="plan.decide").count() == 2


def test_supervisor_does_not_approve_own_submission(world, case) -> None:
    case_plan_goal_add(actor=world.supervisor, case=case, data=PlanGoalIn(description="A"))
    case_plan_action_add(
        actor=world.supervisor,
        case=case,
        data=PlanActionIn(
            description="B", owner_id=world.caseworker.public_id, due_on=time.today()
        ),
    )
    case_plan_submit(actor=world.supervisor, case=case)
    with pytest.raises(ApplicationError) as excinfo:
        case_plan_decide(actor=world.supervisor, case=case, data=APPROVE)
    assert excinfo.value.code == ErrorCode.PERMISSION_DENIED


def test_review_meets_the_review_deadline_and_sets_the_next(world, case) -> None:
    plan_draft(world, case)
    case_plan_review_date_set(
        actor=world.caseworker, case=case, data=PlanReviewDateIn(review_on=time.today())
    )
    review = case_plan_review_record(
        actor=world.caseworker,
        case=case,
        data=PlanReviewIn(
            held_on=time.today(),
            progress="Enrolled.",
            outcome="continue",
            next_review_on=time.today() + dt.timedelta(days=90),
        ),
    )
    assert review.held_by == world.caseworker
    reviews = deadlines_on(case=case).filter(code="plan_review").order_by("id")
    assert [d.outcome for d in reviews] == ["met", ""]
    assert case.events.filter(kind="plan_review_recorded").exists()


def test_another_agency_does_not_write_the_plan(world, case) -> None:
    with pytest.raises(ApplicationError) as excinfo:
        case_plan_goal_add(actor=world.caseworker2, case=case, data=PlanGoalIn(description="x"))
    assert excinfo.value.code == ErrorCode.PERMISSION_DENIED

"""Best interests through the services: the BIA opened with the case, its versions, approval
and sending back; the BID's panel, dissent, guardian, review deadline; the gate."""

import datetime as dt

import pytest
from django.utils import timezone

from kinhaven.accounts.enums import RoleCode
from kinhaven.approvals.models import ApprovalRequest
from kinhaven.audit.models import AuditEntry
from kinhaven.bestinterests.models import BestInterestsAssessment, BestInterestsDetermination
from kinhaven.bestinterests.schemas import ApprovalDecisionIn, AssessmentVersionIn
from kinhaven.bestinterests.selectors import (
    assessments_for_child,
    determination_current,
    version_current,
)
from kinhaven.bestinterests.services import (
    bia_version_decide,
    bia_version_record,
    bia_version_submit,
    bid_record,
    bid_require,
)
from kinhaven.bestinterests.tests.factories import (
    MEMBERS,
    VERSION,
    assessment_of,
    bid_made,
    determination_data,
    version_approved,
)
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.deadlines.enums import DeadlineCode, DeadlineOutcome
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.services import deadlines_escalate_due
from kinhaven.timeline.models import CaseEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(world):
    return child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))


def test_every_case_opens_its_assessment_with_its_deadline(world, child) -> None:
    case = case_open(actor=world.caseworker, child=child)
    assessment = BestInterestsAssessment.objects.get(case=case)
    assert assessment.child == child
    deadline = Deadline.objects.get(case=case, code=DeadlineCode.BEST_INTERESTS_ASSESSMENT)
    assert deadline.completed_at is None
    assert CaseEvent.objects.filter(case=case, kind="bia_opened").exists()


def test_a_version_sent_back_with_reasons_then_a_new_one_approved(world, child) -> None:
    assessment = assessment_of(child, world.caseworker)
    data = AssessmentVersionIn.model_validate(VERSION)
    first = bia_version_record(actor=world.caseworker, assessment=assessment, data=data)
    # One version in the works at a time.
    with pytest.raises(ApplicationError) as caught:
        bia_version_record(actor=world.caseworker, assessment=assessment, data=data)
    assert caught.value.code == ErrorCode.CONFLICT
    bia_version_submit(actor=world.caseworker, version=first)
    # The caseworker does not approve: the capability is named.
    with pytest.raises(ApplicationError) as caught:
        bia_version_decide(
            actor=world.teammate, version=first, data=ApprovalDecisionIn(decision="approve")
        )
    assert caught.value.code == ErrorCode.PERMISSION_DENIED
    assert "best_interests.approve" in str(caught.value.message)
    sent = bia_version_decide(
        actor=world.supervisor,
        version=first,
        data=ApprovalDecisionIn(decision="send_back", reasons="The child was not heard alone."),
    )
    assert sent.status == "sent_back"
    assert sent.sent_back_reasons == "The child was not heard alone."
    assessment = assessments_for_child(user=world.caseworker, child=child).get()
    assert version_current(assessment) is None
    second = bia_version_record(actor=world.caseworker, assessment=assessment, data=data)
    bia_version_submit(actor=world.caseworker, version=second)
    approved = bia_version_decide(
        actor=world.supervisor, version=second, data=ApprovalDecisionIn(decision="approve")
    )
    assert approved.status == "approved"
    assessment = assessments_for_child(user=world.caseworker, child=child).get()
    assert [v.status for v in assessment.versions.all()] == ["sent_back", "approved"]
    current = version_current(assessment)
    assert current is not None
    assert current.number == 2
    deadline = Deadline.objects.get(
        case=assessment.case, code=DeadlineCode.BEST_INTERESTS_ASSESSMENT
    )
    assert deadline.outcome == DeadlineOutcome.MET
    kinds = list(CaseEvent.objects.filter(case=assessment.case).values_list("kind", flat=True))
    for kind in ("bia_version_recorded", "bia_submitted", "bia_sent_back", "bia_approved"):
        assert kind in kinds
    assert ApprovalRequest.objects.filter(state="sent_back").count() == 1
    assert AuditEntry.objects.filter(action="best_interests_assessment.decide").count() == 2


def test_the_one_who_wrote_a_version_does_not_approve_it(world, child) -> None:
    # The caseworker assesses, a supervisor approves (UNHCR BIP 2021): a supervisor who wrote
    # the version does not approve it, though someone else submitted it.
    assessment = assessment_of(child, world.caseworker)
    data = AssessmentVersionIn.model_validate(VERSION)
    version = bia_version_record(actor=world.supervisor, assessment=assessment, data=data)
    bia_version_submit(actor=world.caseworker, version=version)
    with pytest.raises(ApplicationError) as caught:
        bia_version_decide(
            actor=world.supervisor, version=version, data=ApprovalDecisionIn(decision="approve")
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.PERMISSION_DENIED, "approval")
    assert "who wrote it" in str(caught.value.message)
    assert ApprovalRequest.objects.get(object_id=version.public_id).state == "pending"
    other = world.user("supervisor2", RoleCode.SUPERVISOR, world.agency, None)
    approved = bia_version_decide(
        actor=other, version=version, data=ApprovalDecisionIn(decision="approve")
    )
    assert approved.status == "approved"


def test_a_determination_keeps_the_dissent_and_its_reasons(world, child) -> None:
    bid = bid_made(child, world.caseworker, world.supervisor)
    members = {m.name: m for m in bid.members.all()}
    dissent = members["C. Psychologist"]
    assert dissent.position == "dissent"
    assert dissent.reasons == "Too early: the child is still in trauma therapy."
    assert {m.position for m in members.values()} == {"agree", "dissent"}
    assert determination_current(child) == bid
    event = CaseEvent.objects.get(kind="bid_recorded")
    assert event.data["dissents"] == 1


def test_a_panel_of_fewer_than_three_disciplines_is_refused(world, child) -> None:
    version_approved(child, world.caseworker, world.supervisor)
    members = [
        {"name": "A", "discipline": "social_work", "position": "agree"},
        {"name": "B", "discipline": "social_work", "position": "agree"},
        {"name": "C", "discipline": "legal", "position": "agree"},
    ]
    with pytest.raises(ApplicationError) as caught:
        bid_record(actor=world.supervisor, child=child, data=determination_data(members=members))
    assert caught.value.code == ErrorCode.INVALID
    assert caught.value.field == "members"


@pytest.mark.parametrize("written", ["full name", "user name"])
def test_the_assessor_does_not_sit_on_the_panel(world, child, written) -> None:
    writer = world.caseworker
    writer.first_name, writer.last_name = "Dana", "Example"
    writer.save(update_fields=["first_name", "last_name"])
    version_approved(child, writer, world.supervisor)
    name = "  dana   EXAMPLE " if written == "full name" else writer.username.upper()
    members = [*MEMBERS[:2], {**MEMBERS[2], "name": name}]
    with pytest.raises(ApplicationError) as caught:
        bid_record(actor=world.supervisor, child=child, data=determination_data(members=members))
    assert caught.value.code == ErrorCode.INVALID
    assert caught.value.field == "members"
    assert not BestInterestsDetermination.objects.exists()
    bid = bid_record(actor=world.supervisor, child=child, data=determination_data())
    assert bid.members.count() == 3


def test_a_determination_needs_an_approved_assessment_and_not_its_author(world, child) -> None:
    assessment_of(child, world.caseworker)
    with pytest.raises(ApplicationError) as caught:
        bid_record(actor=world.supervisor, child=child, data=determination_data())
    assert caught.value.code == ErrorCode.CONFLICT
    assert caught.value.field == "assessment"
    # The supervisor who wrote the approved assessment does not determine on it.
    assessment = BestInterestsAssessment.objects.get(child=child)
    version = bia_version_record(
        actor=world.supervisor,
        assessment=assessment,
        data=AssessmentVersionIn.model_validate(VERSION),
    )
    bia_version_submit(actor=world.supervisor, version=version)
    boss = world.user("boss", RoleCode.SUPERVISOR, world.agency, world.team)
    bia_version_decide(actor=boss, version=version, data=ApprovalDecisionIn(decision="approve"))
    with pytest.raises(ApplicationError) as caught:
        bid_record(actor=world.supervisor, child=child, data=determination_data())
    assert caught.value.code == ErrorCode.PERMISSION_DENIED
    assert bid_record(actor=boss, child=child, data=determination_data()).pk


def test_the_review_date_is_a_deadline_that_escalates_when_late(world, child, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), tick=False)
    bid = bid_made(child, world.caseworker, world.supervisor)
    deadline = Deadline.objects.get(code=DeadlineCode.BEST_INTERESTS_REVIEW)
    assert timezone.localtime(deadline.due_at).date() == bid.review_on
    assert deadlines_escalate_due() == 0
    time_machine.move_to(deadline.due_at + dt.timedelta(minutes=1), tick=False)
    assert deadlines_escalate_due() >= 1
    deadline.refresh_from_db()
    assert deadline.escalated_at is not None
    # Past its review date the BID is no longer current: the gate says so.
    assert determination_current(child) is None
    with pytest.raises(ApplicationError) as caught:
        bid_require(child, "family_reunification")
    assert caught.value.field == "bid"
    assert "review" in str(caught.value.message)
    # A new BID ends the review deadline of the one it replaces.
    bid_made(child, world.caseworker, world.supervisor)
    deadline.refresh_from_db()
    assert deadline.outcome == DeadlineOutcome.MET


def test_the_gate_names_what_is_missing(world, child) -> None:
    with pytest.raises(ApplicationError) as caught:
        bid_require(child, "return")
    assert caught.value.code == ErrorCode.CONFLICT
    assert caught.value.field == "bid"
    bid_made(child, world.caseworker, world.supervisor, purposes=["family_reunification"])
    with pytest.raises(ApplicationError) as caught:
        bid_require(child, "return")
    assert "does not" in str(caught.value.message)
    assert bid_require(child, "family_reunification").pk


def test_the_default_disciplines_are_restored_and_edited_ones_kept(db) -> None:
    from importlib import import_module

    from kinhaven.bestinterests.enums import DEFAULT_DISCIPLINES
    from kinhaven.bestinterests.models import Discipline
    from kinhaven.bestinterests.services import disciplines_ensure_defaults

    migration = import_module("kinhaven.bestinterests.migrations.0002_default_disciplines")
    assert migration.DEFAULT_DISCIPLINES == DEFAULT_DISCIPLINES
    Discipline.objects.exclude(code="legal").delete()
    Discipline.objects.filter(code="legal").update(label="Law and legal aid", active=False)
    disciplines_ensure_defaults()
    assert set(Discipline.objects.values_list("code", flat=True)) == {
        code for code, _label in DEFAULT_DISCIPLINES
    }
    legal = Discipline.objects.get(code="legal")
    assert (legal.label, legal.active) == ("Law and legal aid", False)

"""Age assessment through its services: the order of methods, the range and the benefit of the
doubt, appeals, notices, the timeline, deadlines and the audit."""

import datetime as dt
import threading

import pytest
from django.db import connection

from kinhaven.accounts.enums import RoleCode
from kinhaven.ages.enums import AgeBasis, AssessmentStatus
from kinhaven.ages.models import AgeAssessment
from kinhaven.ages.schemas import (
    AgeAppealDecisionIn,
    AgeAppealIn,
    AgeDecisionIn,
    AgeNoticeIn,
    AgeRequestIn,
    AgeStepIn,
    AgeWithdrawalIn,
)
from kinhaven.ages.selectors import age_assessments_for_child, age_standing
from kinhaven.ages.services import (
    age_assessment_appeal,
    age_assessment_appeal_decide,
    age_assessment_decide,
    age_assessment_notice_add,
    age_assessment_request,
    age_assessment_step_add,
    age_assessment_withdraw,
)
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.grants import child_access_grant
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.validation import input_validate
from kinhaven.deadlines.enums import DeadlineCode, DeadlineOutcome
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.services import deadline_rule_set
from kinhaven.timeline.models import CaseEvent
from kinhaven.tracing.services.merges import child_merge

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 10, 1)
LATER = dt.date(2026, 10, 20)
REMEDY = "A further appeal to the regional court within 14 days."
CONSENT = {"child_consent_on": ON, "guardian_consent_on": ON}


@pytest.fixture
def child(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    case_open(actor=world.caseworker, child=child)
    child.refresh_from_db()
    return child


def _request(world, child, **fields):
    data = AgeRequestIn(trigger="no_document", reason="Says 15; no papers; looks older.", **fields)
    return age_assessment_request(actor=world.caseworker, child=child, data=data)


def _step(actor, assessment, method="documents", on=ON, **fields):
    # The guardian is present where the child takes part (the schema refuses otherwise).
    fields.setdefault("guardian_present", method != "documents")
    data = AgeStepIn(
        method=method,
        performed_on=on,
        performed_by="A. Social worker; B. Psychologist",
        findings="Findings in words.",
        **fields,
    )
    return age_assessment_step_add(actor=actor, assessment=assessment, data=data)


def _decide(actor, assessment, low, high, on=LATER):
    data = AgeDecisionIn(
        min_age=low,
        max_age=high,
        decided_on=on,
        reasons="The psychosocial assessment and the documents.",
        remedy="Appeal to the district court within 14 days.",
    )
    return age_assessment_decide(actor=actor, assessment=assessment, data=data)


def _standing(world, child):
    child.refresh_from_db()
    assessments = list(age_assessments_for_child(user=world.caseworker, child=child))
    return age_standing(child=child, assessments=assessments)


def test_a_medical_examination_first_is_refused_naming_the_method(world, child) -> None:
    assessment = _request(world, child)
    with pytest.raises(ApplicationError) as caught:
        _step(
            world.caseworker,
            assessment,
            "medical",
            insufficiency_reason="No documents at all.",
            **CONSENT,
        )
    assert caught.value.code == ErrorCode.INVALID
    assert caught.value.field == "method"
    assert not assessment.steps.exists()


def test_a_medical_examination_dated_before_the_earlier_method_is_refused(world, child) -> None:
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "psychosocial", on=LATER)
    with pytest.raises(ApplicationError) as caught:
        _step(world.caseworker, assessment, "medical", insufficiency_reason="Unclear.", **CONSENT)
    assert caught.value.field == "method"


def test_no_medical_examination_after_a_method_that_settled_the_age(world, child) -> None:
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "documents", settles_age=True)
    with pytest.raises(ApplicationError) as caught:
        _step(world.caseworker, assessment, "medical", insufficiency_reason="Unclear.", **CONSENT)
    assert caught.value.field == "method"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({**CONSENT}, "insufficiency_reason"),
        ({"insufficiency_reason": "Unclear.", "guardian_consent_on": ON}, "child_consent_on"),
        ({"insufficiency_reason": "Unclear.", "child_consent_on": ON}, "guardian_consent_on"),
        (
            {"insufficiency_reason": "Unclear.", **CONSENT, "child_consent_on": LATER},
            "child_consent_on",
        ),
    ],
)
def test_a_medical_examination_needs_the_reason_and_both_consents(fields, field) -> None:
    data = {
        "method": "medical",
        "performed_on": ON.isoformat(),
        "performed_by": "Dr B.",
        "guardian_present": True,
        "findings": "X-ray of the hand.",
    }
    with pytest.raises(ApplicationError) as caught:
        input_validate(AgeStepIn, {**data, **fields})
    assert caught.value.field == field


@pytest.mark.parametrize("method", ["psychosocial", "medical"])
def test_a_method_with_the_child_needs_the_guardian_present(method) -> None:
    data = {
        "method": method,
        "performed_on": ON.isoformat(),
        "performed_by": "B. Social worker",
        "findings": "Findings in words.",
        "insufficiency_reason": "Unclear.",
        **{k: v.isoformat() for k, v in CONSENT.items()},
    }
    with pytest.raises(ApplicationError) as caught:
        input_validate(AgeStepIn, data)
    assert caught.value.field == "guardian_present"
    assert input_validate(AgeStepIn, {**data, "guardian_present": True}).guardian_present


def test_a_medical_examination_last_with_consent_is_recorded(world, child) -> None:
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "documents")
    _step(world.caseworker, assessment, "psychosocial", guardian_present=True)
    step = _step(
        world.caseworker,
        assessment,
        "medical",
        insufficiency_reason="The interview left a range of 15 to 20.",
        **CONSENT,
    )
    assert step.position == 3
    assert (step.child_consent_on, step.guardian_consent_on) == (ON, ON)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS


def test_a_range_of_16_to_19_records_the_child_as_16_and_a_child(world, child) -> None:
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "psychosocial")
    _decide(world.caseworker, assessment, 16, 19)
    child.refresh_from_db()
    assert (child.age_estimate_years, child.age_estimated_on) == (16, LATER)
    standing = _standing(world, child)
    assert standing.treated_as_child is True
    assert standing.basis == AgeBasis.ASSESSED_CHILD
    assert standing.range == (16, 19)
    assessment.refresh_from_db()
    assert (assessment.min_age, assessment.max_age) == (16, 19)


def test_equal_ends_are_still_a_range(world, child) -> None:
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "psychosocial")
    _decide(world.caseworker, assessment, 17, 17)
    assessment.refresh_from_db()
    assert (assessment.min_age, assessment.max_age) == (17, 17)
    assert _standing(world, child).range == (17, 17)


def test_a_reversed_range_is_refused(world) -> None:
    with pytest.raises(ApplicationError) as caught:
        input_validate(
            AgeDecisionIn,
            {
                "min_age": 19,
                "max_age": 16,
                "decided_on": LATER.isoformat(),
                "reasons": "R",
                "remedy": "Appeal",
            },
        )
    assert caught.value.field == "min_age"


def test_a_further_appeal_is_not_lodged_before_the_decision_on_appeal_in_force(
    world, child
) -> None:
    # Decided on 1 October, appealed on the 5th, decided on appeal on the 20th: a further appeal
    # lodged on the 10th would be read before the decision it is against.
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "psychosocial", on=ON)
    _decide(world.caseworker, assessment, 18, 21, on=ON)
    first = AgeAppealIn(lodged_on=ON + dt.timedelta(days=4), lodged_by="The child", grounds="G")
    age_assessment_appeal(actor=world.caseworker, assessment=assessment, data=first)
    confirmed = AgeAppealDecisionIn(
        outcome="confirmed", decided_on=LATER, reasons="Upheld.", remedy=REMEDY
    )
    age_assessment_appeal_decide(actor=world.caseworker, assessment=assessment, data=confirmed)
    early = AgeAppealIn(lodged_on=ON + dt.timedelta(days=9), lodged_by="The child", grounds="G")
    with pytest.raises(ApplicationError) as caught:
        age_assessment_appeal(actor=world.caseworker, assessment=assessment, data=early)
    assert caught.value.field == "lodged_on"
    on_time = AgeAppealIn(lodged_on=LATER, lodged_by="The child", grounds="G")
    assert age_assessment_appeal(actor=world.caseworker, assessment=assessment, data=on_time)


def test_an_appeal_keeps_the_presumption_of_minority_until_it_is_decided(world, child) -> None:
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "psychosocial")
    _decide(world.caseworker, assessment, 18, 21)
    standing = _standing(world, child)
    assert (standing.treated_as_child, standing.basis) == (False, AgeBasis.ASSESSED_ADULT)

    appeal = AgeAppealIn(lodged_on=LATER, lodged_by="The guardian", grounds="The method was wrong.")
    age_assessment_appeal(actor=world.caseworker, assessment=assessment, data=appeal)
    standing = _standing(world, child)
    assert (standing.treated_as_child, standing.basis) == (True, AgeBasis.APPEAL_PENDING)

    confirmed = AgeAppealDecisionIn(
        outcome="confirmed", decided_on=LATER, reasons="Upheld.", remedy=REMEDY
    )
    age_assessment_appeal_decide(actor=world.caseworker, assessment=assessment, data=confirmed)
    standing = _standing(world, child)
    assert (standing.treated_as_child, standing.basis, standing.on_appeal) == (
        False,
        AgeBasis.ASSESSED_ADULT,
        True,
    )

    # A further appeal gives a new range; the history keeps both decisions.
    age_assessment_appeal(actor=world.caseworker, assessment=assessment, data=appeal)
    changed = AgeAppealDecisionIn(
        outcome="changed",
        min_age=17,
        max_age=19,
        decided_on=LATER,
        reasons="New evidence.",
        remedy=REMEDY,
    )
    age_assessment_appeal_decide(actor=world.caseworker, assessment=assessment, data=changed)
    standing = _standing(world, child)
    assert (standing.treated_as_child, standing.range, standing.recorded_age) == (
        True,
        (17, 19),
        17,
    )
    assessment.refresh_from_db()
    assert (assessment.min_age, assessment.max_age) == (18, 21)
    assert [a.outcome for a in assessment.appeals.all()] == ["confirmed", "changed"]


def test_only_a_role_that_decides_on_age_decides(world, child) -> None:
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "psychosocial")
    for actor in (world.hotline, world.frontline):
        with pytest.raises(ApplicationError) as caught:
            _decide(actor, assessment, 16, 19)
        assert caught.value.code == ErrorCode.PERMISSION_DENIED
        assert "age.decide" in str(caught.value.message)
    with pytest.raises(ApplicationError) as caught:
        _step(world.frontline, assessment, "psychosocial")
    assert "age.decide" in str(caught.value.message)


def test_another_agency_reading_the_child_may_not_assess(world, child) -> None:
    child_access_grant(
        actor=world.caseworker, child=child, agency=world.other_agency, sections=["identity"]
    )
    with pytest.raises(ApplicationError) as caught:
        age_assessment_request(
            actor=world.caseworker2,
            child=child,
            data=AgeRequestIn(trigger="statements", reason="Doubt."),
        )
    assert caught.value.code == ErrorCode.PERMISSION_DENIED


def test_notices_are_recorded_with_the_language_used(world, child) -> None:
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "psychosocial")
    with pytest.raises(ApplicationError) as caught:
        age_assessment_notice_add(
            actor=world.caseworker,
            assessment=assessment,
            data=AgeNoticeIn(recipient="child", notified_on=LATER, language="prs", means="orally"),
        )
    assert caught.value.code == ErrorCode.CONFLICT
    _decide(world.caseworker, assessment, 16, 19)
    for recipient, language in (("child", "prs"), ("guardian", "de")):
        age_assessment_notice_add(
            actor=world.caseworker,
            assessment=assessment,
            data=AgeNoticeIn(
                recipient=recipient,
                notified_on=LATER,
                language=language,
                means="orally_and_in_writing",
                interpreter=recipient == "child",
            ),
        )
    notices = list(assessment.notices.values_list("recipient", "language", "interpreter"))
    assert notices == [("child", "prs", True), ("guardian", "de", False)]
    with pytest.raises(ApplicationError) as caught:
        input_validate(
            AgeNoticeIn,
            {
                "recipient": "child",
                "notified_on": "2026-10-20",
                "language": "xx",
                "means": "orally",
            },
        )
    assert caught.value.field == "language"


def test_every_step_goes_on_the_childs_case_timeline(world, child) -> None:
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "psychosocial")
    _decide(world.caseworker, assessment, 16, 19)
    age_assessment_notice_add(
        actor=world.caseworker,
        assessment=assessment,
        data=AgeNoticeIn(recipient="child", notified_on=LATER, language="prs", means="orally"),
    )
    age_assessment_appeal(
        actor=world.caseworker,
        assessment=assessment,
        data=AgeAppealIn(lodged_on=LATER, lodged_by="The child", grounds="Too old."),
    )
    age_assessment_appeal_decide(
        actor=world.caseworker,
        assessment=assessment,
        data=AgeAppealDecisionIn(
            outcome="confirmed", decided_on=LATER, reasons="Upheld.", remedy=REMEDY
        ),
    )
    case = child.cases.get()
    kinds = [k for k in case.events.order_by("id").values_list("kind", flat=True) if "age" in k]
    assert kinds == [
        "age_requested",
        "age_method_recorded",
        "age_decided",
        "age_notice_recorded",
        "age_appealed",
        "age_appeal_decided",
    ]
    decided = CaseEvent.objects.get(case=case, kind="age_decided")
    assert decided.data == {
        "assessment": str(assessment.public_id),
        "status": "decided",
        "child": True,
    }


def test_the_deadlines_start_at_the_request_and_close_at_the_decision(world, child) -> None:
    assessment = _request(world, child)
    case = child.cases.get()
    deadline = Deadline.objects.get(case=case, code=DeadlineCode.AGE_ASSESSMENT)
    assert deadline.completed_at is None
    assert (deadline.due_at - deadline.starts_at).days == 30
    _step(world.caseworker, assessment, "psychosocial")
    _decide(world.caseworker, assessment, 16, 19)
    deadline.refresh_from_db()
    assert (deadline.completed_at is not None, deadline.outcome) == (True, DeadlineOutcome.MET)

    age_assessment_appeal(
        actor=world.caseworker,
        assessment=assessment,
        data=AgeAppealIn(lodged_on=LATER, lodged_by="The guardian", grounds="Grounds."),
    )
    appeal_deadline = Deadline.objects.get(case=case, code=DeadlineCode.AGE_ASSESSMENT_APPEAL)
    assert appeal_deadline.completed_at is None
    age_assessment_appeal_decide(
        actor=world.caseworker,
        assessment=assessment,
        data=AgeAppealDecisionIn(
            outcome="confirmed", decided_on=LATER, reasons="Upheld.", remedy=REMEDY
        ),
    )
    appeal_deadline.refresh_from_db()
    assert appeal_deadline.completed_at is not None


def test_a_countrys_rule_sets_the_assessment_deadline(world, child) -> None:
    deadline_rule_set(
        code=DeadlineCode.AGE_ASSESSMENT, country="AUT", period=10, unit="days", hard_limit=None
    )
    _request(world, child)
    deadline = Deadline.objects.get(code=DeadlineCode.AGE_ASSESSMENT)
    assert (deadline.due_at - deadline.starts_at).days == 10


def test_a_request_needs_doubt_and_one_at_a_time(world, child) -> None:
    with pytest.raises(ApplicationError) as caught:
        input_validate(AgeRequestIn, {"trigger": "no_document", "reason": "  "})
    assert caught.value.field == "reason"
    with pytest.raises(ApplicationError) as caught:
        input_validate(AgeRequestIn, {"trigger": "looks", "reason": "Doubt"})
    assert caught.value.field == "trigger"
    _request(world, child)
    with pytest.raises(ApplicationError) as caught:
        _request(world, child)
    assert caught.value.code == ErrorCode.CONFLICT
    assert AgeAssessment.objects.count() == 1


def test_a_documented_date_of_birth_needs_a_reason_to_doubt_the_document(world) -> None:
    data = {
        "given_name": "Omid",
        "date_of_birth": "2010-03-04",
        "documents": [{"document_type": "passport", "number": "P1", "issuing_country": "AFG"}],
    }
    child = child_register(actor=world.caseworker, data=input_validate(ChildIn, data))
    with pytest.raises(ApplicationError) as caught:
        _request(world, child)
    assert caught.value.field == "override_reason"
    assessment = _request(world, child, override_reason="The photo is not of this person.")
    assert assessment.override_reason


def test_deciding_needs_a_method_first(world, child) -> None:
    assessment = _request(world, child)
    with pytest.raises(ApplicationError) as caught:
        _decide(world.caseworker, assessment, 16, 19)
    assert caught.value.code == ErrorCode.CONFLICT
    assessment.refresh_from_db()
    assert assessment.min_age is None


def test_a_withdrawn_assessment_leaves_the_presumption_and_cancels_the_deadline(
    world, child
) -> None:
    assessment = _request(world, child)
    age_assessment_withdraw(
        actor=world.caseworker,
        assessment=assessment,
        data=AgeWithdrawalIn(reason="The birth certificate arrived."),
    )
    standing = _standing(world, child)
    assert (standing.treated_as_child, standing.basis) == (True, AgeBasis.NOT_ASSESSED)
    deadline = Deadline.objects.get(code=DeadlineCode.AGE_ASSESSMENT)
    assert deadline.outcome == DeadlineOutcome.CANCELLED
    # The doubt may come back: a new request is possible.
    assert _request(world, child).status == AssessmentStatus.REQUESTED


def test_writes_leave_audit_entries_without_personal_data(world, child) -> None:
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "psychosocial")
    _decide(world.caseworker, assessment, 16, 19)
    actions = list(
        AuditEntry.objects.filter(object_id=assessment.public_id)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["age_assessment.request", "age_assessment.step", "age_assessment.decide"]
    recorded = AuditEntry.objects.get(object_id=child.public_id, action="child.age_record")
    assert recorded.detail == {"fields": ["age_estimate_years", "age_estimated_on"]}
    texts = str(list(AuditEntry.objects.values_list("detail", flat=True)))
    assert "no papers" not in texts
    assert "Findings" not in texts


def test_the_supervisor_decides_too(world, child) -> None:
    assessment = _request(world, child)
    _step(world.supervisor, assessment, "psychosocial")
    _decide(world.supervisor, assessment, 15, 17)
    assert world.supervisor.role.code == RoleCode.SUPERVISOR
    assert _standing(world, child).recorded_age == 15


def test_two_records_each_with_an_assessment_under_way_are_not_merged(world, child) -> None:
    twin = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    case_open(actor=world.caseworker, child=twin)
    _request(world, child)
    second = _request(world, twin)
    with pytest.raises(ApplicationError) as caught:
        child_merge(actor=world.supervisor, kept=child, merged=twin, reason="Same child")
    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "age_assessment")
    age_assessment_withdraw(
        actor=world.caseworker, assessment=second, data=AgeWithdrawalIn(reason="Same child")
    )
    child_merge(actor=world.supervisor, kept=child, merged=twin, reason="Same child")
    assert AgeAssessment.objects.filter(child=child).count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_concurrent_requests_make_one_assessment(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    case_open(actor=world.caseworker, child=child)
    results: list[str] = []
    barrier = threading.Barrier(3)

    def ask() -> None:
        try:
            barrier.wait()
            _request(world, child)
            results.append("ok")
        except ApplicationError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict", "conflict", "ok"]
    assert AgeAssessment.objects.filter(child=child).count() == 1

"""Age assessments over the API, under the child: /children/{child_id}/age-assessments."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.accounts.models import User
from kinhaven.ages.access import access_age_assessment_by_id
from kinhaven.ages.enums import AgeMethod
from kinhaven.ages.models import AgeAssessment
from kinhaven.ages.schemas import (
    AgeAppealDecisionIn,
    AgeAppealIn,
    AgeAssessmentOut,
    AgeDecisionIn,
    AgeNoticeIn,
    AgeRequestIn,
    AgeStandingOut,
    AgeStepIn,
    AgeWithdrawalIn,
)
from kinhaven.ages.selectors import (
    MEDICAL_SECTION,
    READ_SECTION,
    age_assessment_with_history,
    age_assessments_for_child,
    age_standing,
    range_in_force,
    treated_as_child,
)
from kinhaven.ages.services import (
    age_assessment_appeal,
    age_assessment_appeal_decide,
    age_assessment_decide,
    age_assessment_notice_add,
    age_assessment_request,
    age_assessment_step_add,
    age_assessment_withdraw,
)
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.errors import NotFound

# Mounted under /children: an assessment belongs to the child's record.
router = Router(tags=["age assessment"])


def _name(user: User | None) -> str:
    return user.username if user is not None else ""


def _range(lowest: int | None, highest: int | None) -> dict[str, int] | None:
    if lowest is None or highest is None:
        return None
    return {"min_age": lowest, "max_age": highest}


def _out(assessment: AgeAssessment, *, health: bool) -> dict[str, Any]:
    """An assessment with its history; a medical examination's findings only for those who read
    the health section of the child's file."""
    span = range_in_force(assessment)
    decided = assessment.decided_on is not None
    return {
        "id": assessment.public_id,
        "child_id": assessment.child.public_id,
        "status": assessment.status,
        "trigger": assessment.trigger,
        "reason": assessment.reason,
        "override_reason": assessment.override_reason,
        "requested_by": _name(assessment.requested_by),
        "requested_at": assessment.requested_at,
        "steps": [
            {
                "position": s.position,
                "method": s.method,
                "performed_on": s.performed_on,
                "performed_by": s.performed_by,
                "guardian_present": s.guardian_present,
                "findings": s.findings if health or s.method != AgeMethod.MEDICAL else None,
                "settles_age": s.settles_age,
                "insufficiency_reason": s.insufficiency_reason,
                "child_consent_on": s.child_consent_on,
                "guardian_consent_on": s.guardian_consent_on,
                "recorded_by": _name(s.recorded_by),
                "recorded_at": s.recorded_at,
            }
            for s in assessment.steps.all()
        ],
        "decision": {
            "min_age": assessment.min_age,
            "max_age": assessment.max_age,
            "decided_on": assessment.decided_on,
            "decided_by": _name(assessment.decided_by),
            "authority": assessment.authority,
            "reasons": assessment.reasons,
            "remedy": assessment.remedy,
        }
        if decided
        else None,
        "appeals": [
            {
                "lodged_on": a.lodged_on,
                "lodged_by": a.lodged_by,
                "grounds": a.grounds,
                "recorded_by": _name(a.recorded_by),
                "outcome": a.outcome,
                "range": _range(a.min_age, a.max_age),
                "decided_on": a.decided_on,
                "authority": a.authority,
                "reasons": a.reasons,
                "remedy": a.remedy,
            }
            for a in assessment.appeals.all()
        ],
        "notices": [
            {
                "recipient": n.recipient,
                "of": "appeal_decision" if n.appeal_id is not None else "decision",
                "notified_on": n.notified_on,
                "language": n.language,
                "means": n.means,
                "interpreter": n.interpreter,
                "note": n.note,
                "recorded_by": _name(n.recorded_by),
            }
            for n in assessment.notices.all()
        ],
        "range": _range(*span) if span else None,
        "treated_as_child": treated_as_child(assessment),
        "withdrawn_at": assessment.withdrawn_at,
        "withdrawal_reason": assessment.withdrawal_reason,
    }


def _health(user: User, assessment: AgeAssessment) -> bool:
    return MEDICAL_SECTION in child_section_access_for(user, assessment.child).read


def _answer(user: User, assessment: AgeAssessment) -> dict[str, Any]:
    """The assessment as it stands after a change, for the one who made it."""
    full = age_assessment_with_history(assessment=assessment)
    return _out(full, health=_health(user, full))


def _for_update(user: User, child_id: uuid.UUID, assessment_id: uuid.UUID) -> AgeAssessment:
    return access_age_assessment_by_id(
        user, assessment_id, child_id=child_id, action=AuditAction.AGE_ASSESSMENT_READ_FOR_UPDATE
    )


@router.get("/{child_id}/age", response=AgeStandingOut)
def child_age_standing(request: HttpRequest, child_id: uuid.UUID) -> dict[str, Any]:
    """Whether the person is treated as a child now, and how that was reached: the recorded age,
    the range in force and the assessment it comes from. The benefit of the doubt: a child
    while an assessment or an appeal is pending, and where the range reaches below 18."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    access = child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        raise NotFound()
    assessments = list(age_assessments_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="age_assessment", records=assessments)
    standing = age_standing(child=child, assessments=assessments)
    return {
        "treated_as_child": standing.treated_as_child,
        "basis": standing.basis.value,
        "on_appeal": standing.on_appeal,
        "recorded_age": standing.recorded_age,
        "recorded_on": standing.recorded_on,
        "range": _range(*standing.range) if standing.range else None,
        "assessment_id": standing.assessment.public_id if standing.assessment else None,
    }


@router.get("/{child_id}/age-assessments", response=list[AgeAssessmentOut])
def age_assessment_list(request: HttpRequest, child_id: uuid.UUID) -> list[dict[str, Any]]:
    """The child's age assessments, newest first, if you read the child's identity (else none)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    access = child_section_access_for(user, child)
    assessments = list(age_assessments_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="age_assessment", records=assessments)
    health = MEDICAL_SECTION in access.read
    return [_out(a, health=health) for a in assessments]


@router.post("/{child_id}/age-assessments", response={201: AgeAssessmentOut})
def age_assessment_create(
    request: HttpRequest, child_id: uuid.UUID, payload: AgeRequestIn
) -> Status[dict[str, Any]]:
    """Ask for the child's age to be assessed: only where there is doubt, with the reason."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    assessment = age_assessment_request(actor=user, child=child, data=payload)
    return Status(201, _answer(user, assessment))


@router.get("/{child_id}/age-assessments/{assessment_id}", response=AgeAssessmentOut)
def age_assessment_detail(
    request: HttpRequest, child_id: uuid.UUID, assessment_id: uuid.UUID
) -> dict[str, Any]:
    user = request_user(request)
    assessment = access_age_assessment_by_id(user, assessment_id, child_id=child_id)
    return _answer(user, assessment)


@router.post("/{child_id}/age-assessments/{assessment_id}/steps", response={201: AgeAssessmentOut})
def age_assessment_step_create(
    request: HttpRequest, child_id: uuid.UUID, assessment_id: uuid.UUID, payload: AgeStepIn
) -> Status[dict[str, Any]]:
    """Record a method applied. A medical examination comes last, never first: after a less
    intrusive method that did not settle the age, with the reason and the informed consent of
    the child and of the guardian; otherwise 422 naming the field."""
    user = request_user(request)
    assessment = _for_update(user, child_id, assessment_id)
    age_assessment_step_add(actor=user, assessment=assessment, data=payload)
    return Status(201, _answer(user, assessment))


@router.post("/{child_id}/age-assessments/{assessment_id}/decision", response=AgeAssessmentOut)
def age_assessment_decision(
    request: HttpRequest, child_id: uuid.UUID, assessment_id: uuid.UUID, payload: AgeDecisionIn
) -> dict[str, Any]:
    """Decide the age as a range; the child's recorded age becomes its lowest age, and where
    that is below 18 the person is a child. Needs the capability age.decide."""
    user = request_user(request)
    assessment = _for_update(user, child_id, assessment_id)
    age_assessment_decide(actor=user, assessment=assessment, data=payload)
    return _answer(user, assessment)


@router.post(
    "/{child_id}/age-assessments/{assessment_id}/notifications", response={201: AgeAssessmentOut}
)
def age_assessment_notice_create(
    request: HttpRequest, child_id: uuid.UUID, assessment_id: uuid.UUID, payload: AgeNoticeIn
) -> Status[dict[str, Any]]:
    """Record that the child or the guardian was told of the decision, with the language."""
    user = request_user(request)
    assessment = _for_update(user, child_id, assessment_id)
    age_assessment_notice_add(actor=user, assessment=assessment, data=payload)
    return Status(201, _answer(user, assessment))


@router.post(
    "/{child_id}/age-assessments/{assessment_id}/appeals", response={201: AgeAssessmentOut}
)
def age_assessment_appeal_create(
    request: HttpRequest, child_id: uuid.UUID, assessment_id: uuid.UUID, payload: AgeAppealIn
) -> Status[dict[str, Any]]:
    """Record an appeal; the person is treated as a child until it is decided."""
    user = request_user(request)
    assessment = _for_update(user, child_id, assessment_id)
    age_assessment_appeal(actor=user, assessment=assessment, data=payload)
    return Status(201, _answer(user, assessment))


@router.post(
    "/{child_id}/age-assessments/{assessment_id}/appeal-decision", response=AgeAssessmentOut
)
def age_assessment_appeal_decision(
    request: HttpRequest,
    child_id: uuid.UUID,
    assessment_id: uuid.UUID,
    payload: AgeAppealDecisionIn,
) -> dict[str, Any]:
    """Record the decision on the pending appeal: confirmed, or a new range."""
    user = request_user(request)
    assessment = _for_update(user, child_id, assessment_id)
    age_assessment_appeal_decide(actor=user, assessment=assessment, data=payload)
    return _answer(user, assessment)


@router.post("/{child_id}/age-assessments/{assessment_id}/withdrawal", response=AgeAssessmentOut)
def age_assessment_withdrawal(
    request: HttpRequest, child_id: uuid.UUID, assessment_id: uuid.UUID, payload: AgeWithdrawalIn
) -> dict[str, Any]:
    """Withdraw the assessment before its decision, when the doubt is gone."""
    user = request_user(request)
    assessment = _for_update(user, child_id, assessment_id)
    age_assessment_withdraw(actor=user, assessment=assessment, data=payload)
    return _answer(user, assessment)

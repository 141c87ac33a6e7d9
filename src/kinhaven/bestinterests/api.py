"""Best interests over the API, under the child: /children/{child_id}/best-interests."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.bestinterests.access import (
    access_assessment_by_id,
    access_determination_by_id,
    access_version_by_id,
)
from kinhaven.bestinterests.models import (
    AssessmentVersion,
    BestInterestsAssessment,
    BestInterestsDetermination,
)
from kinhaven.bestinterests.schemas import (
    ApprovalDecisionIn,
    AssessmentVersionIn,
    AssessmentVersionOut,
    BestInterestsOut,
    DeterminationIn,
    DeterminationOut,
)
from kinhaven.bestinterests.selectors import (
    assessments_for_child,
    determination_is_current,
    determinations_for_child,
    disciplines_active,
    version_current,
)
from kinhaven.bestinterests.services import (
    bia_version_decide,
    bia_version_record,
    bia_version_submit,
    bid_record,
)
from kinhaven.children.access import access_child_by_id
from kinhaven.children.selectors import child_section_access_for

# Mounted under /children: best-interests records belong to the child's file (section care).
router = Router(tags=["best interests"])


def _version(v: AssessmentVersion) -> dict[str, Any]:
    return {
        "id": v.public_id,
        "number": v.number,
        "status": v.status,
        "safety_risks": v.safety_risks,
        "family_relationships": v.family_relationships,
        "health": v.health,
        "education": v.education,
        "identity": v.identity,
        "culture_language": v.culture_language,
        "child_views": v.child_views,
        "heard_how": v.heard_how,
        "heard_language": v.heard_language,
        "heard_with": v.heard_with,
        "guardian_view": v.guardian_view,
        "recorded_at": v.recorded_at,
        "decided_at": v.decided_at,
        "sent_back_reasons": v.sent_back_reasons,
    }


def _assessment(a: BestInterestsAssessment) -> dict[str, Any]:
    current = version_current(a)
    return {
        "id": a.public_id,
        "case_id": a.case.public_id,
        "opened_at": a.opened_at,
        "current_version": current.number if current else None,
        "versions": [_version(v) for v in a.versions.all()],
    }


def _determination(d: BestInterestsDetermination) -> dict[str, Any]:
    return {
        "id": d.public_id,
        "case_id": d.case.public_id,
        "assessment_version": d.assessment_version.number,
        "purposes": list(d.purposes),
        "options": d.options,
        "factors": d.factors,
        "decision": d.decision,
        "reasons": d.reasons,
        "child_views": d.child_views,
        "heard_how": d.heard_how,
        "heard_language": d.heard_language,
        "heard_with": d.heard_with,
        "guardian_present": d.guardian_present,
        "guardian_written_view": d.guardian_written_view,
        "decided_on": d.decided_on,
        "review_on": d.review_on,
        "current": determination_is_current(d),
        "members": [
            {
                "name": m.name,
                "discipline": m.discipline.code,
                "position": m.position,
                "reasons": m.reasons,
            }
            for m in d.members.all()
        ],
    }


@router.get("/{child_id}/best-interests", response=BestInterestsOut)
def best_interests_overview(request: HttpRequest, child_id: uuid.UUID) -> dict[str, Any]:
    """The child's BIAs with every version (the current one: the latest approved) and BIDs with
    their panels, if you read the care section of the child's file (else empty lists); the
    disciplines a panel member may bring."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    access = child_section_access_for(user, child)
    assessments = list(assessments_for_child(user=user, child=child, access=access))
    determinations = list(determinations_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="best_interests_assessment", records=assessments)
    audit_consultation(
        actor=user, object_type="best_interests_determination", records=determinations
    )
    return {
        "assessments": [_assessment(a) for a in assessments],
        "determinations": [_determination(d) for d in determinations],
        "disciplines": [{"code": d.code, "label": d.label} for d in disciplines_active()],
    }


@router.post(
    "/{child_id}/best-interests/assessments/{assessment_id}/versions",
    response={201: AssessmentVersionOut},
)
def best_interests_version_create(
    request: HttpRequest,
    child_id: uuid.UUID,
    assessment_id: uuid.UUID,
    payload: AssessmentVersionIn,
) -> Status[dict[str, Any]]:
    """Record a new version of the BIA (earlier ones are kept); one in the works at a time
    (409)."""
    user = request_user(request)
    assessment = access_assessment_by_id(
        user,
        assessment_id,
        child_id=child_id,
        action=AuditAction.BEST_INTERESTS_ASSESSMENT_READ_FOR_UPDATE,
    )
    version = bia_version_record(actor=user, assessment=assessment, data=payload)
    return Status(201, _version(version))


@router.post(
    "/{child_id}/best-interests/versions/{version_id}/submission",
    response=AssessmentVersionOut,
)
def best_interests_version_submit(
    request: HttpRequest, child_id: uuid.UUID, version_id: uuid.UUID
) -> dict[str, Any]:
    """Submit a draft version for approval."""
    user = request_user(request)
    version = access_version_by_id(
        user,
        version_id,
        child_id=child_id,
        action=AuditAction.BEST_INTERESTS_ASSESSMENT_READ_FOR_UPDATE,
    )
    return _version(bia_version_submit(actor=user, version=version))


@router.post(
    "/{child_id}/best-interests/versions/{version_id}/decision",
    response=AssessmentVersionOut,
)
def best_interests_version_decision(
    request: HttpRequest,
    child_id: uuid.UUID,
    version_id: uuid.UUID,
    payload: ApprovalDecisionIn,
) -> dict[str, Any]:
    """Approve the submitted version, or send it back with reasons; needs the capability
    best_interests.approve, and someone other than the one who submitted it."""
    user = request_user(request)
    version = access_version_by_id(
        user,
        version_id,
        child_id=child_id,
        action=AuditAction.BEST_INTERESTS_ASSESSMENT_READ_FOR_UPDATE,
    )
    return _version(bia_version_decide(actor=user, version=version, data=payload))


@router.post("/{child_id}/best-interests/determinations", response={201: DeterminationOut})
def best_interests_determination_create(
    request: HttpRequest, child_id: uuid.UUID, payload: DeterminationIn
) -> Status[dict[str, Any]]:
    """Record a panel's determination: at least three distinct disciplines, each member's
    position (a dissent with reasons), the guardian present or their written view, the child's
    views, the decision with reasons and a review date (a deadline). Needs the capability
    best_interests.determine and an approved BIA written by someone else (409 / 403)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    bid = bid_record(actor=user, child=child, data=payload)
    full = access_determination_by_id(user, bid.public_id, child_id=child_id)
    return Status(201, _determination(full))

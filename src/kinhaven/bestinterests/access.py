"""The only ways to a single BIA version and a single BID."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.bestinterests.models import (
    AssessmentVersion,
    BestInterestsAssessment,
    BestInterestsDetermination,
)
from kinhaven.bestinterests.selectors import READ_SECTION
from kinhaven.children.selectors import (
    child_record_scope_q,
    child_section_access_for,
)


def access_assessment_by_id(
    user: User,
    assessment_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    action: AuditAction = AuditAction.BEST_INTERESTS_ASSESSMENT_READ,
) -> BestInterestsAssessment:
    """Return a BIA of the given child, if the user sees the child and reads its care section;
    raise NotFound otherwise.

    Security goal: a BIA holds the child's views, health and family; only those who read the
    child's care section reach it, under the child it belongs to. Hidden, foreign and missing
    ones answer alike, and every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=BestInterestsAssessment.objects.filter(
            child_record_scope_q(user, child_id, "")
        ).select_related("child", "child__agency", "case"),
        public_id=assessment_id,
        object_type="best_interests_assessment",
        action=action,
        not_found=_("Best-interests assessment not found."),
        allow=lambda a: READ_SECTION in child_section_access_for(user, a.child).read,
    )


def access_version_by_id(
    user: User,
    version_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    action: AuditAction = AuditAction.BEST_INTERESTS_ASSESSMENT_READ,
) -> AssessmentVersion:
    """Return a version of a BIA of the given child, as access_assessment_by_id."""
    return audited_lookup(
        actor=user,
        queryset=AssessmentVersion.objects.filter(
            child_record_scope_q(user, child_id, "assessment__")
        ).select_related("assessment", "assessment__child", "assessment__child__agency"),
        public_id=version_id,
        object_type="best_interests_assessment",
        action=action,
        not_found=_("Best-interests assessment not found."),
        allow=lambda v: READ_SECTION in child_section_access_for(user, v.assessment.child).read,
    )


def access_determination_by_id(
    user: User,
    determination_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    action: AuditAction = AuditAction.BEST_INTERESTS_DETERMINATION_READ,
) -> BestInterestsDetermination:
    """Return a BID of the given child, as access_assessment_by_id."""
    return audited_lookup(
        actor=user,
        queryset=BestInterestsDetermination.objects.filter(
            child_record_scope_q(user, child_id, "")
        ).select_related("child", "child__agency", "case", "assessment_version"),
        public_id=determination_id,
        object_type="best_interests_determination",
        action=action,
        not_found=_("Best-interests determination not found."),
        allow=lambda d: READ_SECTION in child_section_access_for(user, d.child).read,
    )

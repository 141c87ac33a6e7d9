"""Scoped reads of best-interests assessments and determinations, and which of them count: the
current BIA is its latest approved version; the current BID is the latest whose review date has
not passed (docs/best-interests.md)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import User
from kinhaven.bestinterests.enums import VersionStatus
from kinhaven.bestinterests.models import (
    AssessmentVersion,
    BestInterestsAssessment,
    BestInterestsDetermination,
    Discipline,
    PanelMember,
)
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for, child_visibility_q
from kinhaven.core import time

# Best-interests data belong to the care section of the child's file.
READ_SECTION = Section.CARE


def best_interests_visibility_q(user: User) -> Q:
    """Records of the children the user sees; the care section is checked per child."""
    return Q(child__in=Child.objects.filter(child_visibility_q(user)))


def assessments_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[BestInterestsAssessment]:
    """The BIAs of a child the caller holds through access_child_by_id, newest first, with their
    versions, if the user reads the care section; none otherwise."""
    access = access or child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        return BestInterestsAssessment.objects.none()
    return (
        BestInterestsAssessment.objects.filter(child=child)
        .select_related("case")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=AssessmentVersion.objects.select_related("recorded_by", "decided_by"),
            )
        )
    )


def determinations_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[BestInterestsDetermination]:
    """The BIDs of a child, newest first, with their panels, if the user reads the care
    section; none otherwise."""
    access = access or child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        return BestInterestsDetermination.objects.none()
    return _determinations(child)


def _determinations(child: Child) -> QuerySet[BestInterestsDetermination]:
    return (
        BestInterestsDetermination.objects.filter(child=child)
        .select_related("case", "assessment_version", "recorded_by")
        .prefetch_related(
            Prefetch("members", queryset=PanelMember.objects.select_related("discipline"))
        )
    )


def version_current(assessment: BestInterestsAssessment) -> AssessmentVersion | None:
    """The version that counts: the latest approved."""
    approved = [v for v in assessment.versions.all() if v.status == VersionStatus.APPROVED]
    return approved[-1] if approved else None


def version_current_for_child(child: Child) -> AssessmentVersion | None:
    """The latest approved version of any of the child's BIAs (unscoped: for services)."""
    return (
        AssessmentVersion.objects.filter(assessment__child=child, status=VersionStatus.APPROVED)
        .select_related("assessment", "assessment__case")
        .order_by("-decided_at", "-id")
        .first()
    )


def determination_is_current(bid: BestInterestsDetermination, on: dt.date | None = None) -> bool:
    """A BID is current from its decision until its review date has passed (the review date
    itself included); a newer BID replaces it."""
    return bid.review_on >= (on or time.today())


def determination_current(child: Child) -> BestInterestsDetermination | None:
    """The child's current BID (unscoped: for services and the gate), or None."""
    latest = _determinations(child).first()
    return latest if latest is not None and determination_is_current(latest) else None


def disciplines_active() -> QuerySet[Discipline]:
    return Discipline.objects.filter(active=True)

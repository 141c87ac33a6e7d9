"""Scoped reads of age assessments, and the child's age standing: whether the software treats the
person as a child now, and how that was reached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import User
from kinhaven.ages.enums import (
    ADULT_AGE,
    DECIDED_STATUSES,
    OPEN_STATUSES,
    AgeBasis,
    AppealOutcome,
    AssessmentStatus,
)
from kinhaven.ages.models import AgeAssessment, AgeAssessmentAppeal
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for, child_visibility_q

# The age is part of the child's identity (children.sections.FIELD_SECTIONS); so is its
# assessment. A medical examination's findings are health data besides.
READ_SECTION = Section.IDENTITY
MEDICAL_SECTION = Section.HEALTH


def age_assessment_open_q() -> Q:
    """Assessments that stand open: requested, under way or under appeal (one per child)."""
    return Q(status__in=OPEN_STATUSES)


def age_assessment_visibility_q(user: User) -> Q:
    """Assessments of the children the user sees; the identity section is checked per child."""
    return Q(child__in=Child.objects.filter(child_visibility_q(user)))


def _with_history(queryset: QuerySet[AgeAssessment]) -> QuerySet[AgeAssessment]:
    return queryset.select_related(
        "child", "requested_by", "decided_by", "withdrawn_by"
    ).prefetch_related(
        "steps__recorded_by",
        "notices__recorded_by",
        Prefetch(
            "appeals",
            queryset=AgeAssessmentAppeal.objects.select_related(
                "recorded_by", "decision_recorded_by"
            ),
        ),
    )


def age_assessments_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[AgeAssessment]:
    """The assessments of a child the caller holds through access_child_by_id, newest first, if
    the user reads the child's identity (`access`, if the caller has it already); none
    otherwise. A fixed number of queries."""
    access = access or child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        return AgeAssessment.objects.none()
    return _with_history(AgeAssessment.objects.filter(child=child))


def age_assessment_with_history(*, assessment: AgeAssessment) -> AgeAssessment:
    """The assessment again, with its steps, notices and appeals, after a change."""
    return _with_history(AgeAssessment.objects.filter(pk=assessment.pk)).get()


def current_appeal(assessment: AgeAssessment) -> AgeAssessmentAppeal | None:
    """The appeal that stands last: pending, or the latest decided."""
    appeals = list(assessment.appeals.all())
    return appeals[-1] if appeals else None


def range_in_force(assessment: AgeAssessment) -> tuple[int, int] | None:
    """The decided range: the latest one set on appeal, else the decision's; None undecided."""
    if assessment.status not in DECIDED_STATUSES or assessment.min_age is None:
        return None
    lowest, highest = assessment.min_age, assessment.max_age
    for appeal in assessment.appeals.all():
        if appeal.outcome == AppealOutcome.CHANGED and appeal.min_age is not None:
            lowest, highest = appeal.min_age, appeal.max_age
    assert highest is not None  # noqa: S101  # both ends are stored together
    return lowest, highest


def treated_as_child(assessment: AgeAssessment) -> bool:
    """What the assessment says now, by the benefit of the doubt: a child while it is pending or
    under appeal (Directive 2011/36/EU Art. 13(2); CETS 197 Art. 10(3)), and where the lowest
    age of the range is below 18 (EUAA guide 2018)."""
    span = range_in_force(assessment)
    if span is None or assessment.status == AssessmentStatus.UNDER_APPEAL:
        return True
    return span[0] < ADULT_AGE


@dataclass(frozen=True)
class AgeStanding:
    """Whether the person is treated as a child now, why, and by which assessment."""

    treated_as_child: bool
    basis: AgeBasis
    on_appeal: bool
    recorded_age: int | None
    recorded_on: dt.date | None
    range: tuple[int, int] | None
    assessment: AgeAssessment | None


def age_standing(*, child: Child, assessments: list[AgeAssessment]) -> AgeStanding:
    """The child's standing from its assessments (newest first, as age_assessments_for_child
    gives them): the newest not withdrawn governs; without one, the person is treated as a
    child."""
    governing = next((a for a in assessments if a.status != AssessmentStatus.WITHDRAWN), None)
    recorded = (child.age_estimate_years, child.age_estimated_on)
    if governing is None:
        return AgeStanding(True, AgeBasis.NOT_ASSESSED, False, *recorded, None, None)
    span = range_in_force(governing)
    status = governing.status
    on_appeal = status == AssessmentStatus.APPEAL_DECIDED
    if status == AssessmentStatus.UNDER_APPEAL:
        basis = AgeBasis.APPEAL_PENDING
    elif span is None:
        basis = AgeBasis.PENDING
    elif span[0] < ADULT_AGE:
        basis = AgeBasis.ASSESSED_CHILD
    else:
        basis = AgeBasis.ASSESSED_ADULT
    return AgeStanding(treated_as_child(governing), basis, on_appeal, *recorded, span, governing)

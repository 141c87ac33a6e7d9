"""Scoped reads of missing episodes: a child's episodes with their sightings and actions, the
counts per child and per placement, and who is told of a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from kinhaven.accounts.enums import RoleCode, Section
from kinhaven.accounts.models import User
from kinhaven.care.models import Placement, PlacementVisit
from kinhaven.cases.models import Case
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for, child_visibility_q
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
from kinhaven.intake.models import Report
from kinhaven.missing.models import Episode, EpisodeAction, Sighting

# Where a child was last seen and found is the location section of the child's file.
READ_SECTION = Section.LOCATION

EPISODE_DEADLINES = [
    DeadlineCode.MISSING_POLICE_INFORMED_URGENT,
    DeadlineCode.MISSING_POLICE_INFORMED,
    DeadlineCode.MISSING_NATIONAL_ALERT,
    DeadlineCode.MISSING_RETURN_INTERVIEW,
]


def episode_visibility_q(user: User) -> Q:
    """Episodes of the children the user sees; the location section is checked per child."""
    return Q(child__in=Child.objects.filter(child_visibility_q(user)))


def _full(queryset: QuerySet[Episode]) -> QuerySet[Episode]:
    return queryset.select_related("child", "child__agency", "case", "placement").prefetch_related(
        Prefetch("sightings", queryset=Sighting.objects.order_by("-seen_at", "-id")),
        Prefetch("actions", queryset=EpisodeAction.objects.order_by("-taken_at", "-id")),
    )


def episodes_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[Episode]:
    """The episodes of a child the caller holds through access_child_by_id, newest first, with
    their sightings and actions, if the user reads the location section; none otherwise."""
    access = access or child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        return Episode.objects.none()
    return _full(Episode.objects.filter(child=child))


def episode_full(*, episode: Episode) -> Episode:
    """The episode again, with its sightings and actions, after a change."""
    return _full(Episode.objects.filter(pk=episode.pk)).get()


def episode_deadlines(*, episode: Episode) -> list[Deadline]:
    """The deadlines an episode started, on its case, from its report on."""
    return list(
        Deadline.objects.filter(
            case=episode.case, code__in=EPISODE_DEADLINES, created_at__gte=episode.reported_at
        ).order_by("due_at", "id")
    )


def episodes_count_for_child(*, child: Child) -> int:
    """How many times the child was reported missing."""
    return Episode.objects.filter(child=child).count()


def episodes_count_for_placement(*, placement: Placement) -> int:
    """How many missing episodes began while a child was in this placement."""
    return Episode.objects.filter(placement=placement).count()


def police_contacts(*, child: Child) -> list[User]:
    """The police contact of a child: the active police investigators of the agency that holds
    the child's record (Kinhaven has no other notion of a police contact; docs/missing.md)."""
    return list(
        User.objects.filter(
            agency_id=child.agency_id, is_active=True, role__code=RoleCode.POLICE_INVESTIGATOR
        )
    )


def case_supervisors(*, case: Case) -> list[User]:
    """The supervisors of the agency holding the case (as deadlines escalate to them)."""
    return list(
        User.objects.filter(
            agency_id=case.agency_id, is_active=True, role__code=RoleCode.SUPERVISOR
        )
    )


@dataclass(frozen=True)
class FollowUps:
    """What finding the child called for, and when it was done: the ILO indicators screened
    again on one of the child's reports, and the placement reviewed (a visit to the child in it,
    or a new placement) from the day the child was found."""

    rescreened_at: dt.datetime | None
    placement_reviewed_on: dt.date | None

    def rescreening_due(self, episode: Episode) -> bool:
        return episode.rescreening_due and self.rescreened_at is None

    def placement_review_due(self, episode: Episode) -> bool:
        return episode.placement_review_due and self.placement_reviewed_on is None


def episode_follow_ups(*, episode: Episode) -> FollowUps:
    """The follow-ups of a child found (unscoped: shown with the episode, to its readers). Each
    counts when recorded after the child was recorded found, and dated from the day found."""
    found, recorded = episode.found_at, episode.ended_at
    if found is None or recorded is None:
        return FollowUps(None, None)
    screened = (
        Report.objects.filter(child_id=episode.child_id, screened_at__gte=recorded)
        .order_by("screened_at")
        .values_list("screened_at", flat=True)
        .first()
    )
    day = found.date()
    visited = (
        PlacementVisit.objects.filter(
            placement__child_id=episode.child_id, visited_on__gte=day, created_at__gte=recorded
        )
        .order_by("visited_on")
        .values_list("visited_on", flat=True)
        .first()
    )
    moved = (
        Placement.objects.filter(
            child_id=episode.child_id, started_on__gte=day, created_at__gte=recorded
        )
        .order_by("started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    reviewed = min((d for d in (visited, moved) if d is not None), default=None)
    return FollowUps(screened, reviewed)

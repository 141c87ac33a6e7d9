"""Scoped reads of missing episodes: a child's episodes with their sightings and actions, the
counts per child and per placement, and who is told of a report."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from kinhaven.accounts.enums import RoleCode, Section
from kinhaven.accounts.models import User
from kinhaven.care.models import Placement
from kinhaven.cases.models import Case
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for, child_visibility_q
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
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

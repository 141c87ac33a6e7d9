"""Scoped reads across a child's tracks: assistance, child protection, asylum and residence,
criminal proceedings; and a guardian's wards."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import User
from kinhaven.bestinterests.models import BestInterestsAssessment, BestInterestsDetermination
from kinhaven.bestinterests.selectors import (
    assessments_for_child,
    determination_is_current,
    determinations_for_child,
    version_current,
)
from kinhaven.care.models import Placement
from kinhaven.care.selectors import placements_for_child
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import case_visibility_q
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess, role_section_access
from kinhaven.children.selectors import child_section_access_for, child_visibility_q
from kinhaven.conferences.models import ActionItem, Conference
from kinhaven.core import time
from kinhaven.deadlines.enums import DeadlineCode, DeadlineState
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.selectors import deadline_rows, deadline_visibility_q
from kinhaven.identification.selectors import child_identification_status
from kinhaven.legal.enums import VICTIM_OUTCOMES, ChildRole, PermitBasis, Track
from kinhaven.legal.information import Decision, decisions_for
from kinhaven.legal.models import ChildInformation, LegalTask, Proceeding, ResidencePermit
from kinhaven.referrals.enums import ReferralStatus, ServiceKind
from kinhaven.referrals.models import Referral
from kinhaven.referrals.selectors import referral_visibility_q
from kinhaven.solutions.models import Departure, Plan
from kinhaven.solutions.selectors import departures_for_child, plan_live, plans_for_child

# Referrals that belong to the legal tracks; every other service is assistance.
LEGAL_SERVICES = frozenset({ServiceKind.ASYLUM, ServiceKind.LEGAL_AID})
# Deadlines that belong to the residence track; the others to child protection.
RESIDENCE_DEADLINES = frozenset({DeadlineCode.REFLECTION_PERIOD, DeadlineCode.PERMIT_RENEWAL})
LIVE_REFERRALS = (ReferralStatus.PENDING, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
RECENT_CONFERENCES = 5


def proceeding_visibility_q(user: User) -> Q:
    """Proceedings of the children the user sees; the legal section is checked per child."""
    return Q(child__in=Child.objects.filter(child_visibility_q(user)))


def proceedings_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[Proceeding]:
    """The proceedings of a child the caller holds through access_child_by_id, if the user reads
    the legal section of the child's file (`access`, if the caller has it already); none
    otherwise."""
    access = access or child_section_access_for(user, child)
    if Section.LEGAL not in access.read:
        return Proceeding.objects.none()
    return (
        Proceeding.objects.filter(child=child)
        .select_related("child")
        .prefetch_related("changes__changed_by")
    )


COOPERATION_WARNING = _(
    "This permit depends on the child's cooperation with the authorities. Seek a basis that "
    "does not depend on the child's part in proceedings: a child's residence is not to be made "
    "conditional on cooperating with criminal proceedings."
)


def permit_warning(permit: ResidencePermit) -> str | Promise:
    """The warning a permit carries: one granted for the child's cooperation with the
    authorities (CETS 197 Art. 14(1)(b)) ties the child's residence to criminal proceedings,
    which the seeds ask to delink (docs/residence.md)."""
    return COOPERATION_WARNING if permit.basis == PermitBasis.COOPERATION else ""


def child_is_possible_victim(child: Child) -> bool:
    """Whether the identification in force finds the child a possible or actual victim;
    computed once per child object."""
    cached: bool | None = getattr(child, "_possible_victim", None)
    if cached is None:
        cached = child_identification_status(child).outcome in VICTIM_OUTCOMES
        child._possible_victim = cached  # type: ignore[attr-defined]
    return cached


def non_punishment_applies(proceeding: Proceeding) -> bool:
    """A criminal proceeding in which the child is a suspect, while the child is a possible or
    actual victim of trafficking: the non-punishment principle applies (CETS 197 Art. 26;
    Directive 2011/36/EU Art. 8). Computed, so it follows the identification decisions."""
    return (
        proceeding.track == Track.CRIMINAL
        and proceeding.child_role == ChildRole.SUSPECT
        and child_is_possible_victim(proceeding.child)
    )


def permits_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[ResidencePermit]:
    """The residence permits of a child the caller holds through access_child_by_id, if the user
    reads the legal section of the child's file; none otherwise."""
    access = access or child_section_access_for(user, child)
    if Section.LEGAL not in access.read:
        return ResidencePermit.objects.none()
    return ResidencePermit.objects.filter(child=child).select_related("child")


def legal_tasks_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[LegalTask]:
    """The open tasks on a child's legal tracks, if the user reads the legal section."""
    access = access or child_section_access_for(user, child)
    if Section.LEGAL not in access.read:
        return LegalTask.objects.none()
    return LegalTask.objects.filter(child=child, done_at__isnull=True).select_related("owner")


def legal_task_visibility_q(user: User) -> Q:
    """Tasks on the children the user sees; the legal section is checked per child."""
    return Q(child__in=Child.objects.filter(child_visibility_q(user)))


@dataclass
class Tracks:
    """Everything on a child the user may see, by track."""

    legal_readable: bool
    assistance: list[Referral] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    deadlines: list[tuple[Deadline, DeadlineState]] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    tasks: list[ActionItem] = field(default_factory=list)
    asylum: list[Proceeding] = field(default_factory=list)
    residence: list[Proceeding] = field(default_factory=list)
    residence_deadlines: list[tuple[Deadline, DeadlineState]] = field(default_factory=list)
    legal_referrals: list[Referral] = field(default_factory=list)
    criminal: list[Proceeding] = field(default_factory=list)
    # Alternative care: the placements with their visits, where the care section is yours.
    care_readable: bool = False
    placements: list[Placement] = field(default_factory=list)
    # Best interests (care section): the assessments with their versions, the determinations.
    assessments: list[BestInterestsAssessment] = field(default_factory=list)
    determinations: list[BestInterestsDetermination] = field(default_factory=list)
    # Durable solutions (care section): the plans with their steps, the departure decisions.
    plans: list[Plan] = field(default_factory=list)
    departures: list[Departure] = field(default_factory=list)
    permits: list[ResidencePermit] = field(default_factory=list)
    legal_tasks: list[LegalTask] = field(default_factory=list)

    def records(self) -> list[object]:
        """The records shown, for the consultation audit."""
        return [
            *self.assistance,
            *self.legal_referrals,
            *self.cases,
            *self.conferences,
            *self.tasks,
            *self.asylum,
            *self.residence,
            *self.criminal,
            *self.placements,
            *self.assessments,
            *self.determinations,
            *self.plans,
            *self.departures,
            *self.permits,
            *self.legal_tasks,
        ]

    @property
    def current_placement(self) -> Placement | None:
        return next((p for p in self.placements if p.ended_on is None), None)

    @property
    def assessment_rows(self) -> list[tuple[BestInterestsAssessment, Any, Any]]:
        """Each BIA with the version that counts (latest approved) and the latest version."""
        rows = []
        for a in self.assessments:
            versions = list(a.versions.all())
            rows.append((a, version_current(a), versions[-1] if versions else None))
        return rows

    @property
    def live_plan(self) -> Plan | None:
        """The durable-solution plan in the works or adopted."""
        return plan_live(self.plans)

    @property
    def current_determination(self) -> BestInterestsDetermination | None:
        """The latest BID while its review date has not passed."""
        latest = self.determinations[0] if self.determinations else None
        return latest if latest is not None and determination_is_current(latest) else None


def child_tracks(*, user: User, child: Child, access: SectionAccess | None = None) -> Tracks:
    """One view of a child across the tracks, for a child the caller holds through
    access_child_by_id: each part filtered by what the user may see (`access`, if the caller
    has it already). A fixed number of queries."""
    access = access or child_section_access_for(user, child)
    tracks = Tracks(
        legal_readable=Section.LEGAL in access.read, care_readable=Section.CARE in access.read
    )
    tracks.placements = list(placements_for_child(user=user, child=child, access=access))
    tracks.assessments = list(assessments_for_child(user=user, child=child, access=access))
    tracks.determinations = list(determinations_for_child(user=user, child=child, access=access))
    tracks.plans = list(plans_for_child(user=user, child=child, access=access))
    tracks.departures = list(departures_for_child(user=user, child=child, access=access))
    by_track: dict[str, list[Proceeding]] = {
        Track.ASYLUM: tracks.asylum,
        Track.RESIDENCE: tracks.residence,
        Track.CRIMINAL: tracks.criminal,
    }
    for p in proceedings_for_child(user=user, child=child, access=access):
        p.child = child  # one child object: its identification status is read once
        by_track[p.track].append(p)
    tracks.permits = list(permits_for_child(user=user, child=child, access=access))
    tracks.legal_tasks = list(legal_tasks_for_child(user=user, child=child, access=access))
    referrals = (
        Referral.objects.filter(referral_visibility_q(user), child=child)
        .select_related("to_agency", "from_agency", "service")
        .order_by("-created_at", "-id")
    )
    for r in referrals:
        (tracks.legal_referrals if r.service_kind in LEGAL_SERVICES else tracks.assistance).append(
            r
        )
    visible_cases = Case.objects.filter(case_visibility_q(user), child=child)
    tracks.cases = list(visible_cases.select_related("agency", "assigned_to"))
    deadlines = Deadline.objects.filter(
        deadline_visibility_q(user),
        case__child=child,
        completed_at__isnull=True,
    ).order_by("due_at", "id")
    for row in deadline_rows(deadlines):
        target = (
            tracks.residence_deadlines if row[0].code in RESIDENCE_DEADLINES else tracks.deadlines
        )
        target.append(row)
    tracks.conferences = list(
        Conference.objects.filter(case__in=visible_cases).order_by("-held_at")[:RECENT_CONFERENCES]
    )
    tracks.tasks = list(
        ActionItem.objects.filter(case__in=visible_cases, done_at__isnull=True)
        .select_related("owner")
        .order_by("due_on", "id")
    )
    return tracks


@dataclass
class Ward:
    """A child in the user's guardianship, with where each track stands."""

    child: Child
    name: str
    open_cases: list[Case]
    live_referrals: list[Referral]
    proceedings: list[Proceeding]
    overdue: int
    # The current placement, with its visits, where the role reads the care section.
    placement: Placement | None = None


def wards_for_guardian(*, user: User) -> list[Ward]:
    """The children whose active guardian the user is, each with a summary of every track.
    A fixed number of queries, however many children. The guardian reads what the role reads;
    names and proceedings are left out where the role does not read their sections."""
    readable = role_section_access(user).read
    legal, identity = Section.LEGAL in readable, Section.IDENTITY in readable
    care = Section.CARE in readable
    children = list(
        Child.objects.filter(child_visibility_q(user), guardian_id=user.pk)
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=Case.objects.filter(status__in=OPEN_STATUSES).order_by("-created_at"),
                to_attr="open_cases",
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.filter(status__in=LIVE_REFERRALS)
                .select_related("to_agency")
                .order_by("-created_at"),
                to_attr="live_referrals",
            ),
            Prefetch("proceedings", to_attr="proceeding_list"),
            Prefetch(
                "placements",
                queryset=Placement.objects.filter(ended_on__isnull=True)
                .select_related("service")
                .prefetch_related("visits"),
                to_attr="current_placements",
            ),
        )
        .order_by("family_name_latin", "given_name_latin", "id")
    )
    overdue = dict(
        Deadline.objects.filter(
            case__child__in=children,
            completed_at__isnull=True,
            due_at__lt=time.now(),
        )
        .values_list("case__child_id")
        .annotate(n=Count("id"))
        .values_list("case__child_id", "n")
    )
    return [
        Ward(
            child=c,
            name=c.display_name if identity else "",
            # Set by the Prefetch objects above.
            open_cases=c.open_cases,
            live_referrals=c.live_referrals,
            proceedings=c.proceeding_list if legal else [],
            overdue=overdue.get(c.pk, 0),
            placement=c.current_placements[0] if care and c.current_placements else None,
        )
        for c in children
    ]


def information_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[ChildInformation]:
    """What the child was told, newest first, if the user reads the legal section; none
    otherwise."""
    access = access or child_section_access_for(user, child)
    if Section.LEGAL not in access.read:
        return ChildInformation.objects.none()
    return ChildInformation.objects.filter(child=child).select_related("told_by")


def decisions_untold(
    *, child: Child, access: SectionAccess, decisions: list[Decision] | None = None
) -> list[Decision]:
    """The decisions on the child the user may see that no information record names yet, for a
    caller who checked the legal section is read; `decisions`, the caller's `decisions_for`
    list when it has one."""
    told = set(
        ChildInformation.objects.filter(child=child)
        .exclude(decision_kind="")
        .values_list("decision_kind", "decision_ref")
    )
    listed = decisions_for(child, access) if decisions is None else decisions
    return [d for d in listed if (d.kind, d.ref) not in told]

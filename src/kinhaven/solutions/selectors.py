"""Scoped reads of return and durable solutions: a child's assessments, plans with their steps,
departures; which assessment counts for a country (the latest); the users who may own a step."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import User
from kinhaven.accounts.selectors import casework_people
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for, child_visibility_q
from kinhaven.core import time
from kinhaven.solutions.models import Assessment, Departure, Plan, PlanStep

# Return and durable solutions belong to the care section of the child's file, with best
# interests and alternative care.
READ_SECTION = Section.CARE


def solutions_visibility_q(user: User) -> Q:
    """Records of the children the user sees; the care section is checked per child."""
    return Q(child__in=Child.objects.filter(child_visibility_q(user)))


def _reads(user: User, child: Child, access: SectionAccess | None) -> bool:
    access = access or child_section_access_for(user, child)
    return READ_SECTION in access.read


def assessments_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[Assessment]:
    """The child's risk and family assessments, newest first, if the user reads the care
    section; none otherwise."""
    if not _reads(user, child, access):
        return Assessment.objects.none()
    return Assessment.objects.filter(child=child).order_by("-assessed_on", "-recorded_at", "-id")


def _plans(child: Child) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(child=child)
        .select_related("case", "bid")
        .prefetch_related(
            Prefetch("steps", queryset=PlanStep.objects.select_related("owner", "done_by"))
        )
        .order_by("-created_at", "-id")
    )


def plans_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[Plan]:
    """The child's durable-solution plans, newest first, with their steps and owners, if the
    user reads the care section; none otherwise. A fixed number of queries."""
    if not _reads(user, child, access):
        return Plan.objects.none()
    return _plans(child)


def plan_with_steps(*, plan: Plan) -> Plan:
    """The plan again, with its steps, after a change."""
    return _plans(plan.child).get(pk=plan.pk)


def departures_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[Departure]:
    """The child's departure decisions, newest first, if the user reads the care section."""
    if not _reads(user, child, access):
        return Departure.objects.none()
    return Departure.objects.filter(child=child).select_related(
        "bid", "risk_assessment", "family_assessment"
    )


def assessment_latest(child: Child, kind: str, country: str) -> Assessment | None:
    """The assessment of this kind for this country that counts: the latest (unscoped: for the
    gate)."""
    return (
        Assessment.objects.filter(child=child, kind=kind, country=country)
        .order_by("-assessed_on", "-recorded_at", "-id")
        .first()
    )


def assessments_latest_ids(assessments: list[Assessment]) -> set[int]:
    """Among the assessments read (newest first), the latest of each kind and country."""
    seen: dict[tuple[str, str], int] = {}
    for a in assessments:
        seen.setdefault((a.kind, a.country), a.pk)
    return set(seen.values())


def plan_live(plans: list[Plan]) -> Plan | None:
    """The live plan (draft or adopted) among those read: at most one, the database keeps it."""
    return next((p for p in plans if p.is_live), None)


def step_is_overdue(step: PlanStep) -> bool:
    return step.done_on is None and step.due_on < time.today()


def step_owners_for(child: Child) -> QuerySet[User]:
    """Who may own a step of the child's plan: the active users of the agency holding the
    child's record whose role works on cases, by name."""
    return casework_people(User.objects.filter(agency_id=child.agency_id))

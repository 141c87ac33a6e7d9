"""Scoped reads of placements: a child's placements and visits, the current one, and the places
current placements hold in the directory's services."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import User
from kinhaven.care.models import Placement, PlacementVisit
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for, child_visibility_q

# Placements and visits are the best-interests and care section of the child's file.
READ_SECTION = Section.CARE


def placement_visibility_q(user: User) -> Q:
    """Placements of the children the user sees; the care section is checked per child."""
    return Q(child__in=Child.objects.filter(child_visibility_q(user)))


def _with_visits(queryset: QuerySet[Placement]) -> QuerySet[Placement]:
    return queryset.select_related("service", "case").prefetch_related(
        Prefetch("visits", queryset=PlacementVisit.objects.order_by("-visited_on", "-id"))
    )


def placements_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[Placement]:
    """The placements of a child the caller holds through access_child_by_id, the current first
    and then the newest, each with its visits, if the user reads the care section (`access`, if
    the caller has it already); none otherwise. A fixed number of queries."""
    access = access or child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        return Placement.objects.none()
    return _with_visits(Placement.objects.filter(child=child)).order_by("-started_on", "-id")


def placement_current(placements: list[Placement]) -> Placement | None:
    """The current placement among those read (at most one: the database keeps it so)."""
    return next((p for p in placements if p.ended_on is None), None)


def placement_with_visits(*, placement: Placement) -> Placement:
    """The placement again, with its service and visits, after a change."""
    return _with_visits(Placement.objects.filter(pk=placement.pk)).get()


def places_held_by_placements() -> Coalesce:
    """Per service of the directory (as an outer query), the current placements in it: each
    holds a place (registered with referrals.selectors.places_taken_register)."""
    current = (
        Placement.objects.filter(service=OuterRef("pk"), ended_on__isnull=True)
        .order_by()
        .values("service")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(current, output_field=IntegerField()), Value(0))

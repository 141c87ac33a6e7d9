"""Scoped reads of children's records. Every list of children starts here."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import NOTHING, case_visibility_q, name_search_q
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess, child_section_access, grant_visibility_q


def child_visibility_q(user: User) -> Q:
    """Deny by default: a child is visible through the user's agency, as the child's guardian,
    or through an active grant (an accepted referral, a break-glass access)."""
    if not user.is_active or not user.has_capability(Capability.CHILD_VIEW):
        return NOTHING
    return child_own_agency_q(user) | grant_visibility_q(user)


def child_own_agency_q(user: User) -> Q:
    """Children visible through a case the user may see.

    A child with no case yet is visible to whoever registered it, their team and the
    supervisors of the registering agency, so that a case can be opened.
    """
    if (
        not user.is_active
        or user.agency_id is None
        or not user.has_capability(Capability.CHILD_VIEW)
    ):
        return NOTHING
    any_case = Exists(Case.objects.filter(child=OuterRef("pk")))
    visible_case = Exists(
        Case.objects.filter(case_visibility_q(user, as_guardian=False), child=OuterRef("pk"))
    )
    registrant = Q(registered_by_id=user.pk)
    if user.team_id is not None:
        registrant |= Q(team_id=user.team_id)
    if user.has_capability(Capability.CASE_VIEW_AGENCY):
        registrant = Q()
    without_case = ~any_case & Q(agency_id=user.agency_id) & registrant
    return visible_case | without_case


def child_section_access_for(user: User, child: Child) -> SectionAccess:
    """Return the sections of this child's file the user may read and write."""
    own = Child.objects.filter(child_own_agency_q(user), pk=child.pk).exists()
    return child_section_access(user, child, own_agency=own)


def child_list_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Child]:
    """Return the children the user may see, searched by name in any script."""
    filters = filters or {}
    qs = Child.objects.filter(child_visibility_q(user), merged_into__isnull=True).annotate(
        # Whether the user sees the child through their agency: then the role's sections apply.
        own_agency=ExpressionWrapper(child_own_agency_q(user), output_field=BooleanField())
    )
    query = (filters.get("q") or "").strip()
    if query:
        qs = qs.filter(name_search_q(query))
    return qs.order_by("-created_at", "-id")


def child_list_access(user: User, child: Child) -> SectionAccess:
    """Section access for a child from child_list_for_user (one query only if not own)."""
    own = getattr(child, "own_agency", None)
    if own is None:
        return child_section_access_for(user, child)
    return child_section_access(user, child, own_agency=bool(own))


def child_cases_for_user(*, user: User, child: Child) -> QuerySet[Case]:
    """Return the child's cases that the user may see."""
    return (
        Case.objects.filter(case_visibility_q(user), child=child)
        .select_related("assigned_to")
        .order_by("-created_at")
    )

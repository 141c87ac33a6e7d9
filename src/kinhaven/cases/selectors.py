"""Scoped reads of cases. Every list, export and statistic of cases starts here."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.models import Case
from kinhaven.children.models import Child
from kinhaven.children.selectors import name_search_q
from kinhaven.core.queries import NOTHING


def case_visibility_q(user: User, prefix: str = "", *, as_guardian: bool = True) -> Q:
    """Deny by default: the cases of the user's agency assigned to them or their team.

    Supervisors see every case of their agency; a guardian sees the cases of the children in
    their guardianship. Users without the capability to view cases (analysts, administrators,
    auditors) see none.
    """
    if not user.is_active or not user.has_capability(Capability.CASE_VIEW):
        return NOTHING
    guardian = Q(**{f"{prefix}child__guardian_id": user.pk}) if as_guardian else NOTHING
    if user.agency_id is None:
        return guardian
    agency = Q(**{f"{prefix}agency_id": user.agency_id})
    if user.has_capability(Capability.CASE_VIEW_AGENCY):
        return agency | guardian
    mine = Q(**{f"{prefix}assigned_to_id": user.pk})
    if user.team_id is not None:
        mine |= Q(**{f"{prefix}team_id": user.team_id})
    return (agency & mine) | guardian


def case_list_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Return the cases the user may see, filtered by q, status, missing and mine."""
    filters = filters or {}
    qs = Case.objects.filter(case_visibility_q(user))
    query = (filters.get("q") or "").strip()
    if query:
        found = Q(reference__iexact=query)
        # Names are searched only by a role that reads the identity section.
        if user.role is not None and Section.IDENTITY in user.role.sections_read:
            found |= name_search_q(query, prefix="child__")
        qs = qs.filter(found)
    status = filters.get("status")
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    if filters.get("missing") in (True, "1", "true"):
        qs = qs.filter(is_missing=True)
    if filters.get("mine") in (True, "1", "true"):
        qs = qs.filter(assigned_to=user)
    return qs.select_related("child", "assigned_to__role", "agency").order_by("-updated_at", "-id")


def child_cases_for_user(*, user: User, child: Child) -> QuerySet[Case]:
    """Return the child's cases that the user may see."""
    return (
        Case.objects.filter(case_visibility_q(user), child=child)
        .select_related("assigned_to")
        .order_by("-created_at")
    )


def children_with_case_q(user: User | None) -> Q:
    """Children (as a Q over Child) with a case the user sees as their agency's staff, or with
    any case when no user is given; registered with children (children.relations)."""
    cases = (
        Case.objects.all()
        if user is None
        else Case.objects.filter(case_visibility_q(user, as_guardian=False))
    )
    return Q(Exists(cases.filter(child=OuterRef("pk"))))

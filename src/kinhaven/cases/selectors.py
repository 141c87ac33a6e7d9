"""Scoped reads of cases. Every list, export and statistic of cases starts here."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.models import Case, CaseEvent
from kinhaven.children.names import search_patterns

NOTHING = Q(pk__in=[])


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


def name_search_q(query: str, prefix: str = "") -> Q:
    """Match every word of the query against a child's spelling-tolerant name keys."""
    field = f"{prefix}search_keys__contains"
    q = Q()
    for pieces in search_patterns(query):
        found = Q()
        for piece in pieces:
            found |= Q(**{field: piece})
        q &= found
    return q


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
    return qs.select_related("child", "assigned_to", "agency").order_by("-updated_at", "-id")


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    """Return the timeline of a case the caller already holds through access_case_by_id."""
    return case.events.select_related("actor").all()

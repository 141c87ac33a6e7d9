"""Scoped reads of reports. Every list of reports starts here."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Min, Q, QuerySet, Value, When

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.children.models import Child
from kinhaven.children.selectors import name_search_q
from kinhaven.core import time
from kinhaven.core.queries import NOTHING
from kinhaven.intake.enums import ReportStatus, Urgency
from kinhaven.intake.models import Report
from kinhaven.intake.urgency import GRADE_ORDER

OPEN_REPORT_STATUSES = (ReportStatus.RECEIVED, ReportStatus.TRIAGED)
# The most urgent first, as the urgency rules order the grades.
URGENCY_ORDER = list(GRADE_ORDER)


def report_visibility_q(user: User, prefix: str = "") -> Q:
    """Deny by default: triagers see their agency's reports; whoever took a report sees it."""
    if not user.is_active:
        return NOTHING
    q = NOTHING
    if user.has_capability(Capability.REPORT_SUBMIT):
        q |= Q(**{f"{prefix}submitted_by_id": user.pk})
    if user.agency_id is not None and user.has_capability(Capability.REPORT_TRIAGE):
        q |= Q(**{f"{prefix}agency_id": user.agency_id})
    return q


def report_list_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Report]:
    """Return the triage queue: open reports first by urgency, the oldest first.

    Filters: status ("open", the default, or a status), urgency, mine (the user's team) and
    overdue (an open deadline of the report has passed).
    """
    filters = filters or {}
    qs = Report.objects.filter(report_visibility_q(user))
    status = filters.get("status") or "open"
    if status == "open":
        qs = qs.filter(status__in=OPEN_REPORT_STATUSES)
    elif status in ReportStatus.values:
        qs = qs.filter(status=status)
    urgency = filters.get("urgency")
    if urgency in Urgency.values:
        qs = qs.filter(urgency=urgency)
    if filters.get("mine") in (True, "1", "true", "on"):
        mine = Q(submitted_by_id=user.pk)
        if user.team_id is not None:
            mine |= Q(team_id=user.team_id)
        qs = qs.filter(mine)
    rank = Case(
        *(When(urgency=u, then=Value(i)) for i, u in enumerate(URGENCY_ORDER)),
        output_field=IntegerField(),
    )
    next_due = Min("deadlines__due_at", filter=Q(deadlines__completed_at__isnull=True))
    qs = qs.annotate(urgency_rank=rank, next_due=next_due)
    if filters.get("overdue") in (True, "1", "true", "on"):
        qs = qs.filter(next_due__lt=time.now())
    return qs.select_related("team").order_by("urgency_rank", "received_at", "id")


def report_duplicate_candidates(*, user: User, report: Report, limit: int = 10) -> list[Child]:
    """Children the converting user's agency holds with a similar name and year of birth.

    Uses the spelling-tolerant name keys and allows a year either way; a child whose year of
    birth is unknown matches on the name alone.
    """
    name = report.child_name
    if not name or user.agency_id is None:
        return []
    # The agency's own records only: a child another agency shares by referral is not
    # searched by name (its identity may not be shared) and gets no case here.
    qs = Child.objects.filter(agency_id=user.agency_id).filter(name_search_q(name))
    year = _birth_year(report)
    if year is not None:
        qs = qs.filter(Q(birth_year__isnull=True) | Q(birth_year__range=(year - 1, year + 1)))
    return list(qs.order_by("-created_at")[:limit])


def _birth_year(report: Report) -> int | None:
    if report.child_date_of_birth:
        return int(report.child_date_of_birth[:4])
    if report.child_age_estimate is not None:
        return report.received_at.year - report.child_age_estimate
    return None

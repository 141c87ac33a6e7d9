"""Reads of guardianship, for callers that already hold the child through access_child_by_id."""

from __future__ import annotations

from django.db.models import QuerySet

from kinhaven.children.models import Child
from kinhaven.guardianship.models import GuardianAppointment


def guardian_history(*, child: Child) -> QuerySet[GuardianAppointment]:
    """Every appointment of the child's guardians, the current one first."""
    return GuardianAppointment.objects.filter(child=child).select_related(
        "guardian", "appointed_by", "ended_by"
    )

"""Reads of the timeline."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from kinhaven.timeline.models import CaseEvent


def timeline_for_case(*, case: models.Model) -> QuerySet[CaseEvent]:
    """Return the timeline of a case the caller already holds through access_case_by_id."""
    return CaseEvent.objects.filter(case_id=case.pk).select_related("actor__role")

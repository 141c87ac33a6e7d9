"""Deadline timers: each runs when its deadline falls due."""

from __future__ import annotations

from django_tasks import task

from kinhaven.deadlines.services import deadline_escalate


@task()
def deadline_timer(deadline_id: int) -> bool:
    """Escalate the deadline if it is still open when its time comes."""
    return deadline_escalate(deadline_id=deadline_id)

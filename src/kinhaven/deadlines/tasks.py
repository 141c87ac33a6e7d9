"""The deadline timer: a task that runs every minute and escalates what has fallen due.

One waiting task for all deadlines, rather than one per deadline: a burst of reports adds no
task rows, and deadlines met early leave nothing behind to run.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from kinhaven.core import time
from kinhaven.core.tasks import task_plan_once
from kinhaven.deadlines.services import deadlines_escalate_due


@task()
def deadlines_sweep() -> int:
    """Escalate every deadline past due or past its legal limit, then plan the next sweep."""
    try:
        return deadlines_escalate_due()
    finally:
        deadlines_sweep_plan(delay_seconds=settings.KINHAVEN_DEADLINE_SWEEP_SECONDS)


def deadlines_sweep_plan(*, delay_seconds: int = 0) -> bool:
    """Make sure one sweep is waiting; tell whether a new one was planned."""
    return task_plan_once(
        deadlines_sweep, run_after=time.now() + dt.timedelta(seconds=delay_seconds)
    )

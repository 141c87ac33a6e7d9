"""The daily erasure: a task that erases what is due, then plans the next day's run."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from kinhaven.core import time
from kinhaven.core.tasks import task_plan_once
from kinhaven.retention.services import retention_run


@task()
def retention_sweep() -> int:
    """Erase every record due under its rule; plan the next run."""
    try:
        return len(retention_run())
    finally:
        retention_sweep_plan(delay_seconds=settings.KINHAVEN_RETENTION_SWEEP_SECONDS)


def retention_sweep_plan(*, delay_seconds: int = 0) -> bool:
    """Make sure one run is waiting; tell whether a new one was planned."""
    return task_plan_once(
        retention_sweep, run_after=time.now() + dt.timedelta(seconds=delay_seconds)
    )

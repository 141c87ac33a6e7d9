"""The statistics' background work: refreshing the facts of changed cases, and the sweep that
catches what time alone changes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from kinhaven.core import time
from kinhaven.core.tasks import task_plan_once
from kinhaven.stats.facts import facts_refresh, facts_refresh_due


@task()
def stats_refresh_cases(case_ids: list[int]) -> int:
    """Recompute the facts of cases whose timeline moved."""
    return facts_refresh(case_ids)


@task()
def stats_sweep() -> int:
    """Recompute the facts time has changed, remove exports nobody downloaded in time; plan the
    next sweep."""
    from kinhaven.stats.services import exports_expire

    try:
        exports_expire()
        return facts_refresh_due()
    finally:
        stats_sweep_plan(delay_seconds=settings.KINHAVEN_STATS_SWEEP_SECONDS)


def stats_sweep_plan(*, delay_seconds: int = 0) -> bool:
    """Make sure one sweep is waiting; tell whether a new one was planned."""
    return task_plan_once(stats_sweep, run_after=time.now() + dt.timedelta(seconds=delay_seconds))


@task()
def stats_export_write(export_id: int) -> str:
    """Write an export asked for; its page shows the progress."""
    from kinhaven.stats.export_rows import rows_for
    from kinhaven.stats.services import export_write

    return export_write(export_id, rows_for).status

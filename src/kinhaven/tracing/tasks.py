"""Background work of tracing: the batch check for duplicate records, every record against every
other each night; and the search of open tracing requests for a child whose record was saved."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from kinhaven.children.models import Child
from kinhaven.core import time
from kinhaven.core.tasks import task_plan_once
from kinhaven.tracing.services.duplicates import duplicates_batch
from kinhaven.tracing.services.requests import child_tracing_check


@task()
def tracing_duplicates_batch() -> int:
    """Find the possible duplicates among all records, then plan the next night's check."""
    try:
        return duplicates_batch()
    finally:
        tracing_duplicates_plan()


def next_run(now: dt.datetime, hour: int) -> dt.datetime:
    """The next time the clock shows `hour` o'clock (server time zone)."""
    local = timezone.localtime(now)
    run = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if run <= local:
        run += dt.timedelta(days=1)
    return run


def tracing_duplicates_plan(*, now: bool = False) -> bool:
    """Make sure one batch check is waiting (at the night hour, or at once); tell whether a new
    one was planned."""
    hour = int(getattr(settings, "KINHAVEN_DUPLICATE_BATCH_HOUR", 2))
    run_after = time.now() if now else next_run(time.now(), hour)
    return task_plan_once(tracing_duplicates_batch, run_after=run_after)


@task()
def tracing_child_check(child_id: int) -> int:
    """Search the open tracing requests for a child whose record was saved; return how many of
    them list the child."""
    child = Child.objects.filter(pk=child_id).first()
    return 0 if child is None else child_tracing_check(child=child)

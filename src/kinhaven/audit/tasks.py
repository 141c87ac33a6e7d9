"""Background work on the audit log: sealing entries and signing checkpoints at a steady pace."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django_tasks import task

from kinhaven.audit.verification import checkpoint_create
from kinhaven.core import time
from kinhaven.core.tasks import task_plan_once

logger = logging.getLogger(__name__)


@task()
def audit_checkpoint_sign() -> int | None:
    """Seal what is committed, sign a checkpoint of the chain, then plan the next run.

    Entries are sealed on commit; this run also seals any that were left to it.
    """
    try:
        checkpoint = checkpoint_create()
    finally:
        audit_checkpoint_plan(delay_minutes=settings.KINHAVEN_AUDIT_CHECKPOINT_MINUTES)
    if checkpoint is None:
        return None
    logger.info("audit checkpoint signed at %d entries", checkpoint.tree_size)
    return checkpoint.tree_size


def audit_checkpoint_plan(*, delay_minutes: int = 0) -> bool:
    """Make sure one checkpoint run is waiting; tell whether a new one was planned."""
    run_after = time.now() + dt.timedelta(minutes=delay_minutes)
    return task_plan_once(audit_checkpoint_sign, run_after=run_after)

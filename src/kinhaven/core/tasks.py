"""Periodic work: a task that plans its own next run keeps exactly one run waiting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def task_plan_once(task: Any, *, run_after: dt.datetime) -> bool:
    """Enqueue `task` to run after `run_after` unless a run of it is already waiting; tell whether
    a new one was planned."""
    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).exists()
    if waiting:
        return False
    task.using(run_after=run_after).enqueue()
    return True

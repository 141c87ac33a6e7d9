"""The checks behind /healthz: cheap enough for a load balancer to call every few seconds.

Each check answers figures about the instance's machinery only (ages, counts, sequence numbers,
bytes), never a record's content. The audit check reads the chain's head; the full verification
is `kinhaven audit verify`, run by the operator.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from kinhaven.audit.models import AuditEntry
from kinhaven.core import time

Check = dict[str, Any]


def _database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _worker() -> Check:
    """The oldest task ready to run: how long it has waited for a worker."""
    now = time.now()
    never = get_date_max()
    oldest = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .exclude(run_after__gt=now, run_after__lt=never)
        .annotate(
            since=Case(
                When(run_after=never, then=F("enqueued_at")),
                default=Greatest("enqueued_at", "run_after"),
            )
        )
        .aggregate(oldest=Min("since"))["oldest"]
    )
    waited = max(0, int((now - oldest).total_seconds())) if oldest else 0
    limit = int(settings.KINHAVEN_HEALTH_TASK_WAIT_MINUTES) * 60
    return {"ok": waited <= limit, "oldest_waiting_seconds": waited, "limit_seconds": limit}


def _audit() -> Check:
    """The chain's head, and the age of the oldest entry still awaiting its seal."""
    head = (
        AuditEntry.objects.filter(seq__isnull=False)
        .order_by("-seq")
        .values("seq", "occurred_at")
        .first()
    )
    unsealed = AuditEntry.objects.filter(seq__isnull=True).aggregate(oldest=Min("occurred_at"))
    now = time.now()
    waited = int((now - unsealed["oldest"]).total_seconds()) if unsealed["oldest"] else 0
    limit = timedelta(minutes=int(settings.KINHAVEN_HEALTH_UNSEALED_MINUTES))
    return {
        "ok": waited <= limit.total_seconds(),
        "head_seq": head["seq"] if head else 0,
        "head_at": head["occurred_at"].isoformat() if head else None,
        "oldest_unsealed_seconds": max(0, waited),
    }


def _disk() -> Check:
    free = shutil.disk_usage(Path(settings.VAR_DIR)).free
    minimum = int(settings.KINHAVEN_HEALTH_MIN_FREE_MIB) * 1024 * 1024
    return {"ok": free >= minimum, "free_bytes": free, "min_free_bytes": minimum}


def health_checks() -> dict[str, Check]:
    """Run every check; one that cannot run fails with a short reason, never a trace."""
    checks: dict[str, Check] = {}
    for name, check in (
        ("database", _database),
        ("worker", _worker),
        ("audit", _audit),
        ("disk", _disk),
    ):
        try:
            checks[name] = check()
        except DatabaseError:
            checks[name] = {"ok": False, "error": "database error"}
        except OSError:
            checks[name] = {"ok": False, "error": "file system error"}
    return checks

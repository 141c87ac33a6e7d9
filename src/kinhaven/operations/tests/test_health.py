"""/healthz: open to load balancers, 200 when every check passes, 503 otherwise."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from kinhaven.audit.actions import AuditAction
from kinhaven.audit.models import AuditEntry
from kinhaven.audit.services import audit_record
from kinhaven.core import time

pytestmark = pytest.mark.django_db


def _waiting_task(*, enqueued_minutes_ago: int, run_after: Any = None) -> None:
    task = DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        task_path="kinhaven.audit.tasks.audit_checkpoint",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=time.now() - timedelta(minutes=enqueued_minutes_ago)
    )


def test_all_checks_pass_without_login() -> None:
    _waiting_task(enqueued_minutes_ago=1)
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "worker", "audit", "disk"}
    assert all(check["ok"] for check in body["checks"].values())
    assert 50 <= body["checks"]["worker"]["oldest_waiting_seconds"] <= 120
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_task_waiting_too_long_fails_the_worker_check(settings: Any) -> None:
    settings.KINHAVEN_HEALTH_TASK_WAIT_MINUTES = 10
    # Planned for later: not waiting, however long ago it was enqueued.
    _waiting_task(enqueued_minutes_ago=60, run_after=time.now() + timedelta(hours=1))
    assert Client().get("/healthz").status_code == 200

    _waiting_task(enqueued_minutes_ago=11)
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["oldest_waiting_seconds"] >= 660
    assert body["checks"]["database"]["ok"] is True


def test_too_little_free_space_fails_the_disk_check(settings: Any) -> None:
    settings.KINHAVEN_HEALTH_MIN_FREE_MIB = 1024**4  # an exbibyte
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["disk"]["ok"] is False
    assert response.json()["checks"]["worker"]["ok"] is True


@pytest.mark.django_db(transaction=True)
def test_the_audit_check_reports_the_chains_head() -> None:
    with transaction.atomic():
        audit_record(actor=None, action=next(iter(AuditAction)), object_type="child")
    # Committed, so sealed: the entry is the chain's head.
    head = AuditEntry.objects.get()
    assert head.seq is not None
    audit = Client().get("/healthz").json()["checks"]["audit"]
    assert audit == {
        "ok": True,
        "head_seq": head.seq,
        "head_at": head.occurred_at.isoformat(),
        "oldest_unsealed_seconds": 0,
    }


def test_only_get() -> None:
    assert Client().post("/healthz").status_code == 405

from typing import Any

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kinhaven.audit.actions import AuditAction
from kinhaven.audit.models import AuditCheckpoint
from kinhaven.audit.services import audit_record
from kinhaven.audit.tasks import audit_checkpoint_plan, audit_checkpoint_sign
from kinhaven.core import time

pytestmark = pytest.mark.django_db


def _waiting() -> list[DBTaskResult[Any, Any]]:
    return list(
        DBTaskResult.objects.filter(
            task_path=audit_checkpoint_sign.module_path, status=TaskResultStatus.READY
        )
    )


def test_the_task_signs_a_checkpoint_and_plans_its_next_run(world, settings) -> None:
    settings.KINHAVEN_AUDIT_CHECKPOINT_MINUTES = 10
    audit_record(actor=world.caseworker, action=AuditAction.CHILD_READ, object_type="child")
    size = audit_checkpoint_sign.call()
    assert size == AuditCheckpoint.objects.get().tree_size
    (planned,) = _waiting()
    minutes = (planned.run_after - time.now()).total_seconds() / 60
    assert 9 < minutes <= 10


def test_planning_is_idempotent(db) -> None:
    assert audit_checkpoint_plan() is True
    assert audit_checkpoint_plan() is False
    assert len(_waiting()) == 1


def test_nothing_new_means_no_new_checkpoint(world) -> None:
    audit_record(actor=world.caseworker, action=AuditAction.CHILD_READ, object_type="child")
    audit_checkpoint_sign.call()
    DBTaskResult.objects.all().delete()
    assert audit_checkpoint_sign.call() is None
    assert AuditCheckpoint.objects.count() == 1
    assert len(_waiting()) == 1

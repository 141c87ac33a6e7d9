"""Writes on possible duplicate records: found as a record is saved and by the nightly batch
check, and told apart by a person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors, NotFound
from kinhaven.tracing.engine.dedupe import Context, dedupe_pairs
from kinhaven.tracing.enums import CandidateSource, CandidateStatus
from kinhaven.tracing.explain import current_model, explanation, feature_values
from kinhaven.tracing.index import ALL_CHILDREN, child_records
from kinhaven.tracing.models import DuplicateCandidate
from kinhaven.tracing.selectors import duplicate_visibility_q


def duplicate_threshold() -> float:
    return float(getattr(settings, "KINHAVEN_DUPLICATE_THRESHOLD", 0.5))


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _candidate_store(
    a: int, b: int, score: float, x: Any, source: CandidateSource, context: Context | None = None
) -> DuplicateCandidate | None:
    """Keep a possible duplicate, unless the pair is known; a decided pair stays decided."""
    child_a, child_b = _pair(a, b)
    values = {
        "score": round(score, 4),
        "explanation": explanation(x, context=context),
        "features": feature_values(x),
    }
    existing = DuplicateCandidate.objects.filter(child_a_id=child_a, child_b_id=child_b).first()
    if existing is not None:
        if existing.status == CandidateStatus.OPEN:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save(update_fields=[*values, "updated_at"])
        return None
    return DuplicateCandidate.objects.create(
        child_a_id=child_a, child_b_id=child_b, source=source, **values
    )


def child_duplicates_check(*, child: Child) -> list[DuplicateCandidate]:
    """After a child's identity was saved and committed: look for other records of the same
    child and keep the new possible duplicates.

    The search may have to build the index of every record, which takes seconds: it runs
    before the short transaction that keeps what it found, never under the audit log's lock.
    """
    if child.merged_into_id is not None:
        return []
    record = child_records([child])[0]
    found = ALL_CHILDREN.search(record, top=5, exclude=[child.pk])
    threshold = duplicate_threshold()
    with transaction.atomic():
        created = [
            c
            for f in found
            if f.score >= threshold
            and (c := _candidate_store(child.pk, f.pk, f.score, f.x, CandidateSource.REGISTRATION))
        ]
        if created:
            audit_record(
                actor=None,
                action=AuditAction.DUPLICATE_FOUND,
                object_type="child",
                object_id=child.public_id,
                detail={"candidates": len(created)},
            )
    return created


def duplicates_batch(*, progress: Callable[..., None] | None = None) -> int:
    """Compare every record with every other (the batch job); keep the new possible duplicates.
    Return how many were found."""
    rows = child_records(Child.objects.filter(merged_into__isnull=True).iterator(chunk_size=5000))
    if len(rows) < 2:
        return 0
    threshold = duplicate_threshold()
    found = 0
    pairs = dedupe_pairs(rows, threshold=threshold, model=current_model(), progress=progress)
    with transaction.atomic():
        for a, b, score, x, context in pairs:
            stored = _candidate_store(int(a), int(b), score, x, CandidateSource.BATCH, context)
            if stored is not None:
                found += 1
        audit_record(
            actor=None,
            action=AuditAction.DUPLICATE_BATCH,
            object_type="child",
            detail={"records": len(rows), "new_candidates": found},
        )
    return found


def duplicate_may_judge(actor: User, candidate: DuplicateCandidate) -> bool:
    """Whether the actor may judge the pair: the actor writes the identity of both records (a
    break-glass access or a referral that shares the identity read-only reads, never judges)."""
    return actor.has_capability(Capability.CHILD_EDIT) and all(
        Section.IDENTITY in child_section_access_for(actor, child).write
        for child in (candidate.child_a, candidate.child_b)
    )


def duplicate_judge_require(actor: User, candidate: DuplicateCandidate) -> None:
    """Refuse judging a pair whose records' identity the actor may not change."""
    if not duplicate_may_judge(actor, candidate):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may judge a pair only if you may change the identity of both records."),
        )


@transaction.atomic
def duplicate_reject(*, actor: User, candidate: DuplicateCandidate, reason: str) -> None:
    """Record that two records are different children; the pair is not proposed again."""
    capability_require(actor, Capability.CHILD_EDIT)
    # access_duplicate_by_id has refused, audited, a pair the actor may not judge; this keeps
    # the rule when the service is reached another way.
    if not DuplicateCandidate.objects.filter(
        duplicate_visibility_q(actor), pk=candidate.pk
    ).exists():
        raise NotFound(_("Possible duplicate not found."))
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    duplicate_judge_require(actor, candidate)
    if candidate.status != CandidateStatus.OPEN:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This pair is already decided."), field="status"
        )
    if not reason.strip():
        raise FieldErrors({"reason": _("Say how you know these are different children.")})
    candidate.status = CandidateStatus.REJECTED
    candidate.decided_by, candidate.decided_at, candidate.note = actor, time.now(), reason
    candidate.save()
    audit_record(
        actor=actor,
        action=AuditAction.DUPLICATE_REJECT,
        object_type="duplicate",
        object_id=candidate.public_id,
    )

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.core.errors import FieldErrors
from kinhaven.tracing.access import (
    access_duplicate_by_id,
    access_merge_by_id,
    access_tracing_match_by_id,
    access_tracing_request_by_id,
)
from kinhaven.tracing.models import ChildMerge, TracingRequest
from kinhaven.tracing.schemas import (
    DuplicateFilters,
    DuplicateOut,
    MatchDecisionIn,
    MatchOut,
    MergeIn,
    MergeOut,
    ReasonIn,
    RequestFilters,
    StepIn,
    TracingRequestDetailOut,
    TracingRequestIn,
    TracingRequestOut,
    TracingRequestPatch,
)
from kinhaven.tracing.selectors import (
    MatchView,
    duplicate_view,
    duplicate_views,
    duplicates_for_user,
    matches_for_request,
    tracing_requests_for_user,
)
from kinhaven.tracing.services.duplicates import duplicate_reject
from kinhaven.tracing.services.merges import child_merge, child_merge_undo
from kinhaven.tracing.services.requests import (
    reunification_step_record,
    tracing_match_decide,
    tracing_request_close,
    tracing_request_create,
    tracing_request_update,
)

router = Router(tags=["tracing"])
duplicates_router = Router(tags=["duplicates"])
merges_router = Router(tags=["duplicates"])


def _match(view: MatchView) -> dict[str, Any]:
    m = view.match
    return {
        "id": m.public_id,
        "child_id": m.child.public_id,
        "child_agency": m.child.agency.name,
        "child_name": m.child.display_name if view.child_visible else None,
        "score": m.score,
        "explanation": m.explanation,
        "decision": m.decision,
        "decision_note": m.decision_note,
        "decided_at": m.decided_at,
        "steps": view.steps,
    }


def _detail(request: HttpRequest, tracing_request: TracingRequest) -> TracingRequest:
    user = request_user(request)
    views = matches_for_request(user=user, request=tracing_request)
    audit_consultation(actor=user, object_type="tracing_match", records=[v.match for v in views])
    shown = [v.match.child for v in views if v.child_visible]
    if shown:
        audit_consultation(actor=user, object_type="child", records=shown)
    tracing_request.matches_out = [_match(v) for v in views]  # type: ignore[attr-defined]
    return tracing_request


@router.get("", response=list[TracingRequestOut])
def request_list(request: HttpRequest, filters: Query[RequestFilters]) -> list[TracingRequest]:
    """Tracing requests your agency took, and those that found a child your agency registered."""
    user = request_user(request)
    rows = list(tracing_requests_for_user(user=user, filters=filters.model_dump())[:200])
    audit_consultation(actor=user, object_type="tracing_request", records=rows)
    return rows


@router.post("", response={201: TracingRequestDetailOut})
def request_create(request: HttpRequest, payload: TracingRequestIn) -> Status[TracingRequest]:
    """Record a tracing request; children whose record allows tracing are searched at once."""
    user = request_user(request)
    created = tracing_request_create(actor=user, data=payload)
    found = access_tracing_request_by_id(user, created.public_id)
    return Status(201, _detail(request, found))


@router.get("/{request_id}", response=TracingRequestDetailOut)
def request_detail(request: HttpRequest, request_id: uuid.UUID) -> TracingRequest:
    found = access_tracing_request_by_id(request_user(request), request_id)
    return _detail(request, found)


@router.patch("/{request_id}", response=TracingRequestDetailOut)
def request_change(
    request: HttpRequest, request_id: uuid.UUID, payload: TracingRequestPatch
) -> TracingRequest:
    """Change what is known of the child sought; the search runs again."""
    user = request_user(request)
    found = access_tracing_request_by_id(
        user, request_id, action=AuditAction.TRACING_REQUEST_READ_FOR_UPDATE
    )
    tracing_request_update(actor=user, request=found, changes=payload)
    return _detail(request, access_tracing_request_by_id(user, request_id))


@router.post("/{request_id}/closure", response=TracingRequestOut)
def request_close(request: HttpRequest, request_id: uuid.UUID, payload: ReasonIn) -> TracingRequest:
    user = request_user(request)
    found = access_tracing_request_by_id(
        user, request_id, action=AuditAction.TRACING_REQUEST_READ_FOR_UPDATE
    )
    tracing_request_close(actor=user, request=found, reason=payload.reason)
    return access_tracing_request_by_id(user, request_id)


def _match_out(request: HttpRequest, match_id: uuid.UUID) -> dict[str, Any]:
    user = request_user(request)
    match = access_tracing_match_by_id(user, match_id)
    view = next(
        v for v in matches_for_request(user=user, request=match.request) if v.match.pk == match.pk
    )
    return _match(view)


@router.post("/matches/{match_id}/decision", response=MatchOut)
def match_decide(
    request: HttpRequest, match_id: uuid.UUID, payload: MatchDecisionIn
) -> dict[str, Any]:
    """Confirm (the child sought) or reject (not the child, with a reason) a potential match."""
    user = request_user(request)
    match = access_tracing_match_by_id(
        user, match_id, action=AuditAction.TRACING_MATCH_READ_FOR_UPDATE
    )
    tracing_match_decide(actor=user, match=match, decision=payload.decision, note=payload.note)
    return _match_out(request, match_id)


@router.post("/matches/{match_id}/steps/{kind}", response=MatchOut)
def step_record(
    request: HttpRequest, match_id: uuid.UUID, kind: str, payload: StepIn
) -> dict[str, Any]:
    """Record a step from a confirmed match to reunification, in order."""
    user = request_user(request)
    match = access_tracing_match_by_id(
        user, match_id, action=AuditAction.TRACING_MATCH_READ_FOR_UPDATE
    )
    reunification_step_record(
        actor=user, match=match, kind=kind, outcome=payload.outcome, note=payload.note
    )
    return _match_out(request, match_id)


def _duplicate(view: Any) -> dict[str, Any]:
    c = view.candidate
    return {
        "id": c.public_id,
        "child_a": c.child_a.public_id,
        "child_b": c.child_b.public_id,
        "child_a_agency": c.child_a.agency.name,
        "child_b_agency": c.child_b.agency.name,
        "score": c.score,
        "explanation": c.explanation,
        "source": c.source,
        "status": c.status,
        "note": c.note,
        "records": [
            {
                "id": r.child.public_id,
                "agency": r.agency,
                "registered_on": r.registered_on,
                "cases": [
                    {"agency": k.agency, "reference": k.reference, "status": k.status}
                    for k in r.cases
                ],
            }
            for r in view.records
        ],
    }


@duplicates_router.get("", response=list[DuplicateOut])
def duplicate_list(request: HttpRequest, filters: Query[DuplicateFilters]) -> list[dict[str, Any]]:
    """Pairs of records that may be the same child, of which you may read both."""
    user = request_user(request)
    child = access_child_by_id(user, filters.child_id) if filters.child_id else None
    rows = list(duplicates_for_user(user=user, status=filters.status, child=child)[:200])
    audit_consultation(actor=user, object_type="duplicate", records=rows)
    return [_duplicate(v) for v in duplicate_views(user=user, candidates=rows)]


@duplicates_router.post("/{candidate_id}/rejection", response=DuplicateOut)
def duplicate_rejection(
    request: HttpRequest, candidate_id: uuid.UUID, payload: ReasonIn
) -> dict[str, Any]:
    """Record that the two records are different children."""
    user = request_user(request)
    candidate = access_duplicate_by_id(
        user, candidate_id, action=AuditAction.DUPLICATE_READ_FOR_UPDATE
    )
    duplicate_reject(actor=user, candidate=candidate, reason=payload.reason)
    candidate.refresh_from_db()
    return _duplicate(duplicate_view(user=user, candidate=candidate))


def _merge_out(merge: ChildMerge) -> dict[str, Any]:
    return {
        "id": merge.public_id,
        "kept": merge.kept.public_id,
        "merged": merge.merged.public_id,
        "reason": merge.reason,
        "moved": {label: len(ids) for label, ids in merge.moved.items()},
        "created_at": merge.created_at,
        "undone_at": merge.undone_at,
        "undo_reason": merge.undo_reason,
    }


@duplicates_router.post("/{candidate_id}/merge", response={201: MergeOut})
def duplicate_merge(
    request: HttpRequest, candidate_id: uuid.UUID, payload: MergeIn
) -> Status[dict[str, Any]]:
    """Merge the pair into the record `keep`; everything of the other moves to it, reversibly."""
    user = request_user(request)
    candidate = access_duplicate_by_id(
        user, candidate_id, action=AuditAction.DUPLICATE_READ_FOR_UPDATE
    )
    ids = {
        candidate.child_a.public_id: candidate.child_a,
        candidate.child_b.public_id: candidate.child_b,
    }
    if payload.keep not in ids:
        raise FieldErrors({"keep": _("Choose one of the two records.")})
    kept = access_child_by_id(user, payload.keep, action=AuditAction.CHILD_READ_FOR_UPDATE)
    other = next(pid for pid in ids if pid != payload.keep)
    merged = access_child_by_id(user, other, action=AuditAction.CHILD_READ_FOR_UPDATE)
    merge = child_merge(
        actor=user, kept=kept, merged=merged, reason=payload.reason, candidate=candidate
    )
    return Status(201, _merge_out(merge))


@merges_router.get("/{merge_id}", response=MergeOut)
def merge_detail(request: HttpRequest, merge_id: uuid.UUID) -> dict[str, Any]:
    return _merge_out(access_merge_by_id(request_user(request), merge_id))


@merges_router.post("/{merge_id}/undo", response=MergeOut)
def merge_undo(request: HttpRequest, merge_id: uuid.UUID, payload: ReasonIn) -> dict[str, Any]:
    """Undo a merge: both records stand alone again, with what each had."""
    user = request_user(request)
    merge = access_merge_by_id(user, merge_id, action=AuditAction.MERGE_READ_FOR_UPDATE)
    merge = child_merge_undo(actor=user, merge=merge, reason=payload.reason)
    return _merge_out(merge)

"""Writes of family tracing and duplicate records: requests, their matches and the steps to
reunification; possible duplicates, merges and their undoing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.services import audit_record
from kinhaven.cases.services import case_events_record_for_child
from kinhaven.children.enums import Tracing
from kinhaven.children.models import Child, ChildAlias
from kinhaven.children.names import to_latin
from kinhaven.children.selectors import child_own_agency_q, child_section_access_for
from kinhaven.children.services import child_search_keys
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors, NotFound
from kinhaven.core.validation import input_given
from kinhaven.guardianship.models import GuardianAppointment
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify
from kinhaven.tracing.engine.dedupe import Context, dedupe_pairs
from kinhaven.tracing.enums import (
    STEP_ORDER,
    CandidateSource,
    CandidateStatus,
    Decision,
    RequestStatus,
    StepOutcome,
)
from kinhaven.tracing.explain import current_model, explanation, feature_values
from kinhaven.tracing.index import (
    ALL_CHILDREN,
    OPEN_REQUESTS,
    TRACEABLE_CHILDREN,
    Found,
    child_records,
    request_records,
)
from kinhaven.tracing.models import (
    ChildMerge,
    DuplicateCandidate,
    ReunificationStep,
    TracingMatch,
    TracingRequest,
)
from kinhaven.tracing.schemas import TracingRequestIn, TracingRequestPatch
from kinhaven.tracing.selectors import duplicate_visibility_q

MATCHES_KEPT = 10  # potential matches listed per request
MATCH_FLOOR = 0.05  # below this probability a record is not worth a person's time
# Fields of a request that change whom it finds.
SEARCH_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "other_names",
        "sex",
        "date_of_birth",
        "age_estimate_years",
        "nationality",
        "languages",
        "place_of_birth",
        "mother_name",
        "father_name",
        "document_number",
    }
)


def duplicate_threshold() -> float:
    return float(getattr(settings, "KINHAVEN_DUPLICATE_THRESHOLD", 0.5))


def _apply_request(request: TracingRequest, cleaned: dict[str, Any]) -> None:
    for name, value in cleaned.items():
        if name == "date_of_birth":
            request.birth_year = value.year if value else None
            request.birth_month = value.month if value else None
            request.birth_day = value.day if value else None
        else:
            setattr(request, name, value)


def _notify_request_agency(request: TracingRequest, title: str) -> None:
    staff = User.objects.filter(agency_id=request.agency_id, is_active=True)
    recipients = [u for u in staff if u.has_capability(Capability.TRACING_MANAGE)]
    path = reverse("tracing:detail", kwargs={"request_id": request.public_id})
    notify(recipients=recipients, kind=NotificationKind.TRACING, title=title, path=path)


def _match_store(request: TracingRequest, found: Found) -> tuple[TracingMatch, bool]:
    """Keep a match: a new one, or a fresh score on one still undecided. A decision stands."""
    x = found.x
    values = {
        "score": round(found.score, 4),
        "explanation": explanation(x),
        "features": feature_values(x),
    }
    match = TracingMatch.objects.filter(request=request, child_id=found.pk).first()
    if match is None:
        return TracingMatch.objects.create(request=request, child_id=found.pk, **values), True
    if match.decision == Decision.PENDING:
        for name, value in values.items():
            setattr(match, name, value)
        match.save(update_fields=[*values, "updated_at"])
    return match, False


def tracing_request_search(*, request: TracingRequest) -> list[TracingMatch]:
    """Match the request against every child whose record allows tracing; keep the best."""
    record = request_records([request])[0]
    found = [
        f for f in TRACEABLE_CHILDREN.search(record, top=MATCHES_KEPT) if f.score >= MATCH_FLOOR
    ]
    matches = [_match_store(request, f)[0] for f in found]
    # Undecided matches that the request, as it now reads, no longer finds are withdrawn, so
    # that no list shows a score for details the request no longer gives. Decisions stand.
    stale = TracingMatch.objects.filter(request=request, decision=Decision.PENDING).exclude(
        pk__in=[m.pk for m in matches]
    )
    for match in stale:
        audit_record(
            actor=None,
            action="tracing_match.withdraw",
            object_type="tracing_match",
            object_id=match.public_id,
            detail={"request": str(request.public_id)},
        )
    stale.delete()
    request.matched_at = time.now()
    request.save(update_fields=["matched_at", "updated_at"])
    audit_record(
        actor=None,
        action="tracing_request.search",
        object_type="tracing_request",
        object_id=request.public_id,
        detail={"matches": len(matches)},
    )
    return matches


@transaction.atomic
def tracing_request_create(*, actor: User, data: TracingRequestIn) -> TracingRequest:
    """Record a tracing request in the actor's agency and search for the child at once."""
    capability_require(actor, Capability.TRACING_MANAGE)
    if actor.agency_id is None:
        raise ApplicationError(ErrorCode.PERMISSION_DENIED, _("You belong to no agency."))
    cleaned = input_given(data)
    request = TracingRequest(agency_id=actor.agency_id, created_by=actor)
    _apply_request(request, cleaned)
    request.save()
    audit_record(
        actor=actor,
        action="tracing_request.create",
        object_type="tracing_request",
        object_id=request.public_id,
        detail={"fields": sorted(cleaned)},
    )
    tracing_request_search(request=request)
    return request


def _require_request_open(request: TracingRequest) -> None:
    if request.status in (RequestStatus.CLOSED, RequestStatus.REUNIFIED):
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This tracing request is closed."), field="status"
        )


@transaction.atomic
def tracing_request_update(
    *, actor: User, request: TracingRequest, changes: TracingRequestPatch
) -> TracingRequest:
    """Change what is known of the child sought; the search runs again if it could find others."""
    capability_require(actor, Capability.TRACING_MANAGE)
    request = TracingRequest.objects.select_for_update().get(pk=request.pk)
    _require_request_open(request)
    cleaned = input_given(changes)
    _apply_request(request, cleaned)
    request.save()
    audit_record(
        actor=actor,
        action="tracing_request.update",
        object_type="tracing_request",
        object_id=request.public_id,
        detail={"fields": sorted(cleaned)},
    )
    if SEARCH_FIELDS & set(cleaned) and request.status == RequestStatus.OPEN:
        tracing_request_search(request=request)
    return request


@transaction.atomic
def tracing_request_close(*, actor: User, request: TracingRequest, reason: str) -> TracingRequest:
    capability_require(actor, Capability.TRACING_MANAGE)
    request = TracingRequest.objects.select_for_update().get(pk=request.pk)
    _require_request_open(request)
    reason = (reason or "").strip()
    if not reason:
        raise FieldErrors({"reason": _("Say why the request is closed.")})
    request.status = RequestStatus.CLOSED
    request.closed_reason = reason[:5000]
    request.save(update_fields=["status", "closed_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="tracing_request.close",
        object_type="tracing_request",
        object_id=request.public_id,
    )
    return request


@transaction.atomic
def tracing_match_decide(
    *, actor: User, match: TracingMatch, decision: str, note: str = ""
) -> TracingMatch:
    """Confirm or reject a match. A confirmation starts the steps to reunification and tells the
    agency that registered the child; the decision is kept and can train the model."""
    capability_require(actor, Capability.TRACING_MANAGE)
    match = (
        TracingMatch.objects.select_for_update().select_related("request", "child").get(pk=match.pk)
    )
    request = match.request
    if decision not in (Decision.CONFIRMED, Decision.REJECTED):
        raise FieldErrors({"decision": _("Confirm or reject.")})
    if match.decision != Decision.PENDING:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This match is already decided."), field="decision"
        )
    _require_request_open(request)
    if decision == Decision.CONFIRMED and request.status != RequestStatus.OPEN:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Another match of this request is already confirmed."),
            field="decision",
        )
    note = (note or "").strip()
    if decision == Decision.REJECTED and not note:
        raise FieldErrors({"note": _("Say why this is not the child sought.")})
    match.decision = decision
    match.decided_by = actor
    match.decided_at = time.now()
    match.decision_note = note[:5000]
    match.save()
    audit_record(
        actor=actor,
        action=f"tracing_match.{decision}",
        object_type="tracing_match",
        object_id=match.public_id,
        detail={"request": str(request.public_id), "score": match.score},
    )
    if decision == Decision.CONFIRMED:
        ReunificationStep.objects.bulk_create(
            ReunificationStep(match=match, kind=kind, position=i)
            for i, kind in enumerate(STEP_ORDER)
        )
        request.status = RequestStatus.MATCHED
        request.save(update_fields=["status", "updated_at"])
        case_events_record_for_child(
            child=match.child,
            actor=actor,
            kind="family_found",
            data={"request": str(request.public_id)},
        )
        holders = User.objects.filter(agency_id=match.child.agency_id, is_active=True)
        recipients = [
            u
            for u in holders
            if u.has_capability(Capability.TRACING_MANAGE)
            and u.has_capability(Capability.CASE_VIEW_AGENCY)
        ]
        notify(
            recipients=recipients,
            kind=NotificationKind.TRACING,
            title=_("A family's tracing request matches a child your agency registered"),
            path=reverse("tracing:detail", kwargs={"request_id": request.public_id}),
        )
    return match


@transaction.atomic
def reunification_step_record(
    *, actor: User, match: TracingMatch, kind: str, outcome: str, note: str = ""
) -> ReunificationStep:
    """Record a step of a confirmed match, in order. A step stopped (reunification is not in the
    child's interests, or not possible) closes the request; the last step done ends it."""
    capability_require(actor, Capability.TRACING_MANAGE)
    steps = list(ReunificationStep.objects.select_for_update().filter(match=match))
    step = next((s for s in steps if s.kind == kind), None)
    if step is None:
        raise FieldErrors({"kind": _("No such step for this match.")})
    if outcome not in StepOutcome.values:
        raise FieldErrors({"outcome": _("Say whether the step was done or stopped.")})
    request = TracingRequest.objects.select_for_update().get(pk=match.request_id)
    if request.status != RequestStatus.MATCHED or step.done_at is not None:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This step is already recorded."), field="kind"
        )
    earlier = [s for s in steps if s.position < step.position and s.done_at is None]
    if earlier:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("Record the earlier steps first."), field="kind"
        )
    note = (note or "").strip()
    if outcome == StepOutcome.STOPPED and not note:
        raise FieldErrors({"note": _("Say why reunification stops here.")})
    step.outcome, step.note, step.done_by, step.done_at = outcome, note[:5000], actor, time.now()
    step.save()
    if outcome == StepOutcome.STOPPED:
        request.status = RequestStatus.CLOSED
        request.closed_reason = note[:5000]
    elif step.position == len(STEP_ORDER) - 1:
        request.status = RequestStatus.REUNIFIED
    request.save(update_fields=["status", "closed_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="tracing_step.record",
        object_type="tracing_match",
        object_id=match.public_id,
        detail={"step": kind, "outcome": outcome},
    )
    return step


# Duplicate records -----------------------------------------------------------------------


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


def child_saved_check(*, child: Child) -> list[DuplicateCandidate]:
    """After a child's identity was saved: look for other records of the same child, and, if the
    record allows tracing, for open tracing requests seeking the child."""
    if child.merged_into_id is not None:
        return []
    record = child_records([child])[0]
    found = ALL_CHILDREN.search(record, top=5, exclude=[child.pk])
    threshold = duplicate_threshold()
    created = [
        c
        for f in found
        if f.score >= threshold
        and (c := _candidate_store(child.pk, f.pk, f.score, f.x, CandidateSource.REGISTRATION))
    ]
    if created:
        audit_record(
            actor=None,
            action="duplicate.found",
            object_type="child",
            object_id=child.public_id,
            detail={"candidates": len(created)},
        )
    if child.tracing == Tracing.ALLOWED:
        for f in OPEN_REQUESTS.search(record, top=MATCHES_KEPT):
            if f.score < MATCH_FLOOR:
                continue
            request = TracingRequest.objects.get(pk=f.pk)
            known = TracingMatch.objects.filter(request=request, child=child).exists()
            # The request searches again: the child's score is its share of the odds among every
            # child the request could be about, and its look-alikes' scores change with it.
            match = next(
                (m for m in tracing_request_search(request=request) if m.child_id == child.pk),
                None,
            )
            if match is not None and not known:
                audit_record(
                    actor=None,
                    action="tracing_match.found",
                    object_type="tracing_match",
                    object_id=match.public_id,
                    detail={"request": str(request.public_id)},
                )
                _notify_request_agency(request, _("A newly registered child may be the one sought"))
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
            action="duplicate.batch",
            object_type="child",
            detail={"records": len(rows), "new_candidates": found},
        )
    return found


@transaction.atomic
def duplicate_reject(*, actor: User, candidate: DuplicateCandidate, note: str) -> None:
    """Record that two records are different children; the pair is not proposed again."""
    capability_require(actor, Capability.CHILD_EDIT)
    # access_duplicate_by_id has refused, audited, a pair the actor may not judge; this keeps
    # the rule when the service is reached another way.
    if not DuplicateCandidate.objects.filter(
        duplicate_visibility_q(actor), pk=candidate.pk
    ).exists():
        raise NotFound(_("Possible duplicate not found."))
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != CandidateStatus.OPEN:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This pair is already decided."), field="status"
        )
    note = (note or "").strip()
    if not note:
        raise FieldErrors({"note": _("Say how you know these are different children.")})
    candidate.status = CandidateStatus.REJECTED
    candidate.decided_by, candidate.decided_at, candidate.note = actor, time.now(), note[:5000]
    candidate.save()
    audit_record(
        actor=actor,
        action="duplicate.reject",
        object_type="duplicate",
        object_id=candidate.public_id,
    )


def _child_relations() -> list[tuple[Any, str]]:
    """Every model that points at a child, by the field that does, except the tracing app's own
    records of pairs and merges (they describe the records, not the child)."""
    out = []
    for rel in Child._meta.related_objects:
        model = rel.related_model
        if not isinstance(model, type) or model is Child or model._meta.app_label == "tracing":
            continue
        if rel.one_to_many or rel.one_to_one:
            out.append((model, rel.field.name))
    return out


def _require_merge_rights(actor: User, *children: Child) -> None:
    """Merging moves cases between records: only for records the actor's agency holds and whose
    identity the actor may change; never for records seen by referral, guardianship or break-
    glass."""
    capability_require(actor, Capability.CHILD_MERGE)
    own = set(
        Child.objects.filter(
            child_own_agency_q(actor), pk__in=[c.pk for c in children]
        ).values_list("pk", flat=True)
    )
    for child in children:
        if (
            child.pk not in own
            or Section.IDENTITY not in child_section_access_for(actor, child).write
        ):
            raise ApplicationError(
                ErrorCode.PERMISSION_DENIED,
                _("You may merge only your agency's records whose identity you may change."),
            )


@transaction.atomic
def child_merge(
    *, actor: User, kept: Child, merged: Child, reason: str,
    candidate: DuplicateCandidate | None = None,
) -> ChildMerge:  # fmt: skip
    """Make two records of one child one: the cases, referrals, proceedings, reports, documents,
    guardianship and accesses of `merged` move to `kept`, its names become aliases of `kept`,
    and `merged` stays, marked, for the merge to be undone. Audit entries stay as written."""
    _require_merge_rights(actor, kept, merged)
    locked = {
        c.pk: c for c in Child.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk])
    }
    kept, merged = locked[kept.pk], locked[merged.pk]
    if kept.pk == merged.pk:
        raise FieldErrors({"merged": _("A record cannot be merged into itself.")})
    if kept.merged_into_id is not None or merged.merged_into_id is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("One of these records is already merged."), field="merged"
        )
    reason = (reason or "").strip()
    if not reason:
        raise FieldErrors({"reason": _("Say why these records are the same child.")})
    active = GuardianAppointment.objects.filter(ended_at__isnull=True)
    if active.filter(child=kept).exists() and active.filter(child=merged).exists():
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Each record has its own guardian: end one appointment before merging."),
            field="guardian",
        )
    moved: dict[str, list[int]] = {}
    for model, field in _child_relations():
        ids = list(model.objects.filter(**{field: merged}).values_list("pk", flat=True))
        if ids:
            model.objects.filter(pk__in=ids).update(**{field: kept})
            moved[model._meta.label] = ids
    known = {a.name for a in kept.aliases.all()} | {kept.given_name, kept.family_name}
    names = [
        " ".join(p for p in (merged.given_name, merged.family_name) if p),
        " ".join(p for p in (merged.given_name_latin, merged.family_name_latin) if p),
    ]
    added = [
        ChildAlias.objects.create(child=kept, name=n[:200], name_latin=to_latin(n[:200]))
        for n in dict.fromkeys(names)
        if n and n not in known
    ]
    merge = ChildMerge.objects.create(
        kept=kept,
        merged=merged,
        candidate=candidate,
        reason=reason[:5000],
        merged_by=actor,
        moved=moved,
        added_aliases=[a.pk for a in added],
        kept_guardian_before=kept.guardian_id,
    )
    if merged.guardian_id and not kept.guardian_id:
        kept.guardian_id = merged.guardian_id
    merged.merged_into = kept
    merged.save()
    _refresh_keys(kept)
    # Other open pairs of the merged record are not listed while it stays merged (selectors).
    if candidate is not None:
        DuplicateCandidate.objects.filter(pk=candidate.pk).update(
            status=CandidateStatus.MERGED, decided_by=actor, decided_at=time.now()
        )
    audit_record(
        actor=actor,
        action="child.merge",
        object_type="child",
        object_ids=[kept.public_id, merged.public_id],
        detail={"merge": str(merge.public_id), "moved": {k: len(v) for k, v in moved.items()}},
    )
    case_events_record_for_child(
        child=kept, actor=actor, kind="records_merged", data={"merge": str(merge.public_id)}
    )
    return merge


def _refresh_keys(child: Child) -> None:
    child.search_keys = child_search_keys(child, list(child.aliases.values_list("name", flat=True)))
    child.save()


@transaction.atomic
def child_merge_undo(*, actor: User, merge: ChildMerge, reason: str) -> ChildMerge:
    """Undo a merge: what moved goes back to the merged record, the aliases it brought are
    removed and both records stand alone again. What was added to the kept record since stays."""
    merge = ChildMerge.objects.select_for_update().get(pk=merge.pk)
    kept = Child.objects.select_for_update().get(pk=merge.kept_id)
    merged = Child.objects.select_for_update().get(pk=merge.merged_id)
    _require_merge_rights(actor, kept)
    if merge.undone_at is not None:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This merge is already undone."), field="merge"
        )
    reason = (reason or "").strip()
    if not reason:
        raise FieldErrors({"reason": _("Say why the merge is undone.")})
    for label, ids in merge.moved.items():
        model = apps.get_model(label)
        field = next(f for m, f in _child_relations() if m is model)
        model.objects.filter(pk__in=ids, **{field: kept}).update(**{field: merged})
    ChildAlias.objects.filter(pk__in=merge.added_aliases, child=kept).delete()
    if merged.guardian_id and kept.guardian_id == merged.guardian_id:
        kept.guardian_id = merge.kept_guardian_before
    merged.merged_into = None
    merged.save()
    _refresh_keys(kept)
    merge.undone_at, merge.undone_by, merge.undo_reason = time.now(), actor, reason[:5000]
    merge.save()
    if merge.candidate_id:
        DuplicateCandidate.objects.filter(pk=merge.candidate_id).update(
            status=CandidateStatus.OPEN, decided_by=None, decided_at=None
        )
    audit_record(
        actor=actor,
        action="child.merge_undo",
        object_type="child",
        object_ids=[kept.public_id, merged.public_id],
        detail={"merge": str(merge.public_id)},
    )
    for child in (kept, merged):
        case_events_record_for_child(
            child=child, actor=actor, kind="merge_undone", data={"merge": str(merge.public_id)}
        )
    return merge

"""Writes of family tracing: requests, their matches and the steps to reunification."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.bestinterests.enums import BidPurpose
from kinhaven.bestinterests.services import bid_require
from kinhaven.cases.services import case_events_record_for_child
from kinhaven.children.enums import Tracing
from kinhaven.children.models import Child
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import input_given
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify
from kinhaven.tracing.enums import (
    REQUEST_WORKFLOW,
    STEP_ORDER,
    Decision,
    RequestStatus,
    StepKind,
    StepOutcome,
)
from kinhaven.tracing.explain import explanation, feature_values
from kinhaven.tracing.index import (
    OPEN_REQUESTS,
    TRACEABLE_CHILDREN,
    Found,
    child_records,
    request_records,
)
from kinhaven.tracing.models import ReunificationStep, TracingMatch, TracingRequest
from kinhaven.tracing.schemas import TracingRequestIn, TracingRequestPatch

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


def _apply_request(request: TracingRequest, cleaned: dict[str, Any]) -> None:
    for name, value in cleaned.items():
        if name == "date_of_birth":
            request.birth_year = value.year if value else None
            request.birth_month = value.month if value else None
            request.birth_day = value.day if value else None
        else:
            setattr(request, name, value)


def _notify_request_agency(request: TracingRequest, title: str | Promise) -> None:
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


def _request_found(request: TracingRequest) -> list[Found]:
    """The children whose record allows tracing that the request may be about, best first.

    The search may have to build the index of the registry, which takes seconds: callers search
    before they write their audit entry, so that no one waits on the audit log meanwhile.
    """
    record = request_records([request])[0]
    found = TRACEABLE_CHILDREN.search(record, top=MATCHES_KEPT)
    return [f for f in found if f.score >= MATCH_FLOOR]


@transaction.atomic
def _matches_keep(request: TracingRequest, found: list[Found]) -> list[TracingMatch]:
    """Keep what a search of the request found, and withdraw what it no longer finds."""
    matches = [_match_store(request, f)[0] for f in found]
    # Undecided matches that the request, as it now reads, no longer finds are withdrawn, so
    # that no list shows a score for details the request no longer gives. Decisions stand.
    stale = TracingMatch.objects.filter(request=request, decision=Decision.PENDING).exclude(
        pk__in=[m.pk for m in matches]
    )
    for match in stale:
        audit_record(
            actor=None,
            action=AuditAction.TRACING_MATCH_WITHDRAW,
            object_type="tracing_match",
            object_id=match.public_id,
            detail={"request": str(request.public_id)},
        )
    stale.delete()
    request.matched_at = time.now()
    request.save(update_fields=["matched_at", "updated_at"])
    audit_record(
        actor=None,
        action=AuditAction.TRACING_REQUEST_SEARCH,
        object_type="tracing_request",
        object_id=request.public_id,
        detail={"matches": len(matches)},
    )
    return matches


def tracing_request_search(*, request: TracingRequest) -> list[TracingMatch]:
    """Match the request against every child whose record allows tracing; keep the best."""
    return _matches_keep(request, _request_found(request))


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
    found = _request_found(request)
    audit_record(
        actor=actor,
        action=AuditAction.TRACING_REQUEST_CREATE,
        object_type="tracing_request",
        object_id=request.public_id,
        detail={"fields": sorted(cleaned)},
    )
    _matches_keep(request, found)
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
    search = bool(SEARCH_FIELDS & set(cleaned)) and request.status == RequestStatus.OPEN
    found = _request_found(request) if search else None
    audit_record(
        actor=actor,
        action=AuditAction.TRACING_REQUEST_UPDATE,
        object_type="tracing_request",
        object_id=request.public_id,
        detail={"fields": sorted(cleaned)},
    )
    if found is not None:
        _matches_keep(request, found)
    return request


@transaction.atomic
def tracing_request_close(*, actor: User, request: TracingRequest, reason: str) -> TracingRequest:
    capability_require(actor, Capability.TRACING_MANAGE)
    request = TracingRequest.objects.select_for_update().get(pk=request.pk)
    _require_request_open(request)
    if not reason.strip():
        raise FieldErrors({"reason": _("Say why the request is closed.")})
    REQUEST_WORKFLOW.move(request, RequestStatus.CLOSED, closed_reason=reason)
    audit_record(
        actor=actor,
        action=AuditAction.TRACING_REQUEST_CLOSE,
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
    if decision == Decision.REJECTED and not note.strip():
        raise FieldErrors({"note": _("Say why this is not the child sought.")})
    match.decision = decision
    match.decided_by = actor
    match.decided_at = time.now()
    match.decision_note = note
    match.save()
    audit_record(
        actor=actor,
        action=AuditAction(f"tracing_match.{decision}"),
        object_type="tracing_match",
        object_id=match.public_id,
        detail={"request": str(request.public_id), "score": match.score},
    )
    if decision == Decision.CONFIRMED:
        ReunificationStep.objects.bulk_create(
            ReunificationStep(match=match, kind=kind, position=i)
            for i, kind in enumerate(STEP_ORDER)
        )
        REQUEST_WORKFLOW.move(request, RequestStatus.MATCHED)
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
            title=gettext_lazy("A family's tracing request matches a child your agency registered"),
            path=reverse("tracing:detail", kwargs={"request_id": request.public_id}),
        )
    return match


def next_step(steps: Iterable[ReunificationStep]) -> ReunificationStep | None:
    """The one step of a match that may be recorded now: the first in order not yet recorded."""
    return min((s for s in steps if s.done_at is None), key=lambda s: s.position, default=None)


# The steps that need a current BID: the determination itself, and the reunification.
BID_STEPS = frozenset({StepKind.BEST_INTERESTS, StepKind.REUNIFICATION})


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
    if step.done_at is not None:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This step is already recorded."), field="kind"
        )
    if request.status != RequestStatus.MATCHED:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("The way to reunification has ended: no step is recorded any more."),
            field="kind",
        )
    due = next_step(steps)
    if due is not None and due.position < step.position:
        # No step is skipped (docs/tracing.md, after the IAWG-UASC Field Handbook).
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("Record the step “%(step)s” first: the steps follow in order, none is skipped.")
            % {"step": StepKind(due.kind).label},
            field="kind",
        )
    if outcome == StepOutcome.STOPPED and not note.strip():
        raise FieldErrors({"note": _("Say why reunification stops here.")})
    if outcome == StepOutcome.DONE and kind in BID_STEPS:
        # No reunification without a current best-interests determination that finds it in
        # the child's best interests (UNHCR BIP Guidelines 2021; docs/best-interests.md).
        bid_require(match.child, BidPurpose.FAMILY_REUNIFICATION)
    step.outcome, step.note, step.done_by, step.done_at = outcome, note, actor, time.now()
    step.save()
    if outcome == StepOutcome.STOPPED:
        REQUEST_WORKFLOW.move(request, RequestStatus.CLOSED, closed_reason=note)
    elif step.position == len(STEP_ORDER) - 1:
        REQUEST_WORKFLOW.move(request, RequestStatus.REUNIFIED)
    else:
        request.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRACING_STEP_RECORD,
        object_type="tracing_match",
        object_id=match.public_id,
        detail={"step": kind, "outcome": outcome},
    )
    return step


def child_tracing_check(*, child: Child) -> int:
    """After a child's identity was saved, if the record allows tracing: search again every open
    request that may seek the child, and tell the agency that took each request newly listing
    the child. Return how many requests list the child.

    Run by the worker once the record is committed: each search may build an index of the
    registry, so none runs inside a transaction.
    """
    if child.merged_into_id is not None or child.tracing != Tracing.ALLOWED:
        return 0
    record = child_records([child])[0]
    listed = 0
    for f in OPEN_REQUESTS.search(record, top=MATCHES_KEPT):
        if f.score < MATCH_FLOOR:
            continue
        # The request searches again: the child's score is its share of the odds among every
        # child the request could be about, and its look-alikes' scores change with it.
        found = _request_found(TracingRequest.objects.get(pk=f.pk))
        with transaction.atomic():
            request = TracingRequest.objects.select_for_update().get(pk=f.pk)
            if request.status != RequestStatus.OPEN:
                continue  # matched or closed since the search
            known = TracingMatch.objects.filter(request=request, child=child).exists()
            match = next((m for m in _matches_keep(request, found) if m.child_id == child.pk), None)
            if match is None:
                continue
            listed += 1
            if not known:
                audit_record(
                    actor=None,
                    action=AuditAction.TRACING_MATCH_FOUND,
                    object_type="tracing_match",
                    object_id=match.public_id,
                    detail={"request": str(request.public_id)},
                )
                _notify_request_agency(
                    request, gettext_lazy("A newly registered child may be the one sought")
                )
    return listed

"""Writes on cases: opening, assignment, status transitions, missing flag, notes.

Their input is checked by the write's input model (cases.schemas) before it reaches them: the
services take the model, or typed values from it, and check only what depends on the case and
who acts.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.selectors import casework_people
from kinhaven.accounts.services import capability_require
from kinhaven.approvals.models import ApprovalRequest
from kinhaven.approvals.services import approval_decide_pending, approval_request
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import (
    CASE_WORKFLOW,
    CLOSURE_APPROVAL_KIND,
    OPEN_STATUSES,
    REASON_REQUIRED,
    CaseStatus,
    ClosureState,
)
from kinhaven.cases.hooks import CaseOpened, case_opened
from kinhaven.cases.models import Case, CaseClosure, CaseNote
from kinhaven.cases.schemas import CasePatchIn, ClosureDecisionIn, NoteIn
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_holder_require
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.timeline.enums import CaseEventKind
from kinhaven.timeline.services import timeline_record


def _assignee(*, actor: User, assignee: User | None) -> User | None:
    if assignee is None:
        return None
    if (
        not assignee.is_active
        or assignee.agency_id != actor.agency_id
        or not assignee.has_capability(Capability.CASE_EDIT)
    ):
        raise ApplicationError(
            ErrorCode.INVALID,
            _("Cases can be assigned only to active caseworkers of your agency."),
            field="assigned_to",
        )
    return assignee


def case_assignable_users(*, actor: User) -> list[User]:
    """Return the users of the actor's agency a case may be assigned to, by name: those whose
    role works on cases and may edit them."""
    if actor.agency_id is None:
        return []
    users = casework_people(User.objects.filter(agency_id=actor.agency_id))
    return [u for u in users if u.has_capability(Capability.CASE_EDIT)]


def case_assignee_by_id(*, actor: User, user_id: uuid.UUID | None) -> User | None:
    """The user of the actor's agency that an input model's `assigned_to` names, if any.

    Whether the case may go to that user (active, a caseworker) is checked where it is assigned."""
    if user_id is None:
        return None
    user = (
        User.objects.filter(public_id=user_id, agency_id=actor.agency_id or 0)
        .select_related("role", "team")
        .first()
    )
    if user is None:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown user."), field="assigned_to")
    return user


@transaction.atomic
def case_open(
    *,
    actor: User,
    child: Child,
    summary: str = "",
    assigned_to: User | None = None,
    accompanied: bool = False,
) -> Case:
    """Open a case for a child whose record the actor's agency holds; by default the actor
    takes it. A child seen through a referral, guardianship or break-glass gets no case here:
    the case would make the child the agency's own.

    The apps that follow a case start what every case has (its deadlines: a review, and a
    guardian's appointment unless the child is `accompanied` by a parent or legal carer or has
    a guardian) through `cases.hooks`, in this transaction.
    """
    capability_require(actor, Capability.CASE_OPEN)
    if actor.agency is None:
        raise ApplicationError(ErrorCode.PERMISSION_DENIED, _("You belong to no agency."))
    child_holder_require(actor, child)
    if assigned_to is None and actor.has_capability(Capability.CASE_EDIT):
        assigned_to = actor
    assignee = _assignee(actor=actor, assignee=assigned_to)
    case = Case.objects.create(
        child=child,
        summary=summary,
        agency=actor.agency,
        team=assignee.team if assignee else actor.team,
        assigned_to=assignee,
        opened_by=actor,
    )
    case.reference = f"KH-{case.created_at:%Y}-{case.pk:06d}"
    case.save(update_fields=["reference"])
    timeline_record(case=case, kind=CaseEventKind.OPENED, actor=actor, data={"status": case.status})
    if assignee:
        timeline_record(
            case=case,
            kind=CaseEventKind.ASSIGNED,
            actor=actor,
            data={"assigned_to": str(assignee.public_id)},
        )
    audit_record(
        actor=actor, action=AuditAction.CASE_CREATE, object_type="case", object_id=case.public_id
    )
    case_opened(CaseOpened(case=case, actor=actor, accompanied=accompanied))
    return case


@transaction.atomic
def case_update(
    *,
    actor: User,
    case: Case,
    summary: str | None = None,
    assigned_to: User | None = None,
    unassign: bool = False,
) -> Case:
    """Change the summary or the assignee of a case."""
    capability_require(actor, Capability.CASE_EDIT)
    case = Case.objects.select_for_update().get(pk=case.pk)
    changed: list[str] = []
    if summary is not None and summary != case.summary:
        case.summary = summary
        changed.append("summary")
    if assigned_to is not None or unassign:
        assignee = _assignee(actor=actor, assignee=assigned_to)
        if assignee != case.assigned_to:
            case.assigned_to = assignee
            case.team = assignee.team if assignee else case.team
            changed.append("assigned_to")
            timeline_record(
                case=case,
                kind=CaseEventKind.ASSIGNED,
                actor=actor,
                data={"assigned_to": str(assignee.public_id) if assignee else None},
            )
    if changed:
        case.save()
        if "summary" in changed:
            timeline_record(
                case=case, kind=CaseEventKind.UPDATED, actor=actor, data={"fields": ["summary"]}
            )
    audit_record(
        actor=actor,
        action=AuditAction.CASE_UPDATE,
        object_type="case",
        object_id=case.public_id,
        detail={"fields": changed},
    )
    return case


def case_closure_pending(case: Case) -> CaseClosure | None:
    """Return the request to close the case that waits for a supervisor, if any."""
    return case.closures.filter(state=ClosureState.PENDING).select_related("requested_by").first()


@transaction.atomic
def case_transition(*, actor: User, case: Case, to: str, reason: str = "") -> Case:
    """Move a case to another status allowed by the workflow table. Closing is not a move
    made at once: it asks a supervisor to approve the closure (`case_closure_request`), and
    the case keeps its status until then."""
    capability_require(actor, Capability.CASE_TRANSITION)
    if to not in CaseStatus.values:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown status."), field="to")
    target = CaseStatus(to)
    source = CaseStatus(case.status)
    move = CASE_WORKFLOW.check(case, target)
    if target in REASON_REQUIRED and not reason.strip():
        raise ApplicationError(ErrorCode.INVALID, _("This field is required."), field="reason")
    if target == CaseStatus.CLOSED:
        case_closure_request(actor=actor, case=case, reason=reason)
        case.refresh_from_db()
        return case
    # The lock orders this move after a closure asked for at the same time (which locks too).
    if case_closure_pending(Case.objects.select_for_update().get(pk=case.pk)) is not None:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("The case's closure is waiting for a supervisor: it is decided first."),
            field="to",
        )
    fields: dict[str, Any] = {"updated_at": time.now()}
    if source == CaseStatus.CLOSED:
        fields["closed_at"] = None
    # Conditional update: a concurrent transition from the same status wins once.
    CASE_WORKFLOW.apply(case, move, **fields)
    timeline_record(
        case=case,
        kind=CaseEventKind.STATUS_CHANGED,
        actor=actor,
        data={"from": source.value, "to": target.value, "reason": reason},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CASE_TRANSITION,
        object_type="case",
        object_id=case.public_id,
        detail={"from": source.value, "to": target.value},
    )
    return case


@transaction.atomic
def case_closure_request(*, actor: User, case: Case, reason: str) -> CaseClosure:
    """Ask a supervisor to close the case, with the reason; the case keeps its status until the
    closure is approved (approvals, kind `case_closure`)."""
    capability_require(actor, Capability.CASE_TRANSITION)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(ErrorCode.INVALID, _("This field is required."), field="reason")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != case.status:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The case was changed by someone else; reload and try again."),
            field="to",
        )
    CASE_WORKFLOW.check(locked, CaseStatus.CLOSED)
    if case_closure_pending(locked) is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The case's closure is waiting for approval already."),
            field="to",
        )
    closure = CaseClosure.objects.create(
        case=locked, reason=reason, requested_by=actor, requested_at=time.now()
    )
    approval_request(
        actor=actor, kind=CLOSURE_APPROVAL_KIND, object_id=closure.public_id, agency=locked.agency
    )
    timeline_record(
        case=locked,
        kind="closure_requested",
        actor=actor,
        data={"closure": str(closure.public_id), "status": locked.status},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CASE_CLOSURE_REQUEST,
        object_type="case",
        object_id=locked.public_id,
        detail={"closure": str(closure.public_id), "status": locked.status},
    )
    return closure


@transaction.atomic
def case_closure_decide(*, actor: User, case: Case, data: ClosureDecisionIn) -> CaseClosure:
    """Approve the pending closure (the case closes) or send it back with reasons (it stays
    open); never one's own request, only in one's agency (approvals)."""
    capability_require(actor, Capability.CASE_CLOSE_APPROVE)
    if actor.agency_id != case.agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("Only the agency holding the case approves its closure.")
        )
    closure = case_closure_pending(case)
    approval_decide_pending(
        actor=actor,
        kind=CLOSURE_APPROVAL_KIND,
        object_id=closure.public_id if closure is not None else None,
        decision=data.decision,
        reasons=data.reasons,
        none_waiting=_("No closure of this case is waiting for approval."),
    )
    assert closure is not None  # noqa: S101  # a request waited on it
    closure.refresh_from_db()
    return closure


def case_closure_decided(request: ApprovalRequest, actor: User) -> None:
    """The approval's outcome on the case (approvals.registry, in the deciding transaction):
    approved, the case closes; sent back, it stays open and the reasons are kept for the one
    who asked."""
    closure = (
        CaseClosure.objects.select_for_update()
        .select_related("case")
        .get(public_id=request.object_id)
    )
    approved = request.state == "approved"
    closure.state = ClosureState.APPROVED if approved else ClosureState.SENT_BACK
    closure.sent_back_reasons = "" if approved else request.reasons
    closure.decided_by, closure.decided_at = actor, request.decided_at
    closure.save()
    case = Case.objects.select_for_update().get(pk=closure.case_id)
    detail = {"closure": str(closure.public_id)}
    if approved:
        source = case.status
        move = CASE_WORKFLOW.check(case, CaseStatus.CLOSED)
        now = time.now()
        CASE_WORKFLOW.apply(
            case, move, updated_at=now, closed_at=now, is_missing=False, missing_since=None
        )
        timeline_record(
            case=case,
            kind=CaseEventKind.STATUS_CHANGED,
            actor=actor,
            data={
                "from": source,
                "to": CaseStatus.CLOSED.value,
                "reason": closure.reason,
                **detail,
            },
        )
    timeline_record(
        case=case,
        kind="closure_approved" if approved else "closure_sent_back",
        actor=actor,
        data=detail,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CASE_CLOSURE_DECIDE,
        object_type="case",
        object_id=case.public_id,
        detail={**detail, "state": closure.state},
    )


@transaction.atomic
def case_set_missing(*, actor: User, case: Case, missing: bool) -> Case:
    """Flag an open case's child as missing, or as found again."""
    capability_require(actor, Capability.CASE_EDIT)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in OPEN_STATUSES:
        raise ApplicationError(
            ErrorCode.INVALID, _("Only an open case can be flagged missing."), field="is_missing"
        )
    if case.is_missing == missing:
        return case
    case.is_missing = missing
    case.missing_since = time.now() if missing else None
    case.save()
    timeline_record(
        case=case,
        kind=CaseEventKind.MISSING_REPORTED if missing else CaseEventKind.FOUND,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CASE_MISSING if missing else AuditAction.CASE_FOUND,
        object_type="case",
        object_id=case.public_id,
    )
    return case


@transaction.atomic
def case_change(*, actor: User, case: Case, changes: CasePatchIn) -> Case:
    """Change what the input gives of a case: its summary or assignee (the missing flag follows
    the child's missing episodes)."""
    given = changes.model_fields_set
    if "summary" in given or "assigned_to" in given:
        case = case_update(
            actor=actor,
            case=case,
            summary=changes.summary,
            assigned_to=case_assignee_by_id(actor=actor, user_id=changes.assigned_to),
            unassign="assigned_to" in given and changes.assigned_to is None,
        )
    return case


@transaction.atomic
def case_note_add(*, actor: User, case: Case, data: NoteIn) -> CaseNote:
    """Add a note to a case."""
    capability_require(actor, Capability.CASE_EDIT)
    note = CaseNote.objects.create(case=case, author=actor, body=data.body)
    timeline_record(case=case, kind=CaseEventKind.NOTE_ADDED, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CASE_NOTE_ADD,
        object_type="case",
        object_id=case.public_id,
        detail={"note": str(note.public_id)},
    )
    return note


def case_events_record_for_child(
    *, child: Child, actor: User, kind: str, data: dict[str, Any]
) -> None:
    """Put an event about the child's record on the timeline of each of the child's open cases."""
    for case in child.cases.filter(status__in=OPEN_STATUSES):
        timeline_record(case=case, kind=kind, actor=actor, data=data)


def child_record_audit_and_event(
    *,
    actor: User | None,
    child: Child,
    object_type: str,
    public_id: Any,
    action: AuditAction,
    kind: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """A write on a record of the child's file: its audit entry and the event on the child's
    open cases, holding codes and ids only (`{object_type: public_id, **detail}`)."""
    data = {object_type: str(public_id), **(detail or {})}
    audit_record(
        actor=actor, action=action, object_type=object_type, object_id=public_id, detail=data
    )
    if actor is not None:
        case_events_record_for_child(child=child, actor=actor, kind=kind, data=data)

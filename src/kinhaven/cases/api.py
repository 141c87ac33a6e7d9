import uuid

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.cases.access import access_case_by_id
from kinhaven.cases.models import Case, CaseClosure, CaseNote
from kinhaven.cases.schemas import (
    CaseCreateIn,
    CaseEventOut,
    CaseFilters,
    CaseOut,
    CasePatchIn,
    ClosureDecisionIn,
    ClosureOut,
    ClosureRequestIn,
    NoteIn,
    NoteOut,
    TransitionIn,
)
from kinhaven.cases.selectors import case_list_for_user
from kinhaven.cases.services import (
    case_assignee_by_id,
    case_change,
    case_closure_decide,
    case_closure_request,
    case_note_add,
    case_open,
    case_transition,
)
from kinhaven.children.access import access_child_by_id
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.pagination import page_payload, paginate
from kinhaven.core.schemas import PageOut
from kinhaven.timeline.models import CaseEvent
from kinhaven.timeline.selectors import timeline_for_case

router = Router(tags=["cases"])


@router.get("", response=PageOut[CaseOut])
def case_list(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, object]:
    user = request_user(request)
    qs = case_list_for_user(user=user, filters=filters.model_dump())
    page = paginate(qs, page=filters.page, page_size=filters.page_size)
    payload = page_payload(page)
    audit_consultation(actor=user, object_type="case", records=payload["items"])
    return payload


@router.post("", response={201: CaseOut})
def case_create(request: HttpRequest, payload: CaseCreateIn) -> Status[Case]:
    user = request_user(request)
    try:
        child = access_child_by_id(user, payload.child_id, action=AuditAction.CHILD_READ_FOR_CASE)
    except ApplicationError:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown child."), field="child_id") from None
    assignee = case_assignee_by_id(actor=user, user_id=payload.assigned_to)
    case = case_open(actor=user, child=child, summary=payload.summary, assigned_to=assignee)
    return Status(201, access_case_by_id(user, case.public_id))


@router.get("/{case_id}", response=CaseOut)
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> Case:
    return access_case_by_id(request_user(request), case_id)


@router.patch("/{case_id}", response=CaseOut)
def case_patch(request: HttpRequest, case_id: uuid.UUID, payload: CasePatchIn) -> Case:
    user = request_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    case_change(actor=user, case=case, changes=payload)
    return access_case_by_id(user, case_id)


@router.post("/{case_id}/transitions", response={200: CaseOut, 202: CaseOut})
def case_transition_create(
    request: HttpRequest, case_id: uuid.UUID, payload: TransitionIn
) -> Status[Case]:
    """Move the case; a move to "closed" asks a supervisor to approve the closure (202: the
    case keeps its status until then, see /closures)."""
    user = request_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    case_transition(actor=user, case=case, to=payload.to, reason=payload.reason)
    return Status(202 if payload.to == "closed" else 200, access_case_by_id(user, case_id))


@router.get("/{case_id}/closures", response=list[ClosureOut])
def case_closure_list(request: HttpRequest, case_id: uuid.UUID) -> list[CaseClosure]:
    """The requests to close the case, newest first, with their decisions."""
    case = access_case_by_id(request_user(request), case_id)
    return list(case.closures.select_related("requested_by", "decided_by"))


@router.post("/{case_id}/closures", response={201: ClosureOut})
def case_closure_create(
    request: HttpRequest, case_id: uuid.UUID, payload: ClosureRequestIn
) -> Status[CaseClosure]:
    """Ask a supervisor to close the case; it stays in its status until approved."""
    user = request_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    return Status(201, case_closure_request(actor=user, case=case, reason=payload.reason))


@router.post("/{case_id}/closures/decision", response=ClosureOut)
def case_closure_decision(
    request: HttpRequest, case_id: uuid.UUID, payload: ClosureDecisionIn
) -> CaseClosure:
    """Approve the pending closure (the case closes) or send it back with reasons."""
    user = request_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    return case_closure_decide(actor=user, case=case, data=payload)


@router.get("/{case_id}/timeline", response=list[CaseEventOut])
def case_timeline_list(request: HttpRequest, case_id: uuid.UUID) -> list[CaseEvent]:
    case = access_case_by_id(request_user(request), case_id)
    return list(timeline_for_case(case=case))


@router.post("/{case_id}/notes", response={201: NoteOut})
def case_note_create(request: HttpRequest, case_id: uuid.UUID, payload: NoteIn) -> Status[CaseNote]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    return Status(201, case_note_add(actor=user, case=case, data=payload))

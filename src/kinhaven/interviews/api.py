"""Forensic interviews over the API, under the child: /children/{child_id}/interviews."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from pydantic import BaseModel

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.interviews.access import access_interview_by_id
from kinhaven.interviews.models import Interview
from kinhaven.interviews.presenters import earlier_on_matter, interview_out
from kinhaven.interviews.schemas import (
    InterviewCancelIn,
    InterviewHeldIn,
    InterviewOut,
    InterviewPlanIn,
)
from kinhaven.interviews.selectors import interviews_for_child
from kinhaven.interviews.services import (
    interview_cancel,
    interview_held_record,
    interview_plan,
    interview_repeat_approve,
)

router = Router(tags=["interviews"])

_ONE = "/{child_id}/interviews/{interview_id}"


def _out(user: Any, interview: Interview) -> dict[str, Any]:
    siblings = list(interviews_for_child(user=user, child=interview.child))
    return interview_out(interview, earlier_on_matter(interview, siblings))


@router.get("/{child_id}/interviews", response=list[InterviewOut])
def interview_list(request: HttpRequest, child_id: uuid.UUID) -> list[dict[str, Any]]:
    """The child's interviews, earliest first, for those who read the interviews section."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    rows = list(interviews_for_child(user=user, child=child))
    audit_consultation(actor=user, object_type="interview", records=rows)
    return [interview_out(i, earlier_on_matter(i, rows)) for i in rows]


@router.post("/{child_id}/interviews", response={201: InterviewOut})
def interview_create(
    request: HttpRequest, child_id: uuid.UUID, payload: InterviewPlanIn
) -> Status[dict[str, Any]]:
    """Plan an interview. A repeat on the same matter without `justification`: 409 naming it;
    with one, it waits for another person's approval (`status` awaiting_approval)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    interview = interview_plan(actor=user, child=child, data=payload)
    return Status(201, _out(user, interview))


@router.get(_ONE, response=InterviewOut)
def interview_detail(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID
) -> dict[str, Any]:
    user = request_user(request)
    return _out(user, access_interview_by_id(user, interview_id, child_id=child_id))


def _write(
    request: HttpRequest,
    child_id: uuid.UUID,
    interview_id: uuid.UUID,
    service: Callable[..., Interview],
    **data: BaseModel,
) -> dict[str, Any]:
    user = request_user(request)
    interview = access_interview_by_id(
        user, interview_id, child_id=child_id, action=AuditAction.INTERVIEW_READ_FOR_UPDATE
    )
    return _out(user, service(actor=user, interview=interview, **data))


@router.post(f"{_ONE}/approval", response=InterviewOut)
def interview_approval(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID
) -> dict[str, Any]:
    """Approve a repeat interview (interview.approve_repeat; not the planner: 409)."""
    return _write(request, child_id, interview_id, interview_repeat_approve)


@router.post(f"{_ONE}/held", response=InterviewOut)
def interview_held(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID, payload: InterviewHeldIn
) -> dict[str, Any]:
    """Record the interview as held. A repeat not yet approved: 409 naming `approval`."""
    return _write(request, child_id, interview_id, interview_held_record, data=payload)


@router.post(f"{_ONE}/cancellation", response=InterviewOut)
def interview_cancellation(
    request: HttpRequest, child_id: uuid.UUID, interview_id: uuid.UUID, payload: InterviewCancelIn
) -> dict[str, Any]:
    return _write(request, child_id, interview_id, interview_cancel, data=payload)

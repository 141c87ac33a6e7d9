import uuid

from django.http import HttpRequest
from ninja import Query, Router

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.core.pagination import page_payload, paginate
from kinhaven.core.schemas import PageOut
from kinhaven.deadlines.access import access_deadline_by_id
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.schemas import CompletionIn, DeadlineFilters, DeadlineOut
from kinhaven.deadlines.selectors import deadline_list_for_user
from kinhaven.deadlines.services import deadline_complete

router = Router(tags=["deadlines"])


@router.get("", response=PageOut[DeadlineOut])
def deadline_list(request: HttpRequest, filters: Query[DeadlineFilters]) -> dict[str, object]:
    user = request_user(request)
    qs = deadline_list_for_user(user=user, filters=filters.model_dump())
    payload = page_payload(paginate(qs, page=filters.page, page_size=filters.page_size))
    audit_consultation(actor=user, object_type="deadline", records=payload["items"])
    return payload


@router.post("/{deadline_id}/completion", response=DeadlineOut)
def deadline_completion_create(
    request: HttpRequest, deadline_id: uuid.UUID, payload: CompletionIn
) -> Deadline:
    """Record that a deadline a person closes (reflection period, review) was met."""
    user = request_user(request)
    deadline = access_deadline_by_id(user, deadline_id, action=AuditAction.DEADLINE_READ_FOR_UPDATE)
    deadline_complete(actor=user, deadline=deadline, data=payload)
    return access_deadline_by_id(user, deadline_id)

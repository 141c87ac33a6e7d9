import uuid

from django.http import HttpRequest
from ninja import Query, Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.cases.access import access_case_by_id
from kinhaven.conferences.access import access_action_item_by_id
from kinhaven.conferences.models import ActionItem, Conference
from kinhaven.conferences.schemas import (
    ConferenceFilters,
    ConferenceIn,
    ConferenceOut,
    TaskFilters,
    TaskOut,
)
from kinhaven.conferences.selectors import conferences_for_case, task_list_for_user
from kinhaven.conferences.services import action_item_done, conference_record_input

router = Router(tags=["conferences"])
tasks_router = Router(tags=["tasks"])


@router.get("", response=list[ConferenceOut])
def conference_list(request: HttpRequest, filters: Query[ConferenceFilters]) -> list[Conference]:
    """The case's conferences, newest first."""
    case = access_case_by_id(request_user(request), filters.case_id)
    return list(conferences_for_case(case=case))


@router.post("", response={201: ConferenceOut})
def conference_add(request: HttpRequest, payload: ConferenceIn) -> Status[Conference]:
    user = request_user(request)
    case = access_case_by_id(user, payload.case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    conference = conference_record_input(actor=user, case=case, data=payload)
    return Status(201, conferences_for_case(case=case).get(pk=conference.pk))


@tasks_router.get("", response=list[TaskOut])
def task_list(request: HttpRequest, filters: Query[TaskFilters]) -> list[ActionItem]:
    """The caller's own tasks from case conferences."""
    return list(task_list_for_user(user=request_user(request), done=filters.done)[:200])


@tasks_router.post("/{task_id}/completion", response=TaskOut)
def task_completion(request: HttpRequest, task_id: uuid.UUID) -> ActionItem:
    user = request_user(request)
    item = access_action_item_by_id(user, task_id, action=AuditAction.ACTION_READ_FOR_UPDATE)
    return action_item_done(actor=user, item=item)

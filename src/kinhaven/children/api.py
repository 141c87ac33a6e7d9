import uuid

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from kinhaven.api.auth import request_user
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn, ChildOut, ChildPatchIn, ChildSummaryOut
from kinhaven.children.selectors import child_list_for_user
from kinhaven.children.services import child_register, child_update
from kinhaven.core.pagination import page_payload, paginate
from kinhaven.core.schemas import PageOut

router = Router(tags=["children"])


class ChildFilters(Schema):
    q: str = Field(default="", max_length=200, description="name in any script")
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)


def _payload(payload: ChildIn) -> dict[str, object]:
    return payload.model_dump(exclude_unset=True)


@router.get("", response=PageOut[ChildSummaryOut])
def child_list(request: HttpRequest, filters: Query[ChildFilters]) -> dict[str, object]:
    user = request_user(request)
    qs = child_list_for_user(user=user, filters={"q": filters.q})
    page = paginate(qs, page=filters.page, page_size=filters.page_size)
    payload = page_payload(page)
    audit_consultation(actor=user, object_type="child", records=payload["items"])
    return payload


@router.post("", response={201: ChildOut})
def child_create(request: HttpRequest, payload: ChildIn) -> Status[Child]:
    user = request_user(request)
    child = child_register(actor=user, data=_payload(payload))
    return Status(201, access_child_by_id(user, child.public_id))


@router.get("/{child_id}", response=ChildOut)
def child_detail(request: HttpRequest, child_id: uuid.UUID) -> Child:
    return access_child_by_id(request_user(request), child_id)


@router.patch("/{child_id}", response=ChildOut)
def child_patch(request: HttpRequest, child_id: uuid.UUID, payload: ChildPatchIn) -> Child:
    user = request_user(request)
    child = access_child_by_id(user, child_id, action="child.read_for_update")
    child_update(actor=user, child=child, changes=_payload(payload))
    return access_child_by_id(user, child_id)

import uuid

from django.http import HttpRequest
from ninja import Query, Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id, access_child_for_break_glass
from kinhaven.children.details import child_detail_parts, child_detail_schema
from kinhaven.children.grants import child_break_glass
from kinhaven.children.schemas import (
    SUMMARY_FIELDS,
    BreakGlassIn,
    BreakGlassSearchIn,
    BreakGlassSearchOut,
    ChildFilters,
    ChildIn,
    ChildPatchIn,
    ChildSummaryOut,
    child_record,
)
from kinhaven.children.selectors import (
    break_glass_candidates,
    child_list_access,
    child_list_for_user,
    child_section_access_for,
)
from kinhaven.children.services import child_register, child_update
from kinhaven.core.pagination import page_payload, paginate
from kinhaven.core.schemas import PageOut

router = Router(tags=["children"])
# The child's record with the parts higher apps add to it (children.details).
ChildOut = child_detail_schema()


@router.get("", response=PageOut[ChildSummaryOut], exclude_unset=True)
def child_list(request: HttpRequest, filters: Query[ChildFilters]) -> dict[str, object]:
    user = request_user(request)
    qs = child_list_for_user(user=user, filters={"q": filters.q})
    page = paginate(qs, page=filters.page, page_size=filters.page_size)
    payload = page_payload(page)
    audit_consultation(actor=user, object_type="child", records=payload["items"])
    payload["items"] = [
        child_record(child, child_list_access(user, child), fields=SUMMARY_FIELDS)
        for child in payload["items"]
    ]
    return payload


def _detail(
    user: User, child_id: uuid.UUID, action: AuditAction = AuditAction.CHILD_READ
) -> dict[str, object]:
    child = access_child_by_id(user, child_id, action=action)
    access = child_section_access_for(user, child)
    return {**child_record(child, access), **child_detail_parts(user, child, access)}


@router.post("", response={201: ChildOut}, exclude_unset=True)
def child_create(request: HttpRequest, payload: ChildIn) -> Status[dict[str, object]]:
    user = request_user(request)
    child = child_register(actor=user, data=payload)
    return Status(201, _detail(user, child.public_id))


@router.post("/break-glass/search", response=BreakGlassSearchOut)
def child_break_glass_search(
    request: HttpRequest, payload: BreakGlassSearchIn
) -> dict[str, object]:
    """Find a child by name for a break-glass (the name in the body, never in the URL): among
    the records your break-glass reaches, at most 10, each a name, a year of birth and the
    agency holding the record. Every search is audited. Open one with
    POST /children/{id}/break-glass and a reason."""
    found, more = break_glass_candidates(user=request_user(request), query=payload.q)
    results = [
        {"id": c.public_id, "name": c.name, "birth_year": c.birth_year, "agency": c.agency}
        for c in found
    ]
    return {"results": results, "more": more}


@router.get("/{child_id}", response=ChildOut, exclude_unset=True)
def child_detail(request: HttpRequest, child_id: uuid.UUID) -> dict[str, object]:
    return _detail(request_user(request), child_id)


@router.patch("/{child_id}", response=ChildOut, exclude_unset=True)
def child_patch(
    request: HttpRequest, child_id: uuid.UUID, payload: ChildPatchIn
) -> dict[str, object]:
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    child_update(actor=user, child=child, changes=payload)
    return _detail(user, child_id)


@router.post("/{child_id}/break-glass", response={201: ChildOut}, exclude_unset=True)
def child_break_glass_create(
    request: HttpRequest, child_id: uuid.UUID, payload: BreakGlassIn
) -> Status[dict[str, object]]:
    user = request_user(request)
    child = access_child_for_break_glass(user, child_id)
    child_break_glass(actor=user, child=child, reason=payload.reason)
    return Status(201, _detail(user, child_id))

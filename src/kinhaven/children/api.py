import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from kinhaven.accounts.models import User
from kinhaven.api.auth import request_user
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id, access_child_for_break_glass
from kinhaven.children.grants import child_break_glass, child_guardian_appoint
from kinhaven.children.schemas import (
    SUMMARY_FIELDS,
    ChildIn,
    ChildOut,
    ChildPatchIn,
    ChildSummaryOut,
    child_record,
)
from kinhaven.children.selectors import (
    child_list_access,
    child_list_for_user,
    child_section_access_for,
)
from kinhaven.children.services import child_register, child_update
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.pagination import page_payload, paginate
from kinhaven.core.schemas import PageOut, Text
from kinhaven.guardianship.models import GuardianAppointment
from kinhaven.guardianship.selectors import guardian_history
from kinhaven.guardianship.services import guardian_handover

router = Router(tags=["children"])


class ChildFilters(Schema):
    q: Text = Field(default="", max_length=200, description="name in any script")
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)


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


def _detail(user: User, child_id: uuid.UUID, action: str = "child.read") -> dict[str, object]:
    child = access_child_by_id(user, child_id, action=action)
    return child_record(child, child_section_access_for(user, child))


@router.post("", response={201: ChildOut}, exclude_unset=True)
def child_create(request: HttpRequest, payload: ChildIn) -> Status[dict[str, object]]:
    user = request_user(request)
    child = child_register(actor=user, data=payload)
    return Status(201, _detail(user, child.public_id))


@router.get("/{child_id}", response=ChildOut, exclude_unset=True)
def child_detail(request: HttpRequest, child_id: uuid.UUID) -> dict[str, object]:
    return _detail(request_user(request), child_id)


@router.patch("/{child_id}", response=ChildOut, exclude_unset=True)
def child_patch(
    request: HttpRequest, child_id: uuid.UUID, payload: ChildPatchIn
) -> dict[str, object]:
    user = request_user(request)
    child = access_child_by_id(user, child_id, action="child.read_for_update")
    child_update(actor=user, child=child, changes=payload)
    return _detail(user, child_id)


class BreakGlassIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(min_length=1, max_length=2000)


class GuardianIn(Schema):
    model_config = ConfigDict(extra="forbid")

    guardian: uuid.UUID | None


@router.post("/{child_id}/break-glass", response={201: ChildOut}, exclude_unset=True)
def child_break_glass_create(
    request: HttpRequest, child_id: uuid.UUID, payload: BreakGlassIn
) -> Status[dict[str, object]]:
    user = request_user(request)
    child = access_child_for_break_glass(user, child_id)
    child_break_glass(actor=user, child=child, reason=payload.reason)
    return Status(201, _detail(user, child_id))


class GuardianOut(Schema):
    guardian: uuid.UUID | None


@router.post("/{child_id}/guardian", response=GuardianOut)
def child_guardian_set(
    request: HttpRequest, child_id: uuid.UUID, payload: GuardianIn
) -> GuardianOut:
    user = request_user(request)
    child = access_child_by_id(user, child_id, action="child.read_for_update")
    guardian = _guardian_user(payload.guardian) if payload.guardian is not None else None
    child_guardian_appoint(actor=user, child=child, guardian=guardian)
    # The answer names the guardian only: a user who cleared themselves sees the file no more.
    return GuardianOut(guardian=guardian.public_id if guardian else None)


class HandoverIn(Schema):
    model_config = ConfigDict(extra="forbid")

    guardian: uuid.UUID
    reason: Text = Field(max_length=2000)


class AppointmentOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    guardian: uuid.UUID = Field(alias="guardian.public_id")
    appointed_at: dt.datetime
    reason: str
    ended_at: dt.datetime | None
    end_reason: str


def _guardian_user(guardian_id: uuid.UUID) -> User:
    guardian = User.objects.filter(public_id=guardian_id).select_related("role").first()
    if guardian is None:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown user."), field="guardian")
    return guardian


@router.post("/{child_id}/guardian/handover", response=GuardianOut)
def child_guardian_handover(
    request: HttpRequest, child_id: uuid.UUID, payload: HandoverIn
) -> GuardianOut:
    """Hand the child over to the next guardian, ending the current appointment."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action="child.read_for_update")
    guardian = _guardian_user(payload.guardian)
    guardian_handover(actor=user, child=child, guardian=guardian, reason=payload.reason)
    return GuardianOut(guardian=guardian.public_id)


@router.get("/{child_id}/guardians", response=list[AppointmentOut])
def child_guardian_list(request: HttpRequest, child_id: uuid.UUID) -> list[GuardianAppointment]:
    """The child's guardians over time, the current one first."""
    child = access_child_by_id(request_user(request), child_id)
    return list(guardian_history(child=child))

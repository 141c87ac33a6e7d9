from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.accounts.models import User
from kinhaven.cases.enums import CASE_TRANSITIONS, CaseStatus
from kinhaven.cases.models import Case
from kinhaven.core.schemas import Text
from kinhaven.timeline.models import CaseEvent


class CaseCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    child_id: uuid.UUID
    summary: Text = Field(default="", max_length=5000)
    assigned_to: uuid.UUID | None = None


class CasePatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    summary: Text | None = Field(default=None, max_length=5000)
    assigned_to: uuid.UUID | None = None
    is_missing: bool | None = None


class TransitionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to: Text = Field(max_length=30, description="the target status")
    reason: Text = Field(default="", max_length=2000)


class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(min_length=1, max_length=20000)


class UserRefOut(Schema):
    id: uuid.UUID
    username: str

    @staticmethod
    def resolve_id(obj: User) -> uuid.UUID:
        return obj.public_id


class CaseOut(Schema):
    id: uuid.UUID
    reference: str
    child_id: uuid.UUID
    child_name: str
    status: str
    status_label: str
    allowed_transitions: list[str]
    is_missing: bool
    missing_since: dt.datetime | None
    summary: str
    agency: str
    assigned_to: UserRefOut | None
    created_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_id(obj: Case) -> uuid.UUID:
        return obj.public_id

    @staticmethod
    def resolve_child_id(obj: Case) -> uuid.UUID:
        return obj.child.public_id

    @staticmethod
    def resolve_child_name(obj: Case) -> str:
        return obj.child.display_name

    @staticmethod
    def resolve_status_label(obj: Case) -> str:
        return str(CaseStatus(obj.status).label)

    @staticmethod
    def resolve_allowed_transitions(obj: Case) -> list[str]:
        return sorted(s.value for s in CASE_TRANSITIONS[CaseStatus(obj.status)])

    @staticmethod
    def resolve_agency(obj: Case) -> str:
        return obj.agency.name


class CaseEventOut(Schema):
    kind: str
    occurred_at: dt.datetime
    actor: str | None
    data: dict[str, object]

    @staticmethod
    def resolve_actor(obj: CaseEvent) -> str | None:
        return obj.actor.username if obj.actor else None


class NoteOut(Schema):
    id: uuid.UUID
    body: str
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: object) -> uuid.UUID:
        return obj.public_id  # type: ignore[attr-defined, no-any-return]  # a CaseNote


class CaseFilters(Schema):
    q: Text = Field(default="", max_length=200, description="name in any script, or reference")
    status: Text = Field(default="", max_length=30)
    missing: bool = False
    mine: bool = False
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)

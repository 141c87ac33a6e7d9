import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.schemas import Text


class ParticipantSchemaIn(Schema):
    model_config = ConfigDict(extra="forbid")

    role: Text = Field(max_length=30)
    user_id: uuid.UUID | None = None
    name: Text = Field(default="", max_length=200)


class ActionSchemaIn(Schema):
    model_config = ConfigDict(extra="forbid")

    description: Text = Field(max_length=2000)
    owner_id: uuid.UUID
    due_on: dt.date


class ConferenceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    case_id: uuid.UUID
    held_at: dt.datetime
    location: Text = Field(default="", max_length=200)
    purpose: Text = Field(max_length=5000)
    child_heard: bool
    child_views: Text = Field(default="", max_length=5000, description="in the child's own words")
    decisions: Text = Field(default="", max_length=5000)
    participants: list[ParticipantSchemaIn] = Field(max_length=50)
    actions: list[ActionSchemaIn] = Field(default_factory=list, max_length=50)
    interpreter_language: Text = Field(default="", max_length=3, description="ISO 639")


class ParticipantOut(Schema):
    role: str
    user_id: uuid.UUID | None = Field(default=None, alias="user.public_id")
    name: str


class ActionOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    description: str
    owner_id: uuid.UUID = Field(alias="owner.public_id")
    due_on: dt.date
    done_at: dt.datetime | None


class ConferenceOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    held_at: dt.datetime
    location: str
    purpose: str
    child_heard: bool
    child_views: str
    decisions: str
    interpreter_language: str
    interpreter_service_id: uuid.UUID | None = Field(
        default=None, alias="interpreter_service.public_id"
    )
    participants: list[ParticipantOut]
    actions: list[ActionOut]

    @staticmethod
    def resolve_participants(obj: object) -> list[object]:
        return list(obj.participants.all())  # type: ignore[attr-defined]  # a Conference

    @staticmethod
    def resolve_actions(obj: object) -> list[object]:
        return list(obj.actions.all())  # type: ignore[attr-defined]  # a Conference


class TaskOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    description: str
    due_on: dt.date
    done_at: dt.datetime | None
    case_reference: str | None = Field(default=None, alias="case.reference")


class ConferenceFilters(Schema):
    case_id: uuid.UUID


class TaskFilters(Schema):
    done: bool = Field(default=False)

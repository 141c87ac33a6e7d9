"""API input and output of case conferences. A conference's input model holds every check of its
fields: the API takes it as its body, the web form builds it, the service records what it holds."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator

from kinhaven.conferences.enums import ParticipantRole
from kinhaven.core.validation import NoNul, Required, Stripped, checked, invalid, validate_language

MAX_LOCATION = 200
# The purpose, the child's views and the decisions.
MAX_TEXT = 5000
MAX_ROLE = 30
MAX_NAME = 200
MAX_ACTION = 2000
MAX_PARTICIPANTS = 50
MAX_ACTIONS = 50
MAX_LANGUAGE = 3
# The web form's others who took part, one a line; each line is a participant's name.
MAX_OTHERS = 2000


Location = Annotated[str, Field(max_length=MAX_LOCATION), NoNul, Stripped]
LongText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped]
InterpreterLanguage = Annotated[
    str,
    Field(max_length=MAX_LANGUAGE),
    NoNul,
    checked(lambda code: validate_language(code) if code else ""),
]


class ParticipantSchemaIn(Schema):
    """Someone who took part: a user of the system, or a name and organisation."""

    model_config = ConfigDict(extra="forbid")

    role: Annotated[str, Field(max_length=MAX_ROLE), NoNul] = Field(
        description="caseworker, guardian, social_services, police, ... or other"
    )
    user_id: uuid.UUID | None = None
    name: Annotated[str, Field(max_length=MAX_NAME), NoNul, Stripped] = ""


class ActionSchemaIn(Schema):
    """Something decided, for its owner to do by a date."""

    model_config = ConfigDict(extra="forbid")

    description: Annotated[str, Field(max_length=MAX_ACTION), NoNul, Stripped]
    owner_id: uuid.UUID
    due_on: dt.date


def _participants(people: list[ParticipantSchemaIn]) -> list[ParticipantSchemaIn]:
    # Checked as one field, as the web form shows them: the message names the list.
    if not people:
        raise invalid(_("Name who took part."))
    for person in people:
        if person.role not in ParticipantRole.values:
            raise invalid(_("Unknown role."))
        if person.user_id is None and not person.name:
            raise invalid(_("Each participant needs a name or an account."))
    return people


def _actions(actions: list[ActionSchemaIn]) -> list[ActionSchemaIn]:
    if any(not action.description for action in actions):
        raise invalid(_("Each action needs a description."))
    return actions


Participants = Annotated[
    list[ParticipantSchemaIn],
    Field(max_length=MAX_PARTICIPANTS),
    AfterValidator(_participants),
]
Actions = Annotated[list[ActionSchemaIn], Field(max_length=MAX_ACTIONS), AfterValidator(_actions)]


class ConferenceFieldsIn(Schema):
    """A case conference: who took part, whether the child was heard and what the child said,
    what was decided and who does what by when."""

    model_config = ConfigDict(extra="forbid")

    held_at: dt.datetime
    location: Location = ""
    purpose: Annotated[LongText, Required]
    child_heard: bool
    # Checked even when left out: a child who was heard has their words recorded.
    child_views: LongText = Field(
        default="",
        validate_default=True,
        description="in the child's own words; required when the child was heard",
    )
    decisions: LongText = ""
    participants: Participants
    actions: Actions = Field(default_factory=list)
    interpreter_language: InterpreterLanguage = Field(default="", description="ISO 639")

    @field_validator("child_views")
    @classmethod
    def _heard_in_own_words(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("child_heard") and not value:
            raise invalid(_("This field is required."))
        return value


class ConferenceIn(ConferenceFieldsIn):
    case_id: uuid.UUID


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

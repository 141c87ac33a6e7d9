"""API input and output of cases. Each write's input model holds every check of its fields: the
API takes it, the web form builds it, the service takes it (or its checked values)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, model_validator

from kinhaven.accounts.models import User
from kinhaven.cases.enums import CASE_TRANSITIONS, CaseStatus
from kinhaven.cases.models import Case, CaseClosure
from kinhaven.core.schemas import Text
from kinhaven.core.validation import NoNul, Required, Stripped, invalid, invalid_at, one_of
from kinhaven.timeline.models import CaseEvent

MAX_SUMMARY = 5000
MAX_REASON = 2000
MAX_NOTE = 20000
MAX_STATUS = 30
MAX_SEARCH = 200


def _missing_not_here(value: bool | None) -> bool | None:
    """The missing flag follows the child's missing episodes (app missing): reporting a child
    missing asks for the last sighting and a confirmation, and raises alerts and deadlines; a
    flag set here would do none of it."""
    if value is not None:
        raise invalid(
            _(
                "Report the child missing with the missing report (it asks for the last "
                "sighting and a confirmation), and record the child found on the episode."
            )
        )
    return value


def _stripped_unless_none(value: str | None) -> str | None:
    return value if value is None else value.strip()


Summary = Annotated[str, Field(max_length=MAX_SUMMARY), NoNul, Stripped]
Reason = Annotated[str, Field(max_length=MAX_REASON), NoNul, Stripped]
NoteBody = Annotated[str, Field(max_length=MAX_NOTE), NoNul, Stripped, Required]
StatusCode = Annotated[str, Field(max_length=MAX_STATUS), NoNul]


class CaseIn(Schema):
    """A case's own fields, as the web form opens a case; the API's CaseCreateIn adds the child."""

    model_config = ConfigDict(extra="forbid")

    summary: Summary = ""
    assigned_to: uuid.UUID | None = None


class CaseCreateIn(CaseIn):
    child_id: uuid.UUID


class CasePatchIn(Schema):
    """The changes to a case; fields left out keep their values. `assigned_to: null` unassigns,
    `summary: null` keeps the summary."""

    model_config = ConfigDict(extra="forbid")

    summary: Annotated[
        str | None, Field(max_length=MAX_SUMMARY), NoNul, AfterValidator(_stripped_unless_none)
    ] = None
    assigned_to: uuid.UUID | None = None
    is_missing: Annotated[bool | None, AfterValidator(_missing_not_here)] = Field(
        default=None,
        description="not changed here: a child is reported missing through "
        "POST /children/{child_id}/missing (confirmed, with the last sighting), and found on "
        "the episode",
    )


class TransitionIn(Schema):
    """A move to another status; whether the case may take it is the workflow's to say."""

    model_config = ConfigDict(extra="forbid")

    to: StatusCode = Field(description="the target status")
    reason: Reason = ""


class ClosureRequestIn(Schema):
    """Ask a supervisor to close the case, saying why."""

    model_config = ConfigDict(extra="forbid")

    reason: Annotated[Reason, Required]


class ClosureDecisionIn(Schema):
    """Approve the closure (the case closes), or send it back with reasons (it stays open)."""

    model_config = ConfigDict(extra="forbid")

    decision: Annotated[
        StatusCode, one_of(["approve", "send_back"], gettext_lazy("Approve or send back."))
    ]
    reasons: Reason = ""

    @model_validator(mode="after")
    def _reasons(self) -> ClosureDecisionIn:
        if self.decision == "send_back" and not self.reasons:
            raise invalid_at("reasons", _("Say why it is sent back."))
        return self


class ClosureOut(Schema):
    id: uuid.UUID
    reason: str
    state: str
    requested_by: str
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    sent_back_reasons: str

    @staticmethod
    def resolve_id(obj: CaseClosure) -> uuid.UUID:
        return obj.public_id

    @staticmethod
    def resolve_requested_by(obj: CaseClosure) -> str:
        return obj.requested_by.username

    @staticmethod
    def resolve_decided_by(obj: CaseClosure) -> str | None:
        return obj.decided_by.username if obj.decided_by else None


class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: NoteBody


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
    q: Text = Field(
        default="", max_length=MAX_SEARCH, description="name in any script, or reference"
    )
    status: Text = Field(default="", max_length=MAX_STATUS)
    missing: bool = False
    mine: bool = False
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)

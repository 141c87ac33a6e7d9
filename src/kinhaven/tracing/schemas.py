"""API input and output of family tracing. The input models hold the checks of their fields and
their limits, the child sought being checked as a child's record is: the API takes them, the web
forms build them, and the services take them or their values."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kinhaven.children.enums import Sex
from kinhaven.children.schemas import Aliases, Languages, SexCode, ShortText
from kinhaven.children.validators import AgeEstimate, BirthDate
from kinhaven.core.validation import (
    CountryCode,
    NoNul,
    PastDate,
    SingleLine,
    Stripped,
    Text,
    invalid,
    invalid_at,
)
from kinhaven.tracing.enums import Relationship, RequestSource

MAX_REQUESTER_NAME = 200
MAX_REQUESTER_CONTACT = 2000
MAX_DOCUMENT_NUMBER = 100
MAX_LAST_SEEN_PLACE = 300
MAX_CIRCUMSTANCES = 5000
MAX_REASON = 5000
MAX_DECISION = 20
MAX_OUTCOME = 10


def _source(value: str) -> str:
    if value not in RequestSource.values:
        raise invalid(_("Choose who the request comes from."))
    return value


def _relationship(value: str) -> str:
    if value not in Relationship.values:
        raise invalid(_("Choose how the person looking is related to the child."))
    return value


class TracingSoughtIn(Schema):
    """Who is looking, and what they know of the child sought: give what is known."""

    model_config = ConfigDict(extra="forbid")

    requester_name: Annotated[str, Field(max_length=MAX_REQUESTER_NAME), NoNul, SingleLine] = ""
    requester_contact: Annotated[str, Field(max_length=MAX_REQUESTER_CONTACT), NoNul, Stripped] = ""
    given_name: ShortText = ""
    family_name: ShortText = ""
    other_names: Aliases = Field(default_factory=list)
    sex: SexCode = Field(default=Sex.UNKNOWN.value, description="F, M, X or U")
    date_of_birth: BirthDate = Field(default=None, description="YYYY[-MM[-DD]]")
    age_estimate_years: AgeEstimate = None
    nationality: CountryCode = Field(default="", description="ISO 3166-1 alpha-3")
    languages: Languages = Field(default_factory=list)
    place_of_birth: ShortText = ""
    mother_name: ShortText = ""
    father_name: ShortText = ""
    document_number: Annotated[str, Field(max_length=MAX_DOCUMENT_NUMBER), NoNul, SingleLine] = ""
    last_seen_place: Annotated[str, Field(max_length=MAX_LAST_SEEN_PLACE), NoNul, SingleLine] = ""
    last_seen_on: PastDate | None = None
    circumstances: Annotated[str, Field(max_length=MAX_CIRCUMSTANCES), NoNul, Stripped] = ""


class TracingRequestIn(TracingSoughtIn):
    """Who seeks whom. Every field of the child sought is optional, but not all of them."""

    source: Annotated[Text, Field(max_length=20), AfterValidator(_source)] = Field(
        description="relative, agency, hotline, child or other"
    )
    relationship: Annotated[Text, Field(max_length=20), AfterValidator(_relationship)] = Field(
        description="mother, father, sibling, ..."
    )

    @model_validator(mode="after")
    def _someone_to_look_for(self) -> TracingRequestIn:
        if not (self.given_name or self.family_name or self.other_names or self.document_number):
            raise invalid_at(
                "given_name", _("Give at least a name or a document number of the child.")
            )
        return self


# Given as null, a field of a change is emptied.
_BLANK: dict[str, Any] = {
    **dict.fromkeys(
        (
            "requester_name",
            "requester_contact",
            "given_name",
            "family_name",
            "nationality",
            "place_of_birth",
            "mother_name",
            "father_name",
            "document_number",
            "last_seen_place",
            "circumstances",
        ),
        "",
    ),
    "other_names": [],
    "languages": [],
}


class TracingRequestPatch(TracingSoughtIn):
    """The fields to change; fields left out keep their values, null empties them."""

    @field_validator(*_BLANK, mode="before")
    @classmethod
    def _null_is_blank(cls, value: Any, info: ValidationInfo) -> Any:
        return _BLANK[str(info.field_name)] if value is None else value


# Why a request is closed, a merge made or undone, two records told apart; a decision's or a
# step's note.
Reason = Annotated[str, Field(max_length=MAX_REASON), NoNul, Stripped]


class ReasonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class MatchDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    decision: Annotated[str, Field(max_length=MAX_DECISION), NoNul] = Field(
        description="confirmed or rejected"
    )
    note: Reason = Field(default="", description="required to reject")


class StepIn(Schema):
    model_config = ConfigDict(extra="forbid")

    outcome: Annotated[str, Field(max_length=MAX_OUTCOME), NoNul] = Field(
        description="done or stopped"
    )
    note: Reason = Field(default="", description="required to stop")


class ReasonOut(Schema):
    field: str
    level: str
    effect: float = Field(description="log-odds this field added to (or took from) the score")


class StepOut(Schema):
    kind: str
    outcome: str
    note: str
    done_at: dt.datetime | None


class MatchOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    child_agency: str
    child_name: str | None = Field(description="only if you may see the child's record")
    score: float = Field(description="probability that this is the child sought")
    explanation: list[ReasonOut]
    decision: str
    decision_note: str
    decided_at: dt.datetime | None
    steps: list[StepOut]


class TracingRequestOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    agency: str = Field(alias="agency.name")
    status: str
    source: str
    relationship: str
    requester_name: str
    requester_contact: str
    given_name: str
    family_name: str
    other_names: list[str]
    sex: str
    date_of_birth: str | None
    age_estimate_years: int | None
    nationality: str
    languages: list[str]
    place_of_birth: str
    mother_name: str
    father_name: str
    document_number: str
    last_seen_place: str
    last_seen_on: dt.date | None
    circumstances: str
    closed_reason: str
    matched_at: dt.datetime | None
    created_at: dt.datetime


class TracingRequestDetailOut(TracingRequestOut):
    matches: list[MatchOut] = Field(alias="matches_out")


class CaseHeldOut(Schema):
    agency: str = Field(description="the agency that holds the case")
    reference: str | None = Field(
        description="the case's reference, only if you may see the case; otherwise null"
    )
    status: str | None = Field(description="the case's status, only if you may see the case")


class PairRecordOut(Schema):
    id: uuid.UUID = Field(description="the child's record")
    agency: str = Field(description="the agency that registered and holds the record")
    registered_on: dt.date
    cases: list[CaseHeldOut] = Field(description="the cases the record holds, oldest first")


class DuplicateOut(Schema):
    id: uuid.UUID
    child_a: uuid.UUID
    child_b: uuid.UUID
    child_a_agency: str
    child_b_agency: str
    score: float
    explanation: list[ReasonOut]
    source: str
    status: str
    note: str
    records: list[PairRecordOut] = Field(
        description="what tells the two records apart: where and when each was registered and "
        "the cases it holds"
    )


class MergeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    keep: uuid.UUID = Field(description="the record that carries on: one of the pair")
    reason: Reason


class MergeOut(Schema):
    id: uuid.UUID
    kept: uuid.UUID = Field(description="the record that carries on")
    merged: uuid.UUID = Field(description="the record merged into it, kept for the undo")
    reason: str
    moved: dict[str, int] = Field(description="records of each kind moved to the kept record")
    created_at: dt.datetime
    undone_at: dt.datetime | None
    undo_reason: str


class RequestFilters(Schema):
    status: str = Field(default="", max_length=20)


class DuplicateFilters(Schema):
    status: str = Field(default="open", max_length=20)
    child_id: uuid.UUID | None = None

import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.schemas import Text


class TracingRequestIn(Schema):
    """Who seeks whom. Every field of the child sought is optional: give what is known."""

    model_config = ConfigDict(extra="forbid")

    source: Text = Field(max_length=20, description="relative, agency, hotline, child or other")
    relationship: Text = Field(max_length=20, description="mother, father, sibling, ...")
    requester_name: Text = Field(default="", max_length=200)
    requester_contact: Text = Field(default="", max_length=2000)
    given_name: Text = Field(default="", max_length=200)
    family_name: Text = Field(default="", max_length=200)
    other_names: list[Text] = Field(default_factory=list, max_length=20)
    sex: Text | None = Field(default=None, max_length=1, description="F, M, X or U")
    date_of_birth: Text | None = Field(default=None, max_length=10, description="YYYY[-MM[-DD]]")
    age_estimate_years: int | None = None
    nationality: Text = Field(default="", max_length=3, description="ISO 3166-1 alpha-3")
    languages: list[Text] = Field(default_factory=list, max_length=20)
    place_of_birth: Text = Field(default="", max_length=200)
    mother_name: Text = Field(default="", max_length=200)
    father_name: Text = Field(default="", max_length=200)
    document_number: Text = Field(default="", max_length=100)
    last_seen_place: Text = Field(default="", max_length=300)
    last_seen_on: dt.date | None = None
    circumstances: Text = Field(default="", max_length=5000)


class TracingRequestPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    requester_name: Text | None = Field(default=None, max_length=200)
    requester_contact: Text | None = Field(default=None, max_length=2000)
    given_name: Text | None = Field(default=None, max_length=200)
    family_name: Text | None = Field(default=None, max_length=200)
    other_names: list[Text] | None = Field(default=None, max_length=20)
    sex: Text | None = Field(default=None, max_length=1)
    date_of_birth: Text | None = Field(default=None, max_length=10)
    age_estimate_years: int | None = None
    nationality: Text | None = Field(default=None, max_length=3)
    languages: list[Text] | None = Field(default=None, max_length=20)
    place_of_birth: Text | None = Field(default=None, max_length=200)
    mother_name: Text | None = Field(default=None, max_length=200)
    father_name: Text | None = Field(default=None, max_length=200)
    document_number: Text | None = Field(default=None, max_length=100)
    last_seen_place: Text | None = Field(default=None, max_length=300)
    last_seen_on: dt.date | None = None
    circumstances: Text | None = Field(default=None, max_length=5000)


class ReasonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(max_length=5000)


class MatchDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    decision: Text = Field(max_length=20, description="confirmed or rejected")
    note: Text = Field(default="", max_length=5000, description="required to reject")


class StepIn(Schema):
    model_config = ConfigDict(extra="forbid")

    outcome: Text = Field(max_length=10, description="done or stopped")
    note: Text = Field(default="", max_length=5000, description="required to stop")


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


class MergeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    keep: uuid.UUID = Field(description="the record that carries on: one of the pair")
    reason: Text = Field(max_length=5000)


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

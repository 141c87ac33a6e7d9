"""API input and output of reports. Inputs check types; services check values."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.schemas import Text


class ReportFieldsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    location: Text = Field(default="", max_length=300)
    immediate_danger: bool = False
    child_missing: bool = False
    urgency: Text = Field(
        default="",
        max_length=30,
        description="immediate_danger, missing_child, suspected_trafficking or concern; "
        "left blank, it follows from the answers",
    )
    exploitation_types: list[Text] = Field(
        default_factory=list, max_length=20, description="HTCDS types of exploitation"
    )
    child_given_name: Text = Field(default="", max_length=200)
    child_family_name: Text = Field(default="", max_length=200)
    child_sex: Text = Field(default="", max_length=1, description="F, M, X or U (unknown)")
    child_age_estimate: int | None = None
    child_date_of_birth: Text = Field(
        default="", max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD"
    )
    child_nationality: Text = Field(default="", max_length=3, description="ISO 3166-1 alpha-3")
    child_languages: list[Text] = Field(default_factory=list, max_length=20, description="ISO 639")
    child_description: Text = Field(default="", max_length=5000)
    accompanied: Text = Field(default="", max_length=20)
    age_status: Text = Field(default="", max_length=20)
    reporter_name: Text = Field(default="", max_length=200)
    reporter_contact: Text = Field(default="", max_length=200)
    reporter_relationship: Text = Field(default="", max_length=200)


class ReportCreateIn(ReportFieldsIn):
    what_happened: Text = Field(min_length=1, max_length=5000)
    client_token: uuid.UUID | None = Field(
        default=None,
        description="Send the same token again when retrying: the first report is returned.",
    )


class ReportPatchIn(ReportFieldsIn):
    """The fields to change; fields left out keep their values."""

    what_happened: Text = Field(default="", max_length=5000)


class TriageIn(Schema):
    model_config = ConfigDict(extra="forbid")

    urgency: Text = Field(max_length=30)
    team_id: uuid.UUID | None = None
    age_status: Text | None = Field(default=None, max_length=20)
    note: Text = Field(default="", max_length=5000)


class ScreeningIn(Schema):
    model_config = ConfigDict(extra="forbid")

    indicators: list[Text] = Field(max_length=100, description="codes from /reports/indicators")


class ReportDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    trafficking_status: Text = Field(
        max_length=20, description="HTCDS: PossibleVictim, ActualVictim or NotAVictim"
    )
    decision_body_type: Text = Field(max_length=40, description="HTCDS organisation type")
    decision_body_name: Text = Field(max_length=200)
    decision_reasons: Text = Field(max_length=5000)


class ConversionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    child_id: uuid.UUID | None = Field(
        default=None, description="an existing child offered as a possible duplicate"
    )
    confirm_new: bool = Field(
        default=False, description="register a new child even though similar ones exist"
    )


class ClosureIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(max_length=5000)


class IndicatorOut(Schema):
    code: str
    dimension: str
    strength: str
    lists: list[str]
    label: str


class ReportOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    reference: str
    channel: str
    status: str
    urgency: str
    received_at: dt.datetime
    team: str | None = Field(default=None, alias="team.name")
    what_happened: str
    location: str
    immediate_danger: bool
    child_missing: bool
    exploitation_types: list[str]
    child_given_name: str
    child_family_name: str
    child_sex: str
    child_age_estimate: int | None
    child_date_of_birth: str
    child_nationality: str
    child_languages: list[str]
    child_description: str
    accompanied: str
    age_status: str
    reporter_name: str
    reporter_contact: str
    reporter_relationship: str
    indicators: list[str]
    screening: dict[str, object]
    trafficking_status: str
    decision_body_type: str
    decision_body_name: str
    decision_reasons: str
    decided_at: dt.datetime | None
    case_id: uuid.UUID | None = Field(default=None, alias="case.public_id")
    child_id: uuid.UUID | None = Field(default=None, alias="child.public_id")


class CandidateOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    display_name: str
    date_of_birth: str | None
    age_estimate_years: int | None
    nationality: str

    @staticmethod
    def resolve_date_of_birth(obj: object) -> str | None:
        dob = getattr(obj, "date_of_birth", None)
        return str(dob) if dob else None


class ReportFilters(Schema):
    status: Text = Field(default="open", max_length=20, description="open, all, or a status")
    urgency: Text = Field(default="", max_length=30)
    mine: bool = False
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)

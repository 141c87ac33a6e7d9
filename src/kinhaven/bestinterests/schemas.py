"""API input and output of best-interests assessments and determinations: one input model per
write, holding every check of its fields; checks that need records (the approved assessment, the
disciplines) are the service's."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import ConfigDict, Field, model_validator

from kinhaven.bestinterests.enums import BidPurpose, HeardHow, Position
from kinhaven.core.validation import (
    NoNul,
    PastDate,
    Required,
    SingleLine,
    Stripped,
    checked,
    invalid_at,
    one_of,
    validate_language,
)

MAX_TEXT = 10000
MAX_LINE = 300
MAX_CODE = 40
MAX_MEMBERS = 20


def _language(value: str) -> str:
    return validate_language(value) if value else value


Text = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped]
RequiredText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped, Required]
Line = Annotated[str, Field(max_length=MAX_LINE), NoNul, SingleLine]
Code = Annotated[str, Field(max_length=MAX_CODE), NoNul]
Language = Annotated[str, Field(max_length=3), NoNul, Stripped, checked(_language)]
HeardHowCode = Annotated[
    Code, one_of(HeardHow.values, gettext_lazy("Choose how the child was heard."))
]


class _ChildViewsIn(Schema):
    child_views: Text = Field(default="", description="the child's views, in their words")
    heard_how: HeardHowCode = Field(description=", ".join(HeardHow.values))
    heard_language: Language = Field(default="", description="ISO 639 code of the language used")
    heard_with: Line = Field(default="", description="who was present when the child was heard")

    def _views_check(self) -> None:
        if self.heard_how == HeardHow.NOT_HEARD:
            if not self.child_views:
                raise invalid_at("child_views", _("Say why the child was not heard."))
            return
        if not self.child_views:
            raise invalid_at("child_views", _("Record the child's views."))
        if not self.heard_language:
            raise invalid_at("heard_language", _("Record the language the child was heard in."))


class AssessmentVersionIn(_ChildViewsIn):
    """A new version of the BIA: every domain, the child's views and the guardian's view."""

    model_config = ConfigDict(extra="forbid")

    safety_risks: RequiredText
    family_relationships: RequiredText
    health: RequiredText
    education: RequiredText
    identity: RequiredText
    culture_language: RequiredText
    guardian_view: Text = ""

    @model_validator(mode="after")
    def _views(self) -> AssessmentVersionIn:
        self._views_check()
        return self


class ApprovalDecisionIn(Schema):
    """Approve the submitted version, or send it back with reasons."""

    model_config = ConfigDict(extra="forbid")

    decision: Annotated[
        Code, one_of(["approve", "send_back"], gettext_lazy("Approve or send back."))
    ]
    reasons: Text = ""

    @model_validator(mode="after")
    def _reasons(self) -> ApprovalDecisionIn:
        if self.decision == "send_back" and not self.reasons:
            raise invalid_at("reasons", _("Say why it is sent back."))
        return self


class PanelMemberIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[Line, Required]
    discipline: Code = Field(description="a discipline code (`disciplines` of GET best-interests)")
    position: Annotated[Code, one_of(Position.values, gettext_lazy("Choose agree or dissent."))]
    reasons: Text = ""

    @model_validator(mode="after")
    def _dissent(self) -> PanelMemberIn:
        if self.position == Position.DISSENT and not self.reasons:
            raise invalid_at("reasons", _("A dissent needs its reasons."))
        return self


class DeterminationIn(_ChildViewsIn):
    """A panel's determination. The panel has at least three distinct disciplines; the guardian
    is present or gives a written view."""

    model_config = ConfigDict(extra="forbid")

    purposes: list[
        Annotated[Code, one_of(BidPurpose.values, gettext_lazy("Choose a listed decision."))]
    ] = Field(
        default_factory=list,
        max_length=len(BidPurpose),
        description="the decisions found in the child's best interests: "
        + ", ".join(BidPurpose.values),
    )
    options: RequiredText = Field(description="the options considered")
    factors: RequiredText = Field(description="the factors weighed")
    decision: RequiredText
    reasons: RequiredText
    guardian_present: bool = False
    guardian_written_view: Text = ""
    decided_on: PastDate
    review_on: dt.date = Field(description="the date by which the determination is reviewed")
    members: list[PanelMemberIn] = Field(max_length=MAX_MEMBERS)

    @model_validator(mode="after")
    def _check(self) -> DeterminationIn:
        self._views_check()
        if not self.guardian_present and not self.guardian_written_view:
            raise invalid_at(
                "guardian_written_view",
                _("The guardian is present, or their written view is recorded."),
            )
        if self.review_on <= self.decided_on:
            raise invalid_at("review_on", _("The review date comes after the decision."))
        self.purposes = list(dict.fromkeys(self.purposes))
        return self


class AssessmentVersionOut(Schema):
    id: uuid.UUID
    number: int
    status: str
    safety_risks: str
    family_relationships: str
    health: str
    education: str
    identity: str
    culture_language: str
    child_views: str
    heard_how: str
    heard_language: str
    heard_with: str
    guardian_view: str
    recorded_at: dt.datetime
    decided_at: dt.datetime | None
    sent_back_reasons: str


class AssessmentOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    opened_at: dt.datetime
    current_version: int | None = Field(
        description="the latest approved version: the one that counts"
    )
    versions: list[AssessmentVersionOut]


class PanelMemberOut(Schema):
    name: str
    discipline: str
    position: str
    reasons: str


class DeterminationOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    assessment_version: int
    purposes: list[str]
    options: str
    factors: str
    decision: str
    reasons: str
    child_views: str
    heard_how: str
    heard_language: str
    heard_with: str
    guardian_present: bool
    guardian_written_view: str
    decided_on: dt.date
    review_on: dt.date
    current: bool
    members: list[PanelMemberOut]


class DisciplineOut(Schema):
    code: str
    label: str


class BestInterestsOut(Schema):
    assessments: list[AssessmentOut]
    determinations: list[DeterminationOut]
    disciplines: list[DisciplineOut]

"""API input and output of return and durable solutions. Each write takes one input model, which
holds every check of its fields: the API takes it as its body, the web form builds it, the
service takes it. Checks that need the records (the gate, the owner's agency) are the service's."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import ConfigDict, Field, model_validator

from kinhaven.core.validation import (
    NoNul,
    PastDate,
    PlaceCountryCode,
    Required,
    Stripped,
    invalid_at,
    one_of,
)
from kinhaven.solutions.enums import (
    CONCLUSIONS,
    NEEDS_MEASURES,
    AssessmentKind,
    DepartureKind,
    PlanOutcome,
    Solution,
)

MAX_TEXT = 5000
MAX_CODE = 30

Text = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped]
RequiredText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped, Required]
Code = Annotated[str, Field(max_length=MAX_CODE), NoNul]
Country = Annotated[PlaceCountryCode, Required]


class SolutionAssessmentIn(Schema):
    """A risk or family assessment of the child for a country: the findings, the sources
    consulted, the conclusion (with the measures or the support where it needs them) and the
    day it was made."""

    model_config = ConfigDict(extra="forbid")

    kind: Annotated[
        Code,
        one_of(AssessmentKind.values, gettext_lazy("Choose a risk or a family assessment.")),
    ] = Field(description="risk or family")
    country: Country = Field(description="ISO 3166-1 alpha-3")
    findings: RequiredText
    sources: Text = Field(default="", description="the sources consulted")
    conclusion: Code = Field(
        description="risk: no_serious_risk, manageable or serious_risk; "
        "family: able, able_with_support or not_able"
    )
    measures: Text = Field(
        default="", description="the measures (manageable) or the support (able_with_support)"
    )
    assessed_on: PastDate

    @model_validator(mode="after")
    def _conclusion(self) -> SolutionAssessmentIn:
        if self.conclusion not in CONCLUSIONS[self.kind].values:
            raise invalid_at("conclusion", _("Choose a conclusion of this kind of assessment."))
        if self.conclusion in NEEDS_MEASURES and not self.measures:
            raise invalid_at("measures", _("Write down the measures or the support needed."))
        return self


class PlanIn(Schema):
    """A durable-solution plan: the solution, the country (for a return or a third country;
    none for local integration) and the goals."""

    model_config = ConfigDict(extra="forbid")

    solution: Annotated[
        Code, one_of(Solution.values, gettext_lazy("Choose the durable solution."))
    ] = Field(description="local_integration, third_country_reunification or return")
    country: PlaceCountryCode = Field(default="", description="ISO 3166-1 alpha-3")
    goals: RequiredText

    @model_validator(mode="after")
    def _country(self) -> PlanIn:
        if self.solution == Solution.LOCAL_INTEGRATION:
            self.country = ""
        elif not self.country:
            raise invalid_at("country", _("Give the country of the return or the third country."))
        return self


class PlanClosureIn(Schema):
    """Close the plan: achieved (an adopted plan) or abandoned, with the reasons."""

    model_config = ConfigDict(extra="forbid")

    outcome: Annotated[
        Code, one_of(PlanOutcome.values, gettext_lazy("Choose achieved or abandoned."))
    ]
    reasons: RequiredText


class PlanStepIn(Schema):
    """A step of the plan: what, who owns it (a user of the agency holding the child's record)
    and by when."""

    model_config = ConfigDict(extra="forbid")

    what: RequiredText
    owner_id: uuid.UUID = Field(description="the owner, a user of the child's holding agency")
    due_on: dt.date


class PlanStepDoneIn(Schema):
    """The step done, on a day."""

    model_config = ConfigDict(extra="forbid")

    done_on: PastDate


class DepartureIn(Schema):
    """The decision that the child returns or is relocated or transferred: the country, the
    planned day and the reasons."""

    model_config = ConfigDict(extra="forbid")

    kind: Annotated[
        Code, one_of(DepartureKind.values, gettext_lazy("Choose a return or a relocation."))
    ] = Field(description="return or relocation")
    country: Country = Field(description="ISO 3166-1 alpha-3")
    planned_on: dt.date
    reasons: RequiredText


class SolutionAssessmentOut(Schema):
    id: uuid.UUID
    kind: str
    country: str
    findings: str
    sources: str
    conclusion: str
    measures: str
    assessed_on: dt.date
    recorded_at: dt.datetime
    latest: bool


class PlanStepOut(Schema):
    id: uuid.UUID
    what: str
    owner_id: uuid.UUID
    owner: str
    due_on: dt.date
    done_on: dt.date | None
    overdue: bool


class PlanOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    solution: str
    country: str
    goals: str
    status: str
    bid_id: uuid.UUID | None
    adopted_at: dt.datetime | None
    closed_at: dt.datetime | None
    close_reasons: str
    steps: list[PlanStepOut]


class DepartureOut(Schema):
    id: uuid.UUID
    kind: str
    country: str
    planned_on: dt.date
    reasons: str
    bid_id: uuid.UUID
    risk_assessment_id: uuid.UUID | None
    family_assessment_id: uuid.UUID | None
    decided_at: dt.datetime


class SolutionsOut(Schema):
    assessments: list[SolutionAssessmentOut]
    plans: list[PlanOut]
    departures: list[DepartureOut]

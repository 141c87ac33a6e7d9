"""API input and output of identification. The decision's input model holds every check of its
fields: the API takes it, the web form builds it, the service takes it; the checks that need
the child's other decisions are the service's."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from django import forms
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

from kinhaven.core.validation import (
    NoNul,
    PastDate,
    PlaceCountryCode,
    Stripped,
    Text,
    code_list,
    invalid,
    invalid_at,
)
from kinhaven.identification.enums import (
    STAGE_OUTCOMES,
    DecisionMakingOrg,
    EvidenceKind,
    Stage,
    TraffickingStatus,
)

MAX_NAME = 200
MAX_TEXT = 5000
MAX_CODE = 40
MAX_EVIDENCE_KINDS = 10


def _given(value: str) -> str:
    if not value:
        raise invalid(forms.Field.default_error_messages["required"])
    return value


def _one_of(choices: type[Any], message: str) -> AfterValidator:
    def run(value: str) -> str:
        if value not in choices.values:
            raise invalid(message)
        return value

    return AfterValidator(run)


def _evidence_kind(code: str) -> str:
    if code not in EvidenceKind.values:
        raise ValueError(_("Unknown kind of evidence."))
    return code


Required = AfterValidator(_given)
Name = Annotated[str, Field(max_length=MAX_NAME), NoNul, Stripped, Required]
LongText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped, Required]
Code = Annotated[str, Field(max_length=MAX_CODE), NoNul]


class IdentificationDecisionIn(Schema):
    """A decision on whether the child is a victim of trafficking, as the competent authority
    took it: a preliminary decision (reasonable grounds), a conclusive one, or a review or
    appeal of either (`reviews_id`), which may change the outcome."""

    model_config = ConfigDict(extra="forbid")

    stage: Annotated[Code, _one_of(Stage, _("Choose preliminary, conclusive or review."))] = Field(
        description="preliminary, conclusive or review"
    )
    outcome: Annotated[
        Code, _one_of(TraffickingStatus, _("Choose an outcome of the decision."))
    ] = Field(
        description="HTCDS vic_TraffickingStatus: PossibleVictimOfTrafficking or "
        "NotAVictimOfTrafficking (preliminary); ActualVictimOfTrafficking or "
        "NotAVictimOfTrafficking (conclusive)"
    )
    organisation: Annotated[
        Code, _one_of(DecisionMakingOrg, _("Choose the type of organisation that decided."))
    ] = Field(
        description="HTCDS vic_TraffickingStatusDecisionMakingOrg: Police, NGO, "
        "CourtOrProsecution, NonPoliceGovernmentalOrganization or Other"
    )
    authority: Name = Field(description="the competent authority that decided, by name")
    person_name: Name = Field(description="the person who took the decision")
    person_role: Name = Field(description="that person's role or title")
    decided_on: PastDate
    reasons: LongText
    evidence: LongText = Field(description="what the decision relied on")
    evidence_kinds: Annotated[
        list[Text], Field(max_length=MAX_EVIDENCE_KINDS), code_list(_evidence_kind)
    ] = Field(
        default_factory=list,
        description="report, interview, documents, professional_assessment, "
        "police_information, third_party or other",
    )
    reviews_id: uuid.UUID | None = Field(
        default=None, description="a review or appeal: the decision it is about"
    )
    appealed_by: Annotated[str, Field(max_length=MAX_NAME), NoNul, Stripped] = Field(
        default="", description="a review or appeal: who asked for it"
    )

    @field_validator("outcome")
    @classmethod
    def _fits_stage(cls, value: str, info: ValidationInfo) -> str:
        allowed = STAGE_OUTCOMES.get(info.data.get("stage", ""))
        if allowed is not None and value not in allowed:
            if info.data["stage"] == Stage.PRELIMINARY:
                raise invalid(
                    _("A preliminary decision finds reasonable grounds (possible victim) or none.")
                )
            raise invalid(_("A conclusive decision finds the child a victim or not a victim."))
        return value

    @model_validator(mode="after")
    def _review_names_its_decision(self) -> IdentificationDecisionIn:
        review = self.stage == Stage.REVIEW
        if review and self.reviews_id is None:
            raise invalid_at("reviews_id", _("Name the decision reviewed."))
        if not review and self.reviews_id is not None:
            raise invalid_at("reviews_id", _("Only a review names a decision it reviews."))
        if review and not self.appealed_by:
            raise invalid_at("appealed_by", _("Say who asked for the review or appeal."))
        return self


class DecisionOut(Schema):
    id: uuid.UUID
    stage: str
    outcome: str
    organisation: str
    authority: str
    person_name: str
    person_role: str
    decided_on: dt.date
    reasons: str
    evidence: str
    evidence_kinds: list[str]
    reviews_id: uuid.UUID | None
    appealed_by: str
    # The review whose outcome replaced this decision's, if any.
    replaced_by_id: uuid.UUID | None
    in_force: bool
    case_id: uuid.UUID | None
    recorded_by: str
    recorded_at: dt.datetime


class IdentificationStatusOut(Schema):
    """Where the child's identification stands, and how it was reached: the decisions since the
    preliminary decision that began it, oldest first."""

    status: str | None = Field(description="HTCDS vic_TraffickingStatus in force; null: none")
    stage: str | None = Field(description="preliminary or conclusive: the stage reached")
    conclusive_pending: bool
    decision_id: uuid.UUID | None = Field(description="the decision whose outcome is in force")
    how_reached: list[DecisionOut]


class IdentificationRuleOut(Schema):
    country: str = Field(description="ISO 3166-1 alpha-3; blank: the default rule")
    reflection_until_conclusive: bool
    preliminary_roles: list[str]
    conclusive_roles: list[str]
    source: str


class ReflectionPeriodOut(Schema):
    deadline_id: uuid.UUID
    starts_at: dt.datetime
    due_at: dt.datetime
    state: str
    held: bool = Field(description="runs on past its date until the conclusive decision")


class IdentificationOut(IdentificationStatusOut):
    """The child's identification: the status in force, every decision recorded, the rule of
    the child's country, and the recovery and reflection period."""

    history: list[DecisionOut]
    rule: IdentificationRuleOut
    reflection_period: ReflectionPeriodOut | None


class IdentificationRuleIn(Schema):
    """A country's identification rule (country blank: the default)."""

    model_config = ConfigDict(extra="forbid")

    country: PlaceCountryCode = Field(default="", description="ISO 3166-1 alpha-3; blank: default")
    reflection_until_conclusive: bool
    preliminary_roles: Annotated[list[Text], Field(min_length=1, max_length=20)]
    conclusive_roles: Annotated[list[Text], Field(min_length=1, max_length=20)]
    source: Annotated[str, Field(max_length=200), NoNul, Stripped] = ""

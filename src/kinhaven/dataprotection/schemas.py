"""Input of the data-protection writes and the API's output."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.validation import (
    NoNul,
    PastDate,
    Required,
    Stripped,
    checked,
    one_of,
    validate_language,
)
from kinhaven.dataprotection.enums import GivenBy

MAX_TEXT = 2000

Text = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped]
RequiredText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped, Required]


class ConsentPointsIn(Schema):
    """Each of HTCDS's seven consent questions, answered yes or no."""

    model_config = ConfigDict(extra="forbid")

    consents_to_interview: bool
    informed_of_purpose: bool
    informed_of_data_use: bool
    informed_of_research_use: bool
    informed_of_right_of_access: bool
    informed_of_storage_period: bool
    informed_of_withdrawal: bool


class ConsentIn(Schema):
    """Consent to the processing of the child's data, as asked and answered."""

    model_config = ConfigDict(extra="forbid")

    points: ConsentPointsIn
    given_by: Annotated[
        str, Field(max_length=20), one_of(GivenBy.values, gettext_lazy("Choose who gave it."))
    ]
    purpose: RequiredText
    retention: RequiredText = Field(description="how long the data are kept, as the child was told")
    language: Annotated[str, Field(max_length=3), NoNul, checked(validate_language)]
    recorded_on: PastDate


class ConsentWithdrawIn(Schema):
    model_config = ConfigDict(extra="forbid")

    withdrawn_on: PastDate
    reason: Text = Field(default="", description="the child need give no reason")


class DataExportIn(Schema):
    """Why everything held about the child is exported (a subject access request)."""

    model_config = ConfigDict(extra="forbid")

    reason: RequiredText


class ConsentOut(Schema):
    id: uuid.UUID
    state: str
    htcds_consent: bool
    points: dict[str, bool]
    given_by: str
    purpose: str
    retention: str
    language: str
    recorded_on: dt.date
    withdrawn_on: dt.date | None
    withdrawn_reason: str


def consent_out(consent: Any) -> dict[str, Any]:
    return {
        "id": consent.public_id,
        "state": consent.state,
        "htcds_consent": consent.htcds_consent,
        "points": consent.points,
        "given_by": consent.given_by,
        "purpose": consent.purpose,
        "retention": consent.retention,
        "language": consent.language,
        "recorded_on": consent.recorded_on,
        "withdrawn_on": consent.withdrawn_on,
        "withdrawn_reason": consent.withdrawn_reason,
    }

"""API input and output of missing episodes. Each write takes one input model, which holds every
check of its fields: the API takes it as its body, the web form builds it, the service takes it.
Checks that need the record (the episode still open, a criterion listed) are the service's."""

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
    PastDateTime,
    Required,
    SingleLine,
    Stripped,
    invalid_at,
    one_of,
)
from kinhaven.missing.enums import CloseReason, FoundState, PhotoConsent

MAX_TEXT = 5000
MAX_NAME = 200
MAX_REF = 100
MAX_CODE = 40
MAX_CRITERIA = 30

Text = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped]
RequiredText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped, Required]
Name = Annotated[str, Field(max_length=MAX_NAME), NoNul, SingleLine, Required]
Reference = Annotated[str, Field(max_length=MAX_REF), NoNul, SingleLine]
Code = Annotated[str, Field(max_length=MAX_CODE), NoNul]


class EpisodeReportIn(Schema):
    """Report the child missing: when and where last seen, the clothing and description, who the
    child may be with, the circumstances, and the risk criteria the reporter knows apply. Nothing
    is written or sent unless `confirm` is true."""

    model_config = ConfigDict(extra="forbid")

    last_seen_at: PastDateTime
    last_seen_place: RequiredText = Field(description="where the child was last seen")
    description: RequiredText = Field(description="what the child wore; how to recognise them")
    companions: Text = Field(default="", description="who the child may be with")
    circumstances: Text = ""
    criteria: list[Code] = Field(
        default_factory=list, max_length=MAX_CRITERIA, description="codes of risk criteria"
    )
    confirm: bool = Field(
        default=False, description="true: report and alert now. Without it nothing happens."
    )

    @model_validator(mode="after")
    def _confirmed(self) -> EpisodeReportIn:
        if not self.confirm:
            raise invalid_at(
                "confirm", _("Confirm the report: nothing is sent or recorded until you do.")
            )
        return self


class PoliceInformedIn(Schema):
    """The police informed: when, the officer, and the police's reference."""

    model_config = ConfigDict(extra="forbid")

    informed_at: PastDateTime
    officer: Name
    reference: Annotated[Reference, Required]


class AlertsIn(Schema):
    """The alerts raised: the national alert's reference, and the 116 000 hotline's case or the
    Schengen Information System alert (at least one of them)."""

    model_config = ConfigDict(extra="forbid")

    national_reference: Annotated[Reference, Required]
    hotline_reference: Reference = Field(default="", description="the 116 000 hotline's case")
    sis_reference: Reference = Field(default="", description="the SIS alert")

    @model_validator(mode="after")
    def _one(self) -> AlertsIn:
        if not self.hotline_reference and not self.sis_reference:
            raise invalid_at(
                "hotline_reference",
                _("Give the 116 000 case reference or the SIS alert reference."),
            )
        return self


class SightingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    seen_at: PastDateTime
    place: RequiredText
    seen_by: Name
    details: Text = ""


class EpisodeActionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    taken_at: PastDateTime
    taken_by: Name
    action: RequiredText


class FoundIn(Schema):
    """The child found: when, where, by whom, the state they were in."""

    model_config = ConfigDict(extra="forbid")

    found_at: PastDateTime
    found_place: RequiredText
    found_by: Name
    state: Annotated[
        Code, one_of(FoundState.values, gettext_lazy("Choose the state the child was in."))
    ]
    state_notes: Text = ""


class CloseIn(Schema):
    """Close the episode otherwise than found, with the reason."""

    model_config = ConfigDict(extra="forbid")

    reason: Annotated[
        Code, one_of(CloseReason.values, gettext_lazy("Choose why the episode closes."))
    ]
    notes: RequiredText


class InterviewIn(Schema):
    """The return interview: when, by whom, what was said, and the child's views."""

    model_config = ConfigDict(extra="forbid")

    held_at: PastDateTime
    interviewer: Name
    notes: RequiredText
    child_views: RequiredText


class PhotoIn(Schema):
    """A recent photo's consent: given, refused, or the child could not be asked."""

    model_config = ConfigDict(extra="forbid")

    consent: Annotated[
        Code,
        one_of(PhotoConsent.values, gettext_lazy("Say whether consent to the photo was given.")),
    ]


class SightingOut(Schema):
    id: uuid.UUID
    seen_at: dt.datetime
    place: str
    seen_by: str
    details: str


class EpisodeActionOut(Schema):
    id: uuid.UUID
    taken_at: dt.datetime
    taken_by: str
    action: str


class DeadlineRefOut(Schema):
    code: str
    due_at: dt.datetime
    completed_at: dt.datetime | None


class EpisodeOut(Schema):
    id: uuid.UUID
    status: str
    reported_at: dt.datetime
    last_seen_at: dt.datetime
    last_seen_place: str
    description: str
    companions: str
    circumstances: str
    risk_level: str
    criteria: list[str]
    has_photo: bool
    photo_consent: str
    police_informed_at: dt.datetime | None
    police_reference: str
    hotline_reference: str
    sis_reference: str
    national_reference: str
    found_at: dt.datetime | None
    found_place: str
    found_by: str
    found_state: str
    closed_reason: str
    interview_at: dt.datetime | None
    # Still due: flagged when the child was found, until an ILO re-screening of one of the
    # child's reports, and a visit in the placement or a new placement, from that day.
    rescreening_due: bool
    rescreened_at: dt.datetime | None
    placement_review_due: bool
    placement_reviewed_on: dt.date | None
    sightings: list[SightingOut]
    actions: list[EpisodeActionOut]
    deadlines: list[DeadlineRefOut]

"""Input of the interview writes (one model each, shared by the forms and the API) and the
API's output."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.validation import (
    NoNul,
    PastDate,
    PastDateTime,
    Required,
    SingleLine,
    Stripped,
    checked,
    one_of,
    validate_language,
)
from kinhaven.interviews.enums import InterviewerRole, LanguageSupport, TeamRole
from kinhaven.interviews.media import MAX_RECORDING_BYTES, MEDIA_TYPES
from kinhaven.legal.enums import SpecialMeasure

MAX_TEXT = 4000
MAX_NAME = 200
MAX_TEAM = 10
MAX_PRESENT = 15

Text = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped]
RequiredText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped, Required]
Name = Annotated[str, Field(max_length=MAX_NAME), NoNul, SingleLine, Required]


class TeamMemberIn(Schema):
    """One member of the team watching from another room, with the role agreed beforehand."""

    model_config = ConfigDict(extra="forbid")

    role: Annotated[
        str,
        Field(max_length=20),
        one_of(TeamRole.values, gettext_lazy("Choose the member's role.")),
    ]
    name: Name
    agreed_role: Name = Field(description="what this member does during the interview, agreed")


class LanguageSupportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Annotated[
        str,
        Field(max_length=20),
        one_of(LanguageSupport.values, gettext_lazy("Choose interpreter or cultural mediator.")),
    ]
    language: Annotated[str, Field(max_length=3), NoNul, checked(validate_language)]
    name: Name


class InterviewPlanIn(Schema):
    """Plan a forensic interview. A second interview of the child on the same matter needs a
    written justification, then the approval of a role that may give it."""

    model_config = ConfigDict(extra="forbid")

    matter: Name = Field(description="the matter the child is heard on")
    proceeding_id: uuid.UUID | None = Field(
        default=None, description="the child's criminal proceeding the interview serves"
    )
    purpose: RequiredText
    planned_at: dt.datetime
    room: Name
    interviewer_name: Name
    interviewer_role: Annotated[
        str,
        Field(max_length=20),
        one_of(InterviewerRole.values, gettext_lazy("Choose the interviewer's role.")),
    ]
    interviewer_training: Name = Field(description="the forensic interview training held")
    interviewer_trained_on: PastDate
    team: list[TeamMemberIn] = Field(default_factory=list, max_length=MAX_TEAM)
    language_support: LanguageSupportIn | None = None
    special_measures: list[
        Annotated[
            str,
            Field(max_length=20),
            one_of(SpecialMeasure.values, gettext_lazy("Choose among the special measures.")),
        ]
    ] = Field(default_factory=list, max_length=len(SpecialMeasure.values))
    justification: Text = Field(default="", description="why a repeat interview is needed")


class InterviewHeldIn(Schema):
    """The interview as held: when, in which room, who was present, the recording."""

    model_config = ConfigDict(extra="forbid")

    held_at: PastDateTime
    room: Name
    present: list[Name] = Field(min_length=1, max_length=MAX_PRESENT)
    recording_reference: Name = Field(description="where the recording is kept")
    notes: Text = ""


class InterviewCancelIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: RequiredText


class InterviewOut(Schema):
    id: uuid.UUID
    status: str
    matter: str
    proceeding_id: uuid.UUID | None
    purpose: str
    planned_at: dt.datetime
    room: str
    interviewer_name: str
    interviewer_role: str
    interviewer_training: str
    interviewer_trained_on: dt.date
    team: list[TeamMemberIn]
    language_support: LanguageSupportIn | None
    special_measures: list[str]
    repeat: bool
    justification: str
    approved_at: dt.datetime | None
    held_at: dt.datetime | None
    present: list[str]
    recording_reference: str
    notes: str
    cancelled_reason: str
    earlier: list[uuid.UUID] = Field(description="the child's earlier interviews on the matter")


class RecordingCreateIn(Schema):
    """A recording about to be uploaded: its size and media type, declared beforehand."""

    model_config = ConfigDict(extra="forbid")

    size: int = Field(ge=1, le=MAX_RECORDING_BYTES, description="the file's size in bytes")
    media_type: Annotated[
        str,
        Field(max_length=40),
        one_of(
            MEDIA_TYPES,
            gettext_lazy(
                "Choose an audio or video type taken: video/mp4, video/webm, audio/mpeg, "
                "audio/mp4, audio/webm or audio/wav."
            ),
        ),
    ]


class RecordingReasonIn(Schema):
    """Why a copy of a recording leaves the system (a download, an export for a court)."""

    model_config = ConfigDict(extra="forbid")

    reason: RequiredText


class RecordingOut(Schema):
    id: uuid.UUID
    media_type: str
    size: int
    received: int
    status: str
    sha256: str
    created_at: dt.datetime
    completed_at: dt.datetime | None
    upload_url: str
    content_url: str

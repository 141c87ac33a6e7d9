"""API input and output of the legal tracks. A proceeding's input models hold every check of its
fields: the API takes them, the web forms build them, the services take them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator

from kinhaven.care.schemas import PlacementOut
from kinhaven.core.validation import NoNul, Stripped, invalid
from kinhaven.legal.enums import TRACK_STATUSES, ChildRole, Track

MAX_AUTHORITY = 200
MAX_REFERENCE = 100
MAX_NEXT_STEP = 300
MAX_NOTE = 5000


def _track(value: str) -> str:
    if value not in Track.values:
        raise invalid(_("Choose asylum, residence or criminal proceedings."))
    return value


def _blank_if_none(value: str | None) -> str:
    return (value or "").strip()


def _status_problem(track: str, status: Any) -> str | None:
    if status not in TRACK_STATUSES.get(track, []):
        return _("Choose a status of this track.")
    return None


def _child_role_problem(track: str, role: Any) -> str | None:
    if role and (track != Track.CRIMINAL or role not in ChildRole.values):
        return _("A victim or witness, in criminal proceedings only.")
    return None


# Fields whose values depend on the proceeding's track.
TRACK_CHECKS: dict[str, Callable[[str, Any], str | None]] = {
    "status": _status_problem,
    "child_role": _child_role_problem,
}


def track_errors(track: str, fields: Mapping[str, Any]) -> dict[str, str]:
    """What of the fields given does not fit the proceeding's track, by field."""
    errors: dict[str, str] = {}
    for name, check in TRACK_CHECKS.items():
        problem = check(track, fields[name]) if name in fields else None
        if problem:
            errors[name] = problem
    return errors


Authority = Annotated[str, Field(max_length=MAX_AUTHORITY), NoNul, Stripped]
Reference = Annotated[str, Field(max_length=MAX_REFERENCE), NoNul, Stripped]
NextStep = Annotated[str, Field(max_length=MAX_NEXT_STEP), NoNul, Stripped]
Note = Annotated[str, Field(max_length=MAX_NOTE), NoNul, Stripped]
Code = Annotated[str, Field(max_length=20), NoNul]


class ProceedingFieldsIn(Schema):
    """A proceeding of the child before an authority, on one track."""

    model_config = ConfigDict(extra="forbid")

    track: Annotated[Code, AfterValidator(_track)] = Field(
        description="asylum, residence or criminal"
    )
    status: Code
    authority: Authority = ""
    reference: Reference = ""
    child_role: Code = Field(default="", description="victim or witness")
    next_date: dt.date | None = None
    next_step: NextStep = ""
    note: Note = ""

    @field_validator("status", "child_role")
    @classmethod
    def _fits_track(cls, value: str, info: ValidationInfo) -> str:
        track = info.data.get("track")
        # An unknown track is an error of its own; nothing else can fit it.
        problem = TRACK_CHECKS[str(info.field_name)](track, value) if track else None
        if problem:
            raise invalid(problem)
        return value


class ProceedingIn(ProceedingFieldsIn):
    child_id: uuid.UUID


# Left out, a text keeps its value; given as null, it is emptied.
BlankIfNone = AfterValidator(_blank_if_none)


class ProceedingPatch(Schema):
    """The fields to change; fields left out keep their values. The status and the child's part
    must fit the proceeding's track, which is fixed."""

    model_config = ConfigDict(extra="forbid")

    status: Annotated[str | None, Field(max_length=20), NoNul] = None
    authority: Annotated[str | None, Field(max_length=MAX_AUTHORITY), NoNul, BlankIfNone] = None
    reference: Annotated[str | None, Field(max_length=MAX_REFERENCE), NoNul, BlankIfNone] = None
    child_role: Annotated[str | None, Field(max_length=20), NoNul, BlankIfNone] = None
    next_date: dt.date | None = None
    next_step: Annotated[str | None, Field(max_length=MAX_NEXT_STEP), NoNul, BlankIfNone] = None
    note: Annotated[str | None, Field(max_length=MAX_NOTE), NoNul, BlankIfNone] = None


class ProceedingChangeOut(Schema):
    status: str
    next_date: dt.date | None
    note: str
    changed_by: str = Field(alias="changed_by.username")
    changed_at: dt.datetime


class ProceedingOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    child_id: uuid.UUID = Field(alias="child.public_id")
    track: str
    status: str
    authority: str
    reference: str
    child_role: str
    next_date: dt.date | None
    next_step: str
    note: str
    updated_at: dt.datetime
    changes: list[ProceedingChangeOut] = Field(alias="changes.all")


class TrackReferralOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    service_kind: str
    from_agency: str = Field(alias="from_agency.name")
    to_agency: str = Field(alias="to_agency.name")
    status: str
    response_due_at: dt.datetime


class TrackCaseOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    reference: str | None
    status: str
    agency: str = Field(alias="agency.name")
    is_missing: bool


class TrackDeadlineOut(Schema):
    id: uuid.UUID
    code: str
    due_at: dt.datetime
    state: str


class TrackTaskOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    description: str
    owner: str = Field(alias="owner.username")
    due_on: dt.date


class TrackConferenceOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    held_at: dt.datetime
    child_heard: bool


class ProtectionOut(Schema):
    cases: list[TrackCaseOut]
    deadlines: list[TrackDeadlineOut]
    conferences: list[TrackConferenceOut]
    tasks: list[TrackTaskOut]


class AsylumResidenceOut(Schema):
    asylum: list[ProceedingOut]
    residence: list[ProceedingOut]
    deadlines: list[TrackDeadlineOut]
    referrals: list[TrackReferralOut]


class CareTrackOut(Schema):
    """Alternative care; `readable` false: the care section is not yours."""

    readable: bool
    current: PlacementOut | None
    placements: list[PlacementOut]


class TracksOut(Schema):
    """One view of a child across the tracks; `legal` false: the legal section is not yours."""

    legal: bool
    assistance: list[TrackReferralOut]
    child_protection: ProtectionOut
    asylum_and_residence: AsylumResidenceOut
    criminal_proceedings: list[ProceedingOut]
    alternative_care: CareTrackOut


class WardProceedingOut(Schema):
    track: str
    status: str
    next_date: dt.date | None


class WardPlacementOut(Schema):
    kind: str
    carer: str
    started_on: dt.date
    last_visit_on: dt.date | None


class WardOut(Schema):
    child_id: uuid.UUID
    name: str
    open_cases: int
    live_referrals: int
    proceedings: list[WardProceedingOut]
    overdue_deadlines: int
    placement: WardPlacementOut | None = None

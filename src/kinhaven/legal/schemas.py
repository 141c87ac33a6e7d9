import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.schemas import Text


class ProceedingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    child_id: uuid.UUID
    track: Text = Field(max_length=20, description="asylum, residence or criminal")
    status: Text = Field(max_length=20)
    authority: Text = Field(default="", max_length=200)
    reference: Text = Field(default="", max_length=100)
    child_role: Text = Field(default="", max_length=20, description="victim or witness")
    next_date: dt.date | None = None
    next_step: Text = Field(default="", max_length=300)
    note: Text = Field(default="", max_length=5000)


class ProceedingPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    status: Text | None = Field(default=None, max_length=20)
    authority: Text | None = Field(default=None, max_length=200)
    reference: Text | None = Field(default=None, max_length=100)
    child_role: Text | None = Field(default=None, max_length=20)
    next_date: dt.date | None = None
    next_step: Text | None = Field(default=None, max_length=300)
    note: Text | None = Field(default=None, max_length=5000)


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


class TracksOut(Schema):
    """One view of a child across the tracks; `legal` false: the legal section is not yours."""

    legal: bool
    assistance: list[TrackReferralOut]
    child_protection: ProtectionOut
    asylum_and_residence: AsylumResidenceOut
    criminal_proceedings: list[ProceedingOut]


class WardProceedingOut(Schema):
    track: str
    status: str
    next_date: dt.date | None


class WardOut(Schema):
    child_id: uuid.UUID
    name: str
    open_cases: int
    live_referrals: int
    proceedings: list[WardProceedingOut]
    overdue_deadlines: int

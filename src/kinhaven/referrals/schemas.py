import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.schemas import Text


class ServiceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Text = Field(max_length=30)
    name: Text = Field(max_length=200)
    description: Text = Field(default="", max_length=5000)
    location: Text = Field(default="", max_length=200)
    languages: list[Text] = Field(default_factory=list, max_length=30, description="ISO 639")
    min_age: int | None = None
    max_age: int | None = None
    sexes: list[Text] = Field(default_factory=list, max_length=3, description="F, M, X")
    capacity: int | None = None


class ServiceUpdateIn(ServiceIn):
    active: bool = True


class ServiceOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    agency: str = Field(alias="agency.name")
    agency_id: uuid.UUID = Field(alias="agency.public_id")
    kind: str
    name: str
    description: str
    location: str
    languages: list[str]
    min_age: int | None
    max_age: int | None
    sexes: list[str]
    capacity: int | None
    active: bool
    places_taken: int = 0
    places_free: int | None = None


class ReferralIn(Schema):
    model_config = ConfigDict(extra="forbid")

    case_id: uuid.UUID
    service_id: uuid.UUID | None = None
    to_agency_id: uuid.UUID | None = None
    service_kind: Text = Field(default="", max_length=30)
    reason: Text = Field(max_length=2000)
    urgency: Text = Field(max_length=10, description="urgent or normal")
    sections: list[Text] = Field(max_length=5, description="identity, location, health, ...")
    consent: Text = Field(
        max_length=30, description="child_consent, assent_guardian_consent or override"
    )
    consent_note: Text = Field(default="", max_length=2000)


class ReferralTransitionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to: Text = Field(max_length=20)
    reason: Text = Field(default="", max_length=2000)


class ReferralOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    child_id: uuid.UUID = Field(alias="child.public_id")
    from_agency: str = Field(alias="from_agency.name")
    to_agency: str = Field(alias="to_agency.name")
    service_kind: str
    reason: str
    urgency: str
    sections: list[str]
    consent: str
    status: str
    created_at: dt.datetime
    response_due_at: dt.datetime


class ServiceFilters(Schema):
    kind: Text = Field(default="", max_length=30)
    language: Text = Field(default="", max_length=3)
    age: int | None = Field(default=None, ge=0, le=25)
    sex: Text = Field(default="", max_length=1)
    q: Text = Field(default="", max_length=100)
    with_places: bool = False
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)


class ReferralFilters(Schema):
    direction: Text = Field(default="all", max_length=10, description="incoming, outgoing or all")
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)

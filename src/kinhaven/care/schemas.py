"""API input and output of placements and visits. Each write takes one input model, which holds
every check of its fields: the API takes it as its body, the web form builds it, the service takes
it. Checks that need the record (the service exists, the end after the start) are the service's."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import ConfigDict, Field, model_validator

from kinhaven.care.enums import PlacementKind, VettingStatus, Visitor
from kinhaven.core.validation import (
    NoNul,
    PastDate,
    Required,
    SingleLine,
    Stripped,
    invalid_at,
    one_of,
)

MAX_TEXT = 5000
MAX_NAME = 200
MAX_CODE = 30


Text = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped]
RequiredText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped, Required]
Name = Annotated[str, Field(max_length=MAX_NAME), NoNul, SingleLine]
Code = Annotated[str, Field(max_length=MAX_CODE), NoNul]
Kind = Annotated[Code, one_of(PlacementKind.values, gettext_lazy("Choose the kind of care."))]
Vetting = Annotated[
    Code, one_of(VettingStatus.values, gettext_lazy("Choose the vetting status of the carer."))
]


def _vetting_dated(vetting: str, vetting_on: dt.date | None) -> None:
    if vetting != VettingStatus.NOT_VETTED and vetting_on is None:
        raise invalid_at("vetting_on", _("Give the date of the vetting status."))


class PlacementIn(Schema):
    """Place the child: the kind of care, the carer or facility (a service of the directory, or
    for kinship care a named relative or friend), the carer's vetting, the safety plan, the start
    and its reason."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind = Field(description="foster, kinship, residential or independent")
    service_id: uuid.UUID | None = Field(
        default=None, description="the carer or facility, a service of the directory"
    )
    carer_name: Name = Field(default="", description="kinship care: the named carer")
    vetting: Vetting = Field(
        default=VettingStatus.NOT_VETTED.value,
        description="not_vetted, in_progress, vetted or refused",
    )
    vetting_on: PastDate | None = Field(default=None, description="when the vetting stood so")
    safety_plan: Text = ""
    started_on: PastDate
    start_reason: RequiredText

    @model_validator(mode="after")
    def _carer(self) -> PlacementIn:
        if self.kind == PlacementKind.KINSHIP:
            if self.service_id is None and not self.carer_name:
                raise invalid_at("carer_name", _("Name the carer, or choose a service."))
        elif self.service_id is None:
            raise invalid_at("service_id", _("Choose the carer or facility from the directory."))
        else:
            self.carer_name = ""
        _vetting_dated(self.vetting, self.vetting_on)
        return self


class VettingIn(Schema):
    """Where the vetting of the carer stands, and the safety plan as it is now."""

    model_config = ConfigDict(extra="forbid")

    vetting: Vetting
    vetting_on: PastDate | None = None
    safety_plan: Text = ""

    @model_validator(mode="after")
    def _dated(self) -> VettingIn:
        _vetting_dated(self.vetting, self.vetting_on)
        return self


class PlacementEndIn(Schema):
    """End the placement, with the date and the reason."""

    model_config = ConfigDict(extra="forbid")

    ended_on: PastDate
    end_reason: RequiredText


class VisitIn(Schema):
    """A visit to the child in the placement: when, by whom, what the child said (required: the
    child is heard at every visit) and any concerns."""

    model_config = ConfigDict(extra="forbid")

    visited_on: PastDate
    visitor: Annotated[
        Code, one_of(Visitor.values, gettext_lazy("Choose who visited: caseworker or guardian."))
    ] = Field(description="caseworker or guardian")
    visitor_name: Annotated[Name, Required] = Field(description="who visited")
    child_views: RequiredText = Field(description="the child's views, heard at the visit")
    concerns: Text = ""


class ServiceRefOut(Schema):
    id: uuid.UUID
    name: str
    kind: str


class VisitOut(Schema):
    id: uuid.UUID
    visited_on: dt.date
    visitor: str
    visitor_name: str
    child_views: str
    concerns: str


class PlacementOut(Schema):
    id: uuid.UUID
    kind: str
    service: ServiceRefOut | None
    carer_name: str
    vetting: str
    vetting_on: dt.date | None
    safety_plan: str
    started_on: dt.date
    start_reason: str
    ended_on: dt.date | None
    end_reason: str
    current: bool
    visits: list[VisitOut]

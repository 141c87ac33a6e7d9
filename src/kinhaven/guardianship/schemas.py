"""API input and output of guardian appointments."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.schemas import Text


class GuardianIn(Schema):
    model_config = ConfigDict(extra="forbid")

    guardian: uuid.UUID | None


class GuardianOut(Schema):
    guardian: uuid.UUID | None


class HandoverIn(Schema):
    model_config = ConfigDict(extra="forbid")

    guardian: uuid.UUID
    reason: Text = Field(max_length=2000)


class AppointmentOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    guardian: uuid.UUID = Field(alias="guardian.public_id")
    appointed_at: dt.datetime
    reason: str
    ended_at: dt.datetime | None
    end_reason: str

"""API input and output of guardian appointments. The input models hold every check of their
fields: the API takes them, the web forms build them, the services take what they hold."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field

from kinhaven.core.validation import NoNul, Stripped, invalid

MAX_REASON = 2000


def _given(value: str) -> str:
    if not value:
        raise invalid(_("Give the reason for the handover."))
    return value


Reason = Annotated[str, Field(max_length=MAX_REASON), NoNul, Stripped]


class GuardianIn(Schema):
    """The child's guardian; null ends the appointment."""

    model_config = ConfigDict(extra="forbid")

    guardian: uuid.UUID | None


class GuardianOut(Schema):
    guardian: uuid.UUID | None


class HandoverIn(Schema):
    """The next guardian, and why the current appointment ends."""

    model_config = ConfigDict(extra="forbid")

    guardian: uuid.UUID
    reason: Annotated[Reason, AfterValidator(_given)]


class AppointmentOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    guardian: uuid.UUID = Field(alias="guardian.public_id")
    appointed_at: dt.datetime
    reason: str
    ended_at: dt.datetime | None
    end_reason: str

"""API input and output of deadlines. CompletionIn holds every check of a completion: the API
takes it, the web form builds it, the service takes it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field

from kinhaven.core.schemas import Text
from kinhaven.core.validation import NoNul, Stripped, invalid
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.selectors import deadline_state

MAX_NOTE = 2000
MAX_STATE = 20


def _decided(value: str) -> str:
    if not value:
        raise invalid(_("Write what was decided or done."))
    return value


class DeadlineOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    code: str
    state: str
    case_id: uuid.UUID | None = Field(default=None, alias="case.public_id")
    report_id: uuid.UUID | None = Field(default=None, alias="report.public_id")
    starts_at: dt.datetime
    due_at: dt.datetime
    hard_due_at: dt.datetime | None
    completed_at: dt.datetime | None
    outcome: str
    escalated_at: dt.datetime | None
    hard_escalated_at: dt.datetime | None

    @staticmethod
    def resolve_state(obj: Deadline) -> str:
        return deadline_state(obj).value


class CompletionIn(Schema):
    """That a deadline a person closes was met, and what was decided or done."""

    model_config = ConfigDict(extra="forbid")

    note: Annotated[str, Field(max_length=MAX_NOTE), NoNul, Stripped, AfterValidator(_decided)]


class DeadlineFilters(Schema):
    state: Text = Field(
        default="open", max_length=MAX_STATE, description="open, overdue, escalated, all"
    )
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)

import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.schemas import Text
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.selectors import deadline_state


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
    model_config = ConfigDict(extra="forbid")

    note: Text = Field(max_length=2000)


class DeadlineFilters(Schema):
    state: Text = Field(default="open", max_length=20, description="open, overdue, escalated, all")
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)

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

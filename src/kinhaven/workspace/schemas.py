import datetime as dt

from ninja import Schema
from pydantic import Field


class CountOut(Schema):
    code: str
    label: str
    value: int
    url: str
    urgent: bool


class LinkOut(Schema):
    label: str
    url: str


class CardOut(Schema):
    code: str
    title: str
    counts: list[CountOut]
    links: list[LinkOut]


class HomeOut(Schema):
    cards: list[CardOut]


# The longest kind code an app may register (the task page's filter allows as much).
MAX_KIND = 60


class TaskFiltersIn(Schema):
    kind: str = Field(default="", max_length=MAX_KIND, description="One kind of task")
    overdue: bool = Field(default=False, description="Only the tasks past their date")


class WorkItemOut(Schema):
    kind: str
    kind_label: str
    title: str
    url: str
    due: dt.datetime | None
    overdue: bool
    case_reference: str

import datetime as dt

from ninja import Schema


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


class TaskFiltersIn(Schema):
    kind: str = ""
    overdue: bool = False


class WorkItemOut(Schema):
    kind: str
    kind_label: str
    title: str
    url: str
    due: dt.datetime | None
    overdue: bool
    case_reference: str

import datetime as dt
import uuid

from ninja import Schema
from pydantic import Field


class NotificationOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    kind: str
    title: str
    path: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationFilters(Schema):
    unread: bool = False
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)

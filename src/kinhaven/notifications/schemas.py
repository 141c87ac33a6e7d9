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

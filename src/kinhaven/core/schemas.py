from typing import Generic, TypeVar

from ninja import Schema
from pydantic import Field

from kinhaven.core.errors import ErrorCode
from kinhaven.core.validation import Text

__all__ = ["ErrorOut", "FieldErrorOut", "PageOut", "Text"]

T = TypeVar("T")


class PageOut(Schema, Generic[T]):
    items: list[T]
    count: int
    page: int
    pages: int


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every error answer: a message, what kind of error it is, and the fields at fault."""

    message: str
    code: ErrorCode = Field(description="machine-readable kind of error")
    errors: list[FieldErrorOut]

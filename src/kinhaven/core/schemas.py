from typing import Annotated, Generic, TypeVar

from ninja import Schema
from pydantic import AfterValidator, Field

from kinhaven.core.errors import ErrorCode

T = TypeVar("T")


class PageOut(Schema, Generic[T]):
    items: list[T]
    count: int
    page: int
    pages: int


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL; refuse it everywhere, on every database alike.
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    return value


# Every text input of the API is this type.
Text = Annotated[str, AfterValidator(_no_nul)]


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every error answer: a message, what kind of error it is, and the fields at fault."""

    message: str
    code: ErrorCode = Field(description="machine-readable kind of error")
    errors: list[FieldErrorOut]

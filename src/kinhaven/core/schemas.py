from typing import Generic, TypeVar

from ninja import Schema

T = TypeVar("T")


class PageOut(Schema, Generic[T]):
    items: list[T]
    count: int
    page: int
    pages: int

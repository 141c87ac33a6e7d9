"""The base of Kinhaven's management commands."""

from __future__ import annotations

import argparse
import unicodedata
import uuid
from collections.abc import Callable
from typing import Any

from django.core import checks
from django.core.management.base import BaseCommand
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field, Model


class KinhavenCommand(BaseCommand):
    """A command that runs Django's system checks before it starts, as Django's own do, but not
    those of the URL configuration.

    Checking the URLs loads every view and builds the whole API, about a second of each
    command's start, and a command serves no URL. The checks run by tag, every tag but `urls`,
    so the few registered with no tag (the order of the middleware, the task backends' settings)
    are left to the commands that serve: `kinhaven check`, `runserver`, `migrate` and the task
    worker run them all.
    """

    def check(self, app_configs: Any = None, tags: Any = None, *args: Any, **kwargs: Any) -> None:
        if tags is None:
            tags = [tag for tag in checks.registry.registry.tags_available(True) if tag != "urls"]
        super().check(app_configs, tags, *args, **kwargs)


# Types of command-line arguments. argparse answers a bad value with the option's name, this
# message and exit status 2; the value itself is not repeated (it may be long, or personal).


def uuid_argument(text: str) -> uuid.UUID:
    """An id (a UUID) given on the command line."""
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(_ARGUMENT_NOT_AN_ID) from None


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """A whole number from `low` to `high`, both included."""

    def parse(text: str) -> int:
        try:
            number = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError("not a whole number") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}")
        return number

    return parse


def field_most(model: type[Model], field: str) -> int:
    """The most an integer field of a model holds on every database Django supports."""
    found = model._meta.get_field(field)
    if not isinstance(found, Field):
        raise TypeError(f"{model.__name__}.{field} is no field of its own")
    return int(BaseDatabaseOperations.integer_field_ranges[found.get_internal_type()][1])


def model_text(model: type[Model], field: str, *, blank: bool = False) -> Callable[[str], str]:
    """Text for a model's field: trimmed, no control characters, no longer than the field
    holds (SQLite would keep it whole, PostgreSQL refuse it), and not empty unless `blank`."""
    max_length = getattr(model._meta.get_field(field), "max_length", None)

    def parse(text: str) -> str:
        value = text.strip()
        if not value and not blank:
            raise argparse.ArgumentTypeError("must not be empty")
        if max_length is not None and len(value) > max_length:
            raise argparse.ArgumentTypeError(f"at most {max_length} characters")
        if any(unicodedata.category(c) == "Cc" for c in value):
            raise argparse.ArgumentTypeError("must not hold control characters")
        return value

    return parse


_ARGUMENT_NOT_AN_ID = "not an id (a UUID such as 0b7e6a3c-5d1f-4a8e-9c2b-1f3e5d7a9b0c)"

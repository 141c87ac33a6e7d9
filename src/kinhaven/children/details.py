"""Parts of a child's record in the API that higher apps own, without children importing them.

The API's answer on a child (`GET /api/v1/children/{id}` and the writes that answer with the
record) is the file's sections the caller may read; an app above children that has something
to add to it (identification: the status in force and how it was reached) registers a part in
its AppConfig.ready(): a name, the output schema of the part, and a function that builds it for
the caller, or returns None to leave it out. The answer's schema is made once, when the API is
first assembled, from the parts registered by then (every AppConfig.ready() has run).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from pydantic import Field, create_model

from kinhaven.accounts.models import User
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildOut
from kinhaven.children.sections import SectionAccess

PartBuilder = Callable[[User, Child, SectionAccess], Any]


@dataclass(frozen=True)
class ChildDetailPart:
    name: str
    schema: type[Any]
    build: PartBuilder
    description: str


_parts: dict[str, ChildDetailPart] = {}


def child_detail_part_register(
    name: str, schema: type[Any], build: PartBuilder, *, description: str = ""
) -> None:
    """Add a part to the child's record in the API; registering it again replaces it."""
    if name in ChildOut.model_fields:
        raise ValueError(f"{name!r} is a field of the child's record already")
    _parts[name] = ChildDetailPart(name, schema, build, description)


def child_detail_parts(user: User, child: Child, access: SectionAccess) -> dict[str, Any]:
    """Each registered part the caller may see of this child; parts left out are not given."""
    found: dict[str, Any] = {}
    for part in _parts.values():
        value = part.build(user, child, access)
        if value is not None:
            found[part.name] = value
    return found


@functools.cache
def child_detail_schema() -> type[ChildOut]:
    """The child's record with every registered part, each left out where not given."""
    if not apps.ready:
        # Parts register in AppConfig.ready(): a schema made before would miss them.
        raise RuntimeError("the child's API schema is made once every app is ready")
    if not _parts:
        return ChildOut
    fields: dict[str, Any] = {
        part.name: (part.schema | None, Field(default=None, description=part.description))
        for part in _parts.values()
    }
    schema: type[ChildOut] = create_model(
        "ChildOut", __base__=ChildOut, __doc__=ChildOut.__doc__, **fields
    )
    return schema

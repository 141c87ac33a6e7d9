"""The OpenAPI document names each schema once, and documents each operation with its own classes.

Django Ninja generates each operation's schemas separately and merges their components by name,
the last one winning: two classes of the same name, or one class whose schema differs between
input and output, silently document some operation with another one's fields.
"""

from __future__ import annotations

import enum
import types
import typing
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

import pytest
from ninja.openapi.schema import REF_TEMPLATE
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel, create_model
from pydantic.json_schema import GenerateJsonSchema

from kinhaven.api.api import api as kinhaven_api
from kinhaven.core.schemas import ErrorOut

DOCUMENT = kinhaven_api.get_openapi_schema()
COMPONENTS: dict[str, Any] = DOCUMENT["components"]["schemas"]


class Style(NamedTuple):
    """How a class's schema is written: as input or output, under aliases or field names."""

    mode: Literal["validation", "serialization"]
    by_alias: bool
    generator: type[GenerateJsonSchema] = NinjaGenerateJsonSchema


# As Ninja writes request bodies and parameters, and as the API writes the error answers.
INPUT = Style("validation", by_alias=True)
ERROR = Style("validation", by_alias=True, generator=GenerateJsonSchema)


def _operations() -> Iterator[Operation]:
    # The same walk Ninja makes to write the document.
    for _prefix, router in kinhaven_api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _operation_id(operation: Operation) -> str:
    return operation.operation_id or kinhaven_api.get_openapi_operation_id(operation)


def _documented_operations() -> dict[str, dict[str, Any]]:
    return {
        details["operationId"]: details
        for operations in DOCUMENT["paths"].values()
        for details in operations.values()
    }


def _body_class(operation: Operation) -> type[BaseModel] | None:
    """The operation's own input class: the one field of Ninja's body model, if it takes a body."""
    bodies = [m for m in operation.models if m.__ninja_param_source__ == "body"]
    if not bodies:
        return None
    (body,) = bodies
    (field,) = body.model_fields.values()
    assert isinstance(field.annotation, type), field.annotation
    assert issubclass(field.annotation, BaseModel)
    return field.annotation


def _named_types(annotation: Any) -> Iterator[type]:
    """Every model and enum class an annotation refers to, at any depth."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | enum.Enum):
        yield annotation
        if issubclass(annotation, BaseModel):
            for field in annotation.model_fields.values():
                yield from _named_types(field.annotation)
        return
    for argument in typing.get_args(annotation):
        yield from _named_types(argument)


def _reachable() -> set[tuple[type, Style]]:
    """Each class the document describes, with the style its schema is written in."""
    found: set[tuple[type, Style]] = set()
    for operation in _operations():
        # Ninja's own wrappers (the parameter models and the response model) are not components.
        for model in operation.models:
            for field in model.model_fields.values():
                found.update((c, INPUT) for c in _named_types(field.annotation))
        output = Style("serialization", by_alias=operation.by_alias)
        for model in operation.response_models.values():
            if isinstance(model, type) and issubclass(model, BaseModel):
                for field in model.model_fields.values():
                    found.update((c, output) for c in _named_types(field.annotation))
    # The API adds the error answers to every operation itself.
    found.update((c, ERROR) for c in _named_types(ErrorOut))
    return found


def _component(cls: type, style: Style = INPUT) -> tuple[str, dict[str, Any]]:
    """The component name and schema pydantic gives a class when generated on its own."""
    probe = create_model("Probe", value=(cls, ...))
    schema = probe.model_json_schema(
        ref_template=REF_TEMPLATE,
        by_alias=style.by_alias,
        schema_generator=style.generator,
        mode=style.mode,
    )
    name = schema["properties"]["value"]["$ref"].removeprefix("#/components/schemas/")
    return name, schema["$defs"][name]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    # The document is untyped JSON.
    return COMPONENTS[ref.removeprefix("#/components/schemas/")]  # type: ignore[no-any-return]


def _properties(cls: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in cls.model_fields.items()}


def test_the_document_describes_some_classes() -> None:
    # Guards the walk below: an empty walk would pass every check.
    assert len(_reachable()) > 50
    assert sum(1 for o in _operations() if _body_class(o) is not None) > 20


def test_no_two_classes_share_a_component_name() -> None:
    classes: dict[str, set[str]] = defaultdict(set)
    for cls, _style in _reachable():
        name, _schema = _component(cls)
        classes[name].add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: sorted(found) for name, found in classes.items() if len(found) > 1}
    assert shared == {}


def test_each_component_is_the_schema_of_every_class_it_names() -> None:
    # Also catches one class whose input and output schemas differ under the same name.
    wrong = []
    for cls, style in _reachable():
        name, schema = _component(cls, style)
        if COMPONENTS.get(name) != schema:
            wrong.append(f"{name} ({cls.__module__}, {style.mode})")
    assert sorted(wrong) == []


@pytest.mark.parametrize(
    "operation",
    [o for o in _operations() if _body_class(o) is not None],
    ids=_operation_id,
)
def test_each_request_body_is_documented_with_its_own_class(operation: Operation) -> None:
    cls = _body_class(operation)
    assert cls is not None
    documented = _documented_operations()[_operation_id(operation)]
    schema = _resolve(documented["requestBody"]["content"]["application/json"]["schema"])
    assert schema.get("title") == cls.__name__
    assert set(schema["properties"]) == _properties(cls)


def test_the_check_catches_two_classes_of_one_name() -> None:
    # Two classes named alike in different modules collide in the document the same way.
    first = types.new_class("SameName", (BaseModel,))
    second = create_model("SameName", other=(int, ...))
    assert _component(first)[0] == _component(second)[0]

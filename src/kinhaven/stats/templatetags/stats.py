"""Labels of the statistics' codes in templates."""

from __future__ import annotations

from django import template

from kinhaven.stats.dimensions import DIMENSIONS
from kinhaven.stats.dimensions import value_label as _value_label

register = template.Library()


@register.filter
def dimension_label(code: str) -> str:
    dimension = DIMENSIONS.get(code)
    return str(dimension.label) if dimension else code


@register.filter
def value_label(dimension: str, value: str) -> str:
    return _value_label(dimension, value) if dimension in DIMENSIONS else value

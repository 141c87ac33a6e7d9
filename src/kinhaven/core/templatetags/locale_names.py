"""Countries and languages shown by name in the reader's language:
`{{ child.nationality|country }}`, `{{ child.languages|languages }}` (names joined by commas),
`{{ code|language }}`."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from kinhaven.core import locale_names

register = template.Library()


@register.filter
def country(code: str | None) -> str:
    return locale_names.country_name(code or "")


@register.filter
def language(code: str | None) -> str:
    return locale_names.language_name(code or "")


@register.filter
def languages(codes: Iterable[str] | None) -> str:
    return ", ".join(locale_names.language_names(codes or []))

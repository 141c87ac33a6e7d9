"""Dates and times in the reader's language, from CLDR (Babel): "6 déc. 2026", "06.12.2026,
14:32". English keeps ISO 8601 ("2026-12-06 14:32"), which every reader of the English interface
across the region reads the same way. Built into every template (settings.TEMPLATES)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton, get_datetime_format
from django import template
from django.utils import timezone
from django.utils.translation import get_language

register = template.Library()

ISO_LANGUAGES = frozenset({"en"})


def _language() -> str:
    return (get_language() or "en").replace("-", "_")


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def local_date(value: dt.date | dt.datetime | None) -> str:
    """A day: `2026-12-06` in English, `6 déc. 2026` in French."""
    if not value:
        return ""
    value = _local(value)
    day = value.date() if isinstance(value, dt.datetime) else value
    if _language() in ISO_LANGUAGES:
        return day.isoformat()
    return format_skeleton("yMMMd", day, locale=_language())


@register.filter
def local_datetime(moment: dt.date | dt.datetime | None) -> str:
    """A moment to the minute, in the server's time zone: `2026-12-06 14:32` in English."""
    if not moment:
        return ""
    value = _local(moment)
    if not isinstance(value, dt.datetime):
        return local_date(value)
    if _language() in ISO_LANGUAGES:
        return value.strftime("%Y-%m-%d %H:%M")
    language = _language()
    # The locale's way of joining a date and a time ("{1}, {0}"), with a 24-hour time.
    joined = str(get_datetime_format("medium", locale=language))
    day = format_skeleton("yMMMd", value, locale=language)
    time = format_skeleton("Hm", value, locale=language)
    return joined.replace("{1}", day).replace("{0}", time)


@register.filter
def local_month(value: dt.date | dt.datetime | None) -> str:
    """A month: `2026-12` in English, `déc. 2026` in French."""
    if not value:
        return ""
    value = _local(value)
    if _language() in ISO_LANGUAGES:
        return f"{value.year:04d}-{value.month:02d}"
    return format_skeleton("yMMM", value, locale=_language())

"""Adding periods to a moment: hours, calendar days, or working days of a country."""

from __future__ import annotations

import datetime as dt
import functools

import holidays
import pycountry
from django.utils import timezone

from kinhaven.deadlines.enums import TimeUnit

WEEKEND = frozenset({5, 6})


@functools.lru_cache(maxsize=64)
def _public_holidays(country: str, year: int) -> frozenset[dt.date]:
    """The public holidays of a country (ISO alpha-3) in a year; none if the country is unknown."""
    found = pycountry.countries.get(alpha_3=country) if country else None
    if found is None:
        return frozenset()
    try:
        return frozenset(holidays.country_holidays(found.alpha_2, years=year))
    except NotImplementedError:
        return frozenset()


def is_working_day(day: dt.date, country: str) -> bool:
    return day.weekday() not in WEEKEND and day not in _public_holidays(country, day.year)


def add_period(start: dt.datetime, amount: int, unit: str, *, country: str) -> dt.datetime:
    """Return the moment `amount` units after `start`.

    Working days skip weekends and the country's public holidays, and keep the time of day in
    the deployment's time zone: three working days from Friday 10:00 is Wednesday 10:00.
    """
    if unit == TimeUnit.HOURS:
        return start + dt.timedelta(hours=amount)
    if unit == TimeUnit.DAYS:
        return start + dt.timedelta(days=amount)
    if unit != TimeUnit.WORKING_DAYS:
        raise ValueError(f"unknown unit {unit!r}")
    local = timezone.localtime(start)
    day = local.date()
    remaining = amount
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, country):
            remaining -= 1
    moment = dt.datetime.combine(day, local.time().replace(tzinfo=None))
    return timezone.make_aware(moment, local.tzinfo)

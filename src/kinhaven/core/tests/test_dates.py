"""Dates on pages in the reader's language (CLDR, through Babel); English keeps ISO 8601."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

MOMENT = dt.datetime(2026, 12, 6, 14, 32, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("language", "day", "moment", "month"),
    [
        ("en", "2026-12-06", "2026-12-06 14:32", "2026-12"),
        ("fr", "6 déc. 2026", "6 déc. 2026, 14:32", "déc. 2026"),
        ("de", "6. Dez. 2026", "6. Dez. 2026, 14:32", "Dez. 2026"),
        ("uk", "6 груд. 2026\u202fр.", "6 груд. 2026\u202fр., 14:32", "груд. 2026\u202fр."),  # noqa: RUF001
        ("ar", "6 ديسمبر 2026", "6 ديسمبر 2026، 14:32", "ديسمبر 2026"),
    ],
)
def test_dates_read_in_the_readers_language(settings, language, day, moment, month) -> None:
    settings.TIME_ZONE = "UTC"
    template = Template("{{ d|local_date }}|{{ d|local_datetime }}|{{ d|local_month }}")
    with translation.override(language):
        assert template.render(Context({"d": MOMENT})) == f"{day}|{moment}|{month}"


def test_a_moment_is_shown_in_the_servers_time_zone(settings) -> None:
    settings.TIME_ZONE = "Europe/Vienna"
    with translation.override("en"):
        assert Template("{{ d|local_datetime }}").render(Context({"d": MOMENT})) == (
            "2026-12-06 15:32"
        )


def test_nothing_is_shown_for_no_date() -> None:
    assert (
        Template("[{{ d|local_date }}{{ d|local_datetime }}]").render(Context({"d": None})) == "[]"
    )

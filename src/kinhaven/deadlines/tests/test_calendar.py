import datetime as dt

from kinhaven.deadlines.calendar import add_period, is_working_day

UTC = dt.UTC


def test_working_days_skip_weekends_and_the_countrys_public_holidays() -> None:
    friday = dt.datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    # Austria: 8 December is a public holiday.
    assert add_period(friday, 3, "working_days", country="AUT") == dt.datetime(
        2026, 12, 10, 10, 0, tzinfo=UTC
    )
    # Germany keeps 8 December as a working day.
    assert add_period(friday, 3, "working_days", country="DEU") == dt.datetime(
        2026, 12, 9, 10, 0, tzinfo=UTC
    )


def test_unknown_countries_count_weekends_only() -> None:
    assert is_working_day(dt.date(2026, 12, 8), "XXA")
    assert not is_working_day(dt.date(2026, 12, 5), "XXA")


def test_hours_and_calendar_days() -> None:
    start = dt.datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert add_period(start, 1, "hours", country="AUT") == dt.datetime(
        2027, 1, 1, 0, 30, tzinfo=UTC
    )
    assert add_period(start, 30, "days", country="AUT") == dt.datetime(
        2027, 1, 30, 23, 30, tzinfo=UTC
    )

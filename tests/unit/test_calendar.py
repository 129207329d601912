"""Business-time arithmetic: properties over arbitrary starts and spans, and the parser."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.calendar import BusinessCalendar, parse_business_hours
from bot.core.durations import format_duration, parse_duration

ZONES = ["America/Chicago", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns"]
HOURS = ["Mon-Fri 09:00-17:00", "Mon-Thu 08:00-12:00, Mon-Thu 13:00-17:00, Fri 09:00-13:00", "Sun-Thu 07:30-15:30", "24/7"]


@settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(timezone.utc)),
    minutes=st.integers(min_value=0, max_value=5 * 24 * 60),
    zone=st.sampled_from(ZONES),
    hours=st.sampled_from(HOURS),
    holiday_offsets=st.lists(st.integers(min_value=0, max_value=20), max_size=3),
)
def test_adding_business_time_is_inverse_of_measuring_it(start, minutes, zone, hours, holiday_offsets):
    holidays = frozenset(start.date() + timedelta(days=d) for d in holiday_offsets)
    calendar = BusinessCalendar.from_settings(zone, hours, holidays)
    delta = timedelta(minutes=minutes)
    due = calendar.add_business_time(start, delta)
    assert due >= start
    assert calendar.business_time_between(start, due) == delta
    if minutes:
        assert calendar.is_open(due - timedelta(seconds=1))


def test_parser_rejects_nonsense():
    for bad in ["weekdays", "Mon-Fri 17:00-09:00", "Xyz 09:00-10:00", ""]:
        with pytest.raises(ValueError):
            parse_business_hours(bad)


@given(st.integers(min_value=0, max_value=10**7))
def test_durations_round_trip(seconds):
    assert parse_duration(format_duration(timedelta(seconds=seconds))) == timedelta(seconds=seconds) or seconds == 0


def test_duration_forms():
    assert parse_duration("1h30m") == timedelta(minutes=90)
    assert parse_duration("2d") == timedelta(days=2)
    for bad in ["", "5", "5x", "m5", "soon"]:
        with pytest.raises(ValueError):
            parse_duration(bad)

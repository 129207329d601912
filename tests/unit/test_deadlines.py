"""Deadline resolution as the labels file defines it, including weekends, passed clock times and DST."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.calendar import BusinessCalendar
from bot.core.classifier import classify


def due(text: str, sent_at: str, zone: str = "America/Chicago", hours: str = "Mon-Fri 09:00-17:00") -> datetime | None:
    calendar = BusinessCalendar.from_settings(zone, hours)
    return classify(text, "agent", datetime.fromisoformat(sent_at), calendar).due_at


@pytest.mark.parametrize(
    ("text", "sent_at", "expected"),
    [
        ("I'll update you by 3pm", "2026-03-03T10:00:00-06:00", "2026-03-03T15:00:00-06:00"),
        ("I'll update you by 9:30", "2026-03-03T10:00:00-06:00", "2026-03-04T09:30:00-06:00"),  # passed: next day
        ("You'll hear from me within 2 hours", "2026-03-03T16:30:00-06:00", "2026-03-03T18:30:00-06:00"),
        ("I'll confirm by end of day", "2026-03-03T10:00:00-06:00", "2026-03-03T17:00:00-06:00"),
        ("I'll get back to you tomorrow", "2026-03-06T10:00:00-06:00", "2026-03-07T17:00:00-06:00"),  # Saturday counts
        ("I'll get back to you tomorrow morning", "2026-03-03T10:00:00-06:00", "2026-03-04T09:00:00-06:00"),
        ("I'll get back to you by Friday", "2026-03-06T10:00:00-06:00", "2026-03-13T17:00:00-05:00"),  # strictly after
        ("I'll update you Monday morning", "2026-03-06T15:00:00-06:00", "2026-03-09T09:00:00-05:00"),  # across DST
        ("I'll call you at 15:30", "2026-03-03T11:00:00-06:00", "2026-03-03T15:30:00-06:00"),
        ("I'll send it by noon", "2026-03-03T19:00:00-06:00", "2026-03-04T12:00:00-06:00"),
    ],
)
def test_deadline_rules(text: str, sent_at: str, expected: str) -> None:
    assert due(text, sent_at) == datetime.fromisoformat(expected)


def test_span_across_dst_is_elapsed_time_with_the_zones_own_offset() -> None:
    result = due("I'll ping you in 3 hours", "2026-03-08T00:30:00-06:00")
    assert result == datetime.fromisoformat("2026-03-08T04:30:00-05:00")
    assert result.utcoffset() == timedelta(hours=-5)


def test_end_of_day_follows_configured_closing_time() -> None:
    result = due("I'll confirm by EOD", "2026-03-03T10:00:00-06:00", hours="Mon-Fri 08:00-18:00")
    assert result == datetime.fromisoformat("2026-03-03T18:00:00-06:00")


def test_end_of_day_under_24_7_uses_the_default_close() -> None:
    assert due("I'll confirm by EOD", "2026-03-03T10:00:00-06:00", hours="24/7") == datetime.fromisoformat(
        "2026-03-03T17:00:00-06:00"
    )


@pytest.mark.parametrize("text", ["I'll get back to you soon", "I'll update you later today", "I'll let you know next week"])
def test_words_that_are_no_time_make_a_vague_promise(text: str) -> None:
    calendar = BusinessCalendar.from_settings("America/Chicago", "Mon-Fri 09:00-17:00")
    result = classify(text, "agent", datetime.fromisoformat("2026-03-03T10:00:00-06:00"), calendar)
    assert result.labels == ("vague_promise",) and result.due_at is None


@settings(max_examples=200, deadline=None)
@given(
    sent=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)),
    zone=st.sampled_from(["America/Chicago", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"]),
    minutes=st.integers(min_value=1, max_value=600),
)
def test_spans_are_exact_elapsed_time_in_any_zone(sent: datetime, zone: str, minutes: int) -> None:
    calendar = BusinessCalendar.from_settings(zone, "Mon-Fri 09:00-17:00")
    sent_at = sent.replace(tzinfo=calendar.zone)
    result = classify(f"I'll update you in {minutes} minutes", "agent", sent_at, calendar).due_at
    assert result is not None and result - sent_at == timedelta(minutes=minutes)

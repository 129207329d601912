"""Find the deadline a promise names and resolve it in the team's calendar.

Only the forms the labelling rules define count as a time: clock times, spans, end of day, tomorrow
(morning) and weekdays (morning). Anything else ("soon", "later today", "next week") is no time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.core.calendar import BusinessCalendar

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "forty-five": 45, "sixty": 60, "ninety": 90, "half an": 0.5, "half a": 0.5,
}
_UNIT_MINUTES = {"min": 1, "mins": 1, "minute": 1, "minutes": 1, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
                 "h": 60, "m": 1, "day": 1440, "days": 1440}
_NUM = r"(\d+(?:\.\d+)?|half an?|an?|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty(?:-five)?|sixty|ninety)"
_DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs|thur|tue|thu|fri)"
_CLOCK = r"(?:(\d{1,2}):(\d{2})\s*(am|pm|a\.m\.|p\.m\.)?|(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)|(noon|midday|midnight))"

SPAN = re.compile(rf"\b(?:within|in)\s+(?:the\s+next\s+)?{_NUM}\s*(minutes?|mins?|hours?|hrs?|h|m|days?)\b")
WITHIN_THE_HOUR = re.compile(r"\bwithin (?:the|an|the next) hour\b")
EOD = re.compile(r"\b(?:end of (?:the )?(?:business )?day|eod|cob|close of business|end of business|by close|by closing|before close)\b")
TOMORROW = re.compile(r"\btomorrow\b(?:\s+(morning))?")
WEEKDAY = re.compile(rf"\b(?:on\s+|by\s+|this\s+|next\s+)?{_DAY}\b(?:\s+(morning))?")
CLOCK = re.compile(rf"\b(?:by|at|before|around|for|until|till|no later than)\s+{_CLOCK}")
BARE_CLOCK = re.compile(rf"(?<![\d:]){_CLOCK}(?!\s*(?:%|gb|mb|mbps|users?|seats?))")
MORNING = re.compile(r"\b(?:tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+morning\b|\bfirst thing\b")
_DAY_ALIASES = {"tue": 1, "tues": 1, "thu": 3, "thur": 3, "thurs": 3, "fri": 4}


@dataclass(frozen=True)
class Deadline:
    """A resolved deadline and the words that named it."""

    due_at: datetime
    phrase: str


def _weekday_index(name: str) -> int:
    return WEEKDAYS.index(name) if name in WEEKDAYS else _DAY_ALIASES[name]


def _clock_time(match: re.Match[str], offset: int = 1) -> time | None:
    hh, mm, ampm1, h2, ampm2, word = match.groups()[offset - 1: offset + 5]
    if word:
        return time(0, 0) if word == "midnight" else time(12, 0)
    if hh is not None:
        hour, minute, ampm = int(hh), int(mm), ampm1
    else:
        hour, minute, ampm = int(h2), 0, ampm2
    if ampm:
        if hour < 1 or hour > 12:
            return None
        pm = ampm.startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _number(text: str) -> float:
    return float(text) if text[0].isdigit() else float(_NUMBERS[text])


def find_deadline(sentence: str, sent_at: datetime, calendar: BusinessCalendar) -> Deadline | None:
    """The first deadline named in a sentence (already lowercased), resolved against sent_at."""
    local = calendar.local(sent_at)
    today = local.date()

    if match := WITHIN_THE_HOUR.search(sentence):
        return Deadline((sent_at + timedelta(hours=1)).astimezone(calendar.zone), match.group(0))
    if match := SPAN.search(sentence):
        minutes = _number(match.group(1)) * _UNIT_MINUTES[match.group(2)]
        return Deadline((sent_at + timedelta(minutes=minutes)).astimezone(calendar.zone), match.group(0))

    day: date | None = None
    day_phrase = ""
    morning = bool(MORNING.search(sentence))
    if match := TOMORROW.search(sentence):
        day, day_phrase = today + timedelta(days=1), match.group(0)
    elif match := WEEKDAY.search(sentence):
        target = _weekday_index(match.group(1))
        ahead = (target - today.weekday()) % 7 or 7
        day, day_phrase = today + timedelta(days=ahead), match.group(0)

    clock: time | None = None
    clock_phrase = ""
    if match := CLOCK.search(sentence):
        clock, clock_phrase = _clock_time(match), match.group(0)
    elif day is not None and (match := BARE_CLOCK.search(sentence)):
        clock, clock_phrase = _clock_time(match), match.group(0)

    if day is not None:
        if clock is None:
            clock = calendar.opening_of(day) if morning else calendar.closing_of(day)
        return Deadline(_at(calendar, day, clock), f"{day_phrase} {clock_phrase}".strip())
    if clock is not None:
        due = _at(calendar, today, clock)
        if due <= sent_at:
            due = _at(calendar, today + timedelta(days=1), clock)
        return Deadline(due, clock_phrase)
    if match := EOD.search(sentence):
        return Deadline(_end_of_day(calendar, sent_at), match.group(0))
    return None


def _at(calendar: BusinessCalendar, day: date, clock: time) -> datetime:
    return calendar.at(day, clock).astimezone(calendar.zone)


def _end_of_day(calendar: BusinessCalendar, sent_at: datetime) -> datetime:
    """Closing time of the business day the message was sent on, or of the next one after hours."""
    day = calendar.local(sent_at).date()
    if calendar.is_business_day(day) or calendar.always_open:
        due = _at(calendar, day, calendar.closing_of(day))
        if due > sent_at:
            return due
    following = calendar.next_business_day(day)
    return _at(calendar, following, calendar.closing_of(following))


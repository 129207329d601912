"""Business hours of a channel: which moments count towards a response target, and when a day closes.

All arithmetic is done in UTC on aware datetimes, because subtracting two datetimes that share a
ZoneInfo compares wall clocks and goes wrong across daylight-saving changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_OPEN = time(9, 0)
DEFAULT_CLOSE = time(17, 0)
_GROUP = re.compile(
    r"^(?P<d1>[a-z]{3})(?:\s*-\s*(?P<d2>[a-z]{3}))?\s+(?P<h1>\d{1,2}:\d{2})\s*-\s*(?P<h2>\d{1,2}:\d{2})$"
)
_SEARCH_DAYS = 400

Window = tuple[time, time]


def _parse_time(text: str) -> time:
    hours, minutes = (int(x) for x in text.split(":"))
    if hours == 24 and minutes == 0:
        return time.max
    return time(hours, minutes)


def parse_business_hours(spec: str) -> dict[int, tuple[Window, ...]] | None:
    """Parse `Mon-Fri 09:00-17:00` (groups joined by commas); `24/7` gives None (always open)."""
    text = spec.strip().lower()
    if text in {"24/7", "24x7"}:
        return None
    week: dict[int, list[Window]] = {}
    for group in filter(None, (g.strip() for g in text.split(","))):
        match = _GROUP.match(group)
        if not match or match["d1"] not in DAYS or (match["d2"] and match["d2"] not in DAYS):
            raise ValueError(f"not business hours: {spec!r} (expected e.g. 'Mon-Fri 09:00-17:00' or '24/7')")
        first = DAYS.index(match["d1"])
        last = DAYS.index(match["d2"]) if match["d2"] else first
        opens, closes = _parse_time(match["h1"]), _parse_time(match["h2"])
        if closes <= opens:
            raise ValueError(f"business hours close before they open: {group!r}")
        day = first
        while True:
            week.setdefault(day, []).append((opens, closes))
            if day == last:
                break
            day = (day + 1) % 7
    if not week:
        raise ValueError(f"not business hours: {spec!r}")
    return {day: tuple(sorted(windows)) for day, windows in week.items()}


@dataclass(frozen=True)
class BusinessCalendar:
    """A time zone, weekly opening windows (None = 24/7) and holidays."""

    zone: ZoneInfo
    week: dict[int, tuple[Window, ...]] | None = field(default=None, hash=False)
    holidays: frozenset[date] = frozenset()

    @classmethod
    def from_settings(cls, timezone_name: str, hours: str, holidays: frozenset[date] = frozenset()) -> BusinessCalendar:
        return cls(ZoneInfo(timezone_name), parse_business_hours(hours), holidays)

    @property
    def always_open(self) -> bool:
        return self.week is None

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def at(self, day: date, clock: time) -> datetime:
        """The UTC instant of a local wall-clock time (the earlier one when DST repeats it)."""
        if clock == time.max:
            return datetime.combine(day + timedelta(days=1), time(0), self.zone).astimezone(timezone.utc)
        return datetime.combine(day, clock, self.zone).astimezone(timezone.utc)

    def is_business_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        return self.week is None or day.weekday() in self.week

    def windows(self, day: date) -> list[tuple[datetime, datetime]]:
        """Open intervals of a local date, as UTC instants."""
        if not self.is_business_day(day) and not self.always_open:
            return []
        if self.week is None:
            return [(self.at(day, time(0)), self.at(day, time.max))]
        return [(self.at(day, a), self.at(day, b)) for a, b in self.week.get(day.weekday(), ())]

    def is_open(self, moment: datetime) -> bool:
        if self.always_open:
            return True
        return any(a <= moment < b for a, b in self.windows(self.local(moment).date()))

    def add_business_time(self, start: datetime, delta: timedelta) -> datetime:
        """The moment `delta` of open time after `start` (24/7 adds plain elapsed time)."""
        start = start.astimezone(timezone.utc)
        if self.always_open:
            return start + delta
        remaining = delta
        day = self.local(start).date()
        for _ in range(_SEARCH_DAYS):
            for opens, closes in self.windows(day):
                if closes <= start:
                    continue
                begin = max(opens, start)
                available = closes - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            day += timedelta(days=1)
        raise ValueError("business calendar has no open time in the next 400 days")

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Open time elapsed from start to end (zero when end is before start)."""
        start, end = start.astimezone(timezone.utc), end.astimezone(timezone.utc)
        if end <= start:
            return timedelta(0)
        if self.always_open:
            return end - start
        total = timedelta(0)
        day = self.local(start).date()
        while self.at(day, time(0)) < end:
            for opens, closes in self.windows(day):
                lo, hi = max(opens, start), min(closes, end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after `day`."""
        for offset in range(1, _SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_business_day(candidate) and (self.always_open or self.windows(candidate)):
                return candidate
        raise ValueError("no business day in the next 400 days")

    def opening_of(self, day: date) -> time:
        """Local opening time of a day: the first window, or 09:00 under 24/7 or on a closed day."""
        if self.week and self.week.get(day.weekday()):
            return self.week[day.weekday()][0][0]
        return DEFAULT_OPEN

    def closing_of(self, day: date) -> time:
        """Local closing time of a day: the last window's end, or 17:00 under 24/7 or on a closed day."""
        if self.week and self.week.get(day.weekday()):
            return self.week[day.weekday()][-1][1]
        return DEFAULT_CLOSE

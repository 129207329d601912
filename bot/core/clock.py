"""Clocks: the engine never reads the time itself, so replays and tests run on simulated time."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    """Anything that can tell the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock time."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class SimulatedClock:
    """A clock that only moves when told to; never backwards."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("SimulatedClock needs an aware datetime")
        self._now = start.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._now

    def advance_to(self, when: datetime) -> None:
        when = when.astimezone(timezone.utc)
        if when > self._now:
            self._now = when

    def advance(self, delta: timedelta) -> None:
        self.advance_to(self._now + delta)


class ShiftedClock:
    """Wall-clock time moved forward on request: the playground fast-forwards to the next reminder while
    everything else (the sweep loop, delivery) keeps running as it would for real."""

    def __init__(self) -> None:
        self._shift = timedelta()

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + self._shift

    def advance(self, delta: timedelta) -> None:
        if delta > timedelta():
            self._shift += delta

    def advance_to(self, when: datetime) -> None:
        self.advance(when.astimezone(timezone.utc) - self.now())

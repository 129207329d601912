"""Coaching policy: which principle a label calls for, and when a nudge would be one too many."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from bot.core.calendar import BusinessCalendar
from bot.core.classifier import labels as L

LABEL_PRINCIPLES = {
    L.FLAT_REFUSAL: "create_options",
    L.PASSING_THE_BUCK: "take_ownership",
    L.VAGUE_PROMISE: "give_a_time",
    L.DISRESPECT: "respect",
}
COMPLAINT_PRINCIPLE = "complaint_is_gift"
NUDGE_PRINCIPLES = frozenset(LABEL_PRINCIPLES.values()) | {COMPLAINT_PRINCIPLE}
CAP_WINDOW = timedelta(hours=1)


def principles_for(labels: Iterable[str]) -> list[str]:
    """Principles a staff message calls for, in a stable order."""
    present = set(labels)
    return [principle for label, principle in LABEL_PRINCIPLES.items() if label in present]


def answers_complaint_well(labels: Iterable[str]) -> bool:
    """A first reply to a complaint should show apology or empathy."""
    present = set(labels)
    return L.APOLOGY in present or L.EMPATHY in present


def under_hourly_cap(recent: Iterable[datetime], now: datetime, cap: int) -> bool:
    """True when fewer than `cap` nudges went to this person in the 60 minutes up to now."""
    window_start = now - CAP_WINDOW
    return sum(1 for at in recent if window_start < at <= now) < cap


def suggested_time(now: datetime, calendar: BusinessCalendar) -> datetime:
    """A time worth promising: one business hour ahead, rounded up to the half hour, in the team's zone."""
    target = calendar.add_business_time(now, timedelta(hours=1)).astimezone(timezone.utc)
    remainder = (target.minute % 30) * 60 + target.second
    if remainder or target.microsecond:
        target += timedelta(seconds=30 * 60 - remainder) - timedelta(microseconds=target.microsecond)
    return target.astimezone(calendar.zone)

"""Which reminders a ticket needs and when they fall due. Response timers count business time;
promise deadlines are wall-clock, as the agent promised them."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.settings.model import ChannelSettings

LATE_AFTER = timedelta(minutes=1)


class TimerKind(str, enum.Enum):
    FIRST_RESPONSE = "first_response"
    ESCALATION = "escalation"
    OWNER_FOLLOWUP = "owner_followup"
    PROMISE_WARNING = "promise_warning"
    PROMISE_DEADLINE = "promise_deadline"
    STALE = "stale"


#: Timers that measure how long the customer has waited: snooze moves them, a customer message restores them.
RESPONSE_KINDS = frozenset({TimerKind.FIRST_RESPONSE, TimerKind.ESCALATION, TimerKind.OWNER_FOLLOWUP})
#: Timers that end in a message to someone (a stale timer only closes the ticket quietly).
REMINDER_KINDS = frozenset(set(TimerKind) - {TimerKind.STALE})
ESCALATION_RANK = {"team": 0, "leads": 1, "managers": 2}


@dataclass(frozen=True)
class TimerPlan:
    """A timer to store: what it is, when it falls due, and for escalations and follow-ups, the level."""

    kind: TimerKind
    due_at: datetime
    level: str | None = None


def opening_timers(opened_at: datetime, urgent: bool, settings: ChannelSettings) -> list[TimerPlan]:
    """A new ticket: one first-response reminder and each step of the escalation ladder."""
    calendar = settings.calendar
    target = settings.first_response_urgent if urgent else settings.first_response
    plans = [TimerPlan(TimerKind.FIRST_RESPONSE, calendar.add_business_time(opened_at, target))]
    plans += [
        TimerPlan(TimerKind.ESCALATION, calendar.add_business_time(opened_at, step.after), step.level)
        for step in settings.escalation
    ]
    return plans


def owner_followup_timers(customer_at: datetime, settings: ChannelSettings) -> list[TimerPlan]:
    """An owned ticket's customer is waiting: nudge the owner, then the leads after twice as long."""
    calendar = settings.calendar
    return [
        TimerPlan(TimerKind.OWNER_FOLLOWUP, calendar.add_business_time(customer_at, settings.owner_followup), "owner"),
        TimerPlan(TimerKind.OWNER_FOLLOWUP, calendar.add_business_time(customer_at, 2 * settings.owner_followup), "leads"),
    ]


def promise_timers(now: datetime, due_at: datetime, settings: ChannelSettings) -> list[TimerPlan]:
    """A warning before a promise's deadline (when there is still time for one) and the deadline itself."""
    plans = []
    warning_at = due_at - settings.promise_warning
    if warning_at > now:
        plans.append(TimerPlan(TimerKind.PROMISE_WARNING, warning_at))
    plans.append(TimerPlan(TimerKind.PROMISE_DEADLINE, due_at))
    return plans


def stale_timer(staff_at: datetime, settings: ChannelSettings) -> TimerPlan:
    """A ticket left waiting on the customer resolves itself after `stale_after`."""
    return TimerPlan(TimerKind.STALE, staff_at + settings.stale_after)


def is_late(due_at: datetime, now: datetime) -> bool:
    """Fired well after its due time, e.g. after downtime."""
    return now - due_at > LATE_AFTER

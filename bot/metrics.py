"""Prometheus counters for `GET /metrics`: what came in, what the bot decided, what reached the chat."""
from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, generate_latest

from bot.core.actions import Action, ActionKind

REGISTRY = CollectorRegistry()
TIMER_ACTIONS = frozenset({ActionKind.FIRST_RESPONSE_REMINDER, ActionKind.ESCALATION, ActionKind.OWNER_FOLLOWUP,
                           ActionKind.PROMISE_REMINDER, ActionKind.PROMISE_MISSED})
EVENTS = Counter("coachbot_events", "Chat events applied, by type", ["type"], registry=REGISTRY)
NUDGES = Counter("coachbot_nudges", "Coaching notes delivered, by principle", ["principle"], registry=REGISTRY)
TIMERS_DUE = Gauge("coachbot_timers_due", "Ticket timers due and not yet fired at the last sweep", registry=REGISTRY)
TIMERS_FIRED = Counter("coachbot_timers_fired", "Ticket timers fired, by action", ["kind"], registry=REGISTRY)
TIMERS_LATE = Counter("coachbot_timers_late", "Timers fired late (after downtime), by action", ["kind"],
                      registry=REGISTRY)
TIPS = Counter("coachbot_tips_sent", "Daily tips delivered", registry=REGISTRY)
CHAT_ERRORS = Counter("coachbot_chat_api_errors", "Failed chat API deliveries, by platform and error",
                      ["platform", "error"], registry=REGISTRY)
CHAT_RETRIES = Counter("coachbot_chat_api_retries", "Chat API calls tried again after throttling or a "
                       "gateway error", ["platform"], registry=REGISTRY)


def fired(actions: Iterable[Action]) -> None:
    """Count what a sweep decided: reminder and escalation actions come from timers."""
    for action in actions:
        if action.kind in TIMER_ACTIONS:
            TIMERS_FIRED.labels(action.kind.value).inc()
            if action.late:
                TIMERS_LATE.labels(action.kind.value).inc()


def delivered(actions: Iterable[Action]) -> None:
    for action in actions:
        if action.kind is ActionKind.NUDGE:
            NUDGES.labels(action.principle or "unknown").inc()
        elif action.kind is ActionKind.TIP:
            TIPS.inc()


def exposition() -> tuple[bytes, str]:
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST

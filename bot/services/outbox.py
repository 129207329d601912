"""Record each action once, under a key that makes a retry or a second instance a no-op."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.core.actions import Action
from bot.store.models import Outbox, SeenDelivery
from bot.store.writes import insert_new


def record(session: Session, action: Action, dedupe_key: str) -> Action | None:
    """Add the action to the outbox; None when an action with that key was already recorded."""
    inserted = insert_new(session, Outbox, dict(workspace=action.workspace, dedupe_key=dedupe_key,
                                               kind=action.kind.value, at=action.at, payload=action.to_record()))
    return action if inserted else None


MAX_ATTEMPTS = 5
#: How long a sender holds the actions it took; longer than any send with its retries.
CLAIM = timedelta(seconds=120)
#: Waits before the 2nd, 3rd, ... attempt after a failure.
BACKOFF = (timedelta(seconds=5), timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))


def claim(session: Session, now: datetime, limit: int = 100) -> list[Outbox]:
    """Take up to `limit` actions that are due to be sent, oldest first, for `CLAIM`: rows another instance
    holds (locked now, or claimed and not expired) are skipped, so each action has one sender at a time."""
    rows = list(session.scalars(
        select(Outbox).where(
            Outbox.delivered_at.is_(None), Outbox.parked_at.is_(None),
            or_(Outbox.claimed_until.is_(None), Outbox.claimed_until <= now),
            or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= now))
        .order_by(Outbox.id).limit(limit).with_for_update(skip_locked=True)
    ))
    for row in rows:
        row.claimed_until = now + CLAIM
    return rows


def mark_delivered(session: Session, ids: list[int], now: datetime) -> None:
    session.execute(update(Outbox).where(Outbox.id.in_(ids)).values(delivered_at=now, claimed_until=None))


def mark_failed(session: Session, row_id: int, error: str, now: datetime, permanent: bool) -> bool:
    """Count a failed attempt; park the action (kept, reported, not retried) when it cannot succeed.
    Returns True when it was parked."""
    row = session.get(Outbox, row_id)
    if row is None:
        return False
    row.attempts += 1
    row.error = error[:200]
    row.claimed_until = None
    if permanent or row.attempts >= MAX_ATTEMPTS:
        row.parked_at = now
        return True
    row.next_attempt_at = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
    return False


def first_sighting(session: Session, workspace: str, key: str, now: datetime) -> bool:
    """Record a platform delivery id; False when it was already processed (a retry)."""
    return insert_new(session, SeenDelivery, dict(workspace=workspace, key=key, at=now))

"""Record each action once, under a key that makes a retry or a second instance a no-op."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
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


def pending(session: Session, limit: int = 100) -> list[Outbox]:
    """Actions neither delivered nor parked, oldest first (rows another instance holds are skipped)."""
    return list(session.scalars(
        select(Outbox).where(Outbox.delivered_at.is_(None), Outbox.parked_at.is_(None))
        .order_by(Outbox.id).limit(limit).with_for_update(skip_locked=True)
    ))


def mark_delivered(session: Session, ids: list[int], now: datetime) -> None:
    session.execute(update(Outbox).where(Outbox.id.in_(ids)).values(delivered_at=now))


def mark_failed(session: Session, row_id: int, error: str, now: datetime, permanent: bool) -> bool:
    """Count a failed attempt; park the action (kept, reported, not retried) when it cannot succeed.
    Returns True when it was parked."""
    row = session.get(Outbox, row_id)
    if row is None:
        return False
    row.attempts += 1
    row.error = error[:200]
    if permanent or row.attempts >= MAX_ATTEMPTS:
        row.parked_at = now
        return True
    return False


def first_sighting(session: Session, workspace: str, key: str, now: datetime) -> bool:
    """Record a platform delivery id; False when it was already processed (a retry)."""
    return insert_new(session, SeenDelivery, dict(workspace=workspace, key=key, at=now))

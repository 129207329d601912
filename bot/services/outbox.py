"""Record each action once, under a key that makes a retry or a second instance a no-op."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.actions import Action
from bot.store.models import Outbox


def record(session: Session, action: Action, dedupe_key: str) -> Action | None:
    """Add the action to the outbox; None when an action with that key was already recorded."""
    exists = session.scalar(
        select(Outbox.id).where(Outbox.workspace == action.workspace, Outbox.dedupe_key == dedupe_key)
    )
    if exists is not None:
        return None
    session.add(Outbox(workspace=action.workspace, dedupe_key=dedupe_key, kind=action.kind.value,
                       at=action.at, payload=action.to_record()))
    return action


def pending(session: Session, limit: int = 100) -> list[Outbox]:
    """Actions not yet delivered, oldest first."""
    return list(session.scalars(
        select(Outbox).where(Outbox.delivered_at.is_(None)).order_by(Outbox.id).limit(limit)
    ))

"""Forget what is older than `retention_days`: messages, closed tickets, delivered actions, nudges, tip history."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, delete
from sqlalchemy.orm import Session

from bot.store.models import Message, Nudge, Outbox, Ticket, TipSent


def purge(session: Session, now: datetime, retention_days: int) -> int:
    """Delete expired rows; returns how many went. Open tickets are kept however old."""
    if retention_days <= 0:
        return 0
    cutoff = now - timedelta(days=retention_days)
    removed = 0
    for statement in (
        delete(Message).where(Message.at < cutoff),
        delete(Nudge).where(Nudge.at < cutoff),
        delete(Outbox).where(Outbox.at < cutoff, Outbox.delivered_at.is_not(None)),
        delete(TipSent).where(TipSent.at < cutoff),
        delete(Ticket).where(Ticket.status != "open", Ticket.resolved_at < cutoff),
    ):
        removed += cast(CursorResult, session.execute(statement)).rowcount or 0
    return removed

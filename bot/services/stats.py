"""Coaching and ticket figures for `/coach stats`: per person or per team, over 7 or 30 days."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.classifier.labels import PRAISE_LABELS
from bot.store.models import Message, Nudge, Ticket


@dataclass(frozen=True)
class Stats:
    nudges: int
    helpful: int
    unhelpful: int
    by_principle: list[tuple[str, int]]
    praise: list[tuple[str, int]]
    opened: int
    resolved: int
    median_first_response: float | None


def gather(session: Session, workspace: str, channels: list[str], since: datetime,
           user: str | None = None) -> Stats:
    """Figures for the given support channels since a moment; `user` narrows them to one person."""
    nudge_query = select(Nudge.principle, Nudge.helpful).where(
        Nudge.workspace == workspace, Nudge.channel.in_(channels), Nudge.at >= since)
    message_query = select(Message.labels).where(
        Message.workspace == workspace, Message.channel.in_(channels), Message.at >= since, Message.role != "customer")
    if user is not None:
        nudge_query = nudge_query.where(Nudge.user == user)
        message_query = message_query.where(Message.user == user)
    nudges = list(session.execute(nudge_query))
    praise: Counter[str] = Counter()
    for (labels,) in session.execute(message_query):
        praise.update(label for label in labels or [] if label in PRAISE_LABELS)
    tickets = list(session.scalars(select(Ticket).where(
        Ticket.workspace == workspace, Ticket.channel.in_(channels), Ticket.opened_at >= since)))
    if user is not None:
        tickets = [t for t in tickets if t.owner == user]
    waits = [(t.first_response_at - t.opened_at).total_seconds() for t in tickets if t.first_response_at]
    return Stats(
        nudges=len(nudges),
        helpful=sum(1 for _, h in nudges if h is True),
        unhelpful=sum(1 for _, h in nudges if h is False),
        by_principle=Counter(p for p, _ in nudges).most_common(),
        praise=praise.most_common(),
        opened=len(tickets),
        resolved=sum(1 for t in tickets if t.status == "resolved"),
        median_first_response=median(waits) if waits else None,
    )


def window(token: str | None) -> timedelta:
    return timedelta(days=30) if token == "30d" else timedelta(days=7)

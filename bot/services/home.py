"""A person's home view: their open tickets, their coaching this week, today's tip; leads also see the
team's queue and first-response figures per person (counts and times, never message text)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.catalogue import Tip
from bot.core.roles import STAFF_ROLE_VALUES, Role
from bot.services import stats, ticketing
from bot.services.context import Context
from bot.store.models import Message, Ticket, TipSent


@dataclass(frozen=True)
class Home:
    mine: list[dict[str, object]]
    coaching: stats.Stats
    tip: Tip | None
    is_lead: bool
    queue: list[dict[str, object]]
    responders: list[tuple[str, int, float]]


def _rows(tickets: list[Ticket], now: datetime) -> list[dict[str, object]]:
    return [dict(number=t.number, age=(now - t.opened_at).total_seconds(), state=ticketing.state_of(t).value,
                 owner=t.owner, channel=t.channel) for t in tickets]


def build(ctx: Context, session: Session, workspace: str, user: str, now: datetime) -> Home:
    channels = ctx.all_channel_settings(session, workspace)
    staffed = [c for c in channels if c.role_of(user).is_staff]
    led = [c for c in staffed if c.role_of(user) in (Role.LEAD, Role.MANAGER)]
    mine = list(session.scalars(select(Ticket).where(Ticket.workspace == workspace, Ticket.owner == user,
                                                     Ticket.status == "open").order_by(Ticket.number)))
    coaching = stats.gather(session, workspace, [c.id for c in staffed], now - timedelta(days=7), user=user)
    tip = _todays_tip(ctx, session, workspace, [c.team_channel for c in staffed], now)
    queue: list[Ticket] = []
    responders: list[tuple[str, int, float]] = []
    if led:
        ids = [c.id for c in led]
        queue = list(session.scalars(select(Ticket).where(Ticket.workspace == workspace, Ticket.channel.in_(ids),
                                                          Ticket.status == "open").order_by(Ticket.number)))
        responders = _first_responders(session, workspace, ids, now - timedelta(days=7))
    return Home(_rows(mine, now), coaching, tip, bool(led), _rows(queue, now), responders)


def _todays_tip(ctx: Context, session: Session, workspace: str, teams: list[str], now: datetime) -> Tip | None:
    sent = session.scalar(select(TipSent.tip_id).where(TipSent.workspace == workspace, TipSent.team_channel.in_(teams))
                          .order_by(TipSent.day.desc()).limit(1)) if teams else None
    if sent and (tip := ctx.catalogue.tip(sent)):
        return tip
    tips = ctx.catalogue.tips
    return tips[now.toordinal() % len(tips)] if tips else None


def _first_responders(session: Session, workspace: str, channels: list[str], since: datetime) -> list[tuple[str, int, float]]:
    """Per person: how many tickets they answered first, and their median time to that first answer."""
    rows = session.execute(
        select(Message.ticket_id, Message.user, Message.at, Ticket.opened_at)
        .join(Ticket, Ticket.id == Message.ticket_id)
        .where(Message.workspace == workspace, Message.channel.in_(channels), Message.role.in_(STAFF_ROLE_VALUES),
               Ticket.opened_at >= since)
        .order_by(Message.ticket_id, Message.at))
    first: dict[int, tuple[str, float]] = {}
    for ticket_id, user, at, opened_at in rows:
        if ticket_id is not None:
            first.setdefault(ticket_id, (user, (at - opened_at).total_seconds()))
    waits: dict[str, list[float]] = defaultdict(list)
    for user, seconds in first.values():
        waits[user].append(seconds)
    return sorted(((u, len(w), median(w)) for u, w in waits.items()), key=lambda r: (-r[1], r[0]))

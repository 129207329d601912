"""New customer requests arriving together open their tickets in a few multi-row statements instead of
about eight each. Only the plain case is taken here: a customer's top-level message in a watched channel,
not seen before, with no open ticket of theirs to merge into and no early thread replies to adopt.
Everything else is left to the one-by-one handlers, which give the same result more slowly."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from bot.core.classifier import labels as L
from bot.core.events import Event, MessagePosted
from bot.core.roles import Role
from bot.core.tickets import is_pleasantry
from bot.core.timers import opening_timers
from bot.services import ticketing
from bot.services.context import Context
from bot.services.messages import classify_as, text_hash
from bot.settings.model import ChannelSettings
from bot.store.models import Message, SeenDelivery, Ticket, Timer, Workspace

#: Below this many candidates the one-by-one path is as quick.
MINIMUM = 4
TICKETS, TIMERS, MESSAGES, SEEN = (cast(Table, m.__table__) for m in (Ticket, Timer, Message, SeenDelivery))


@dataclass
class _Request:
    index: int
    event: MessagePosted
    key: str | None
    settings: ChannelSettings


def open_new_tickets(ctx: Context, session: Session, incoming: Sequence[tuple[Event, str | None]],
                     now: datetime) -> set[int]:
    """Apply the plain new requests among `incoming`; returns the indexes handled (they caused no actions)."""
    requests = _candidates(ctx, session, incoming)
    handled: set[int] = set()
    for workspace in {r.event.workspace for r in requests}:
        mine = [r for r in requests if r.event.workspace == workspace]
        ticketing.lock_workspace(session, workspace)
        mine = _plain(session, workspace, mine)
        if len(mine) >= MINIMUM and _open(ctx, session, workspace, mine, now):
            handled |= {r.index for r in mine}
    return handled


def _candidates(ctx: Context, session: Session, incoming: Sequence[tuple[Event, str | None]]) -> list[_Request]:
    found: list[_Request] = []
    seen_people: set[tuple[str, str, str]] = set()
    for index, (event, key) in enumerate(incoming):
        if not isinstance(event, MessagePosted) or not event.is_top_level:
            continue
        settings = ctx.channel_settings(session, event.workspace, event.channel)
        if settings is None or not settings.watched or settings.role_of(event.user) is not Role.CUSTOMER:
            continue
        if event.role not in (None, Role.CUSTOMER) or (is_pleasantry(event.text) and not event.has_files):
            continue
        person = (event.workspace, event.channel, event.user)
        if person in seen_people:  # two requests from one person may merge: the later one goes one by one
            continue
        seen_people.add(person)
        found.append(_Request(index, event, key, settings))
    return found


def _plain(session: Session, workspace: str, requests: list[_Request]) -> list[_Request]:
    """Drop requests already stored or delivered, ones that would merge into an open ticket, and ones
    whose thread already has replies waiting to be adopted."""
    if len(requests) < MINIMUM:
        return []
    stored: set[tuple[str, str]] = set()
    waiting: set[tuple[str, str]] = set()
    latest: dict[tuple[str, str], datetime] = {}
    # one channel at a time with plain IN lists: SQLite would use only the workspace part of an index for a
    # row-value IN, and scan every message or open ticket of the workspace
    for channel in {r.event.channel for r in requests}:
        here = [r for r in requests if r.event.channel == channel]
        roots = [r.event.ts for r in here]
        stored |= {(channel, ts) for ts in session.scalars(select(Message.ts).where(
            Message.workspace == workspace, Message.channel == channel, Message.ts.in_(roots)))}
        waiting |= {(channel, str(ts)) for ts in session.scalars(select(Message.thread_ts).where(
            Message.workspace == workspace, Message.channel == channel, Message.thread_ts.in_(roots),
            Message.ticket_id.is_(None)))}
        since = min(r.event.at - r.settings.merge_window for r in here)
        for customer, last in session.execute(select(Ticket.customer, Ticket.last_top_level_at).where(
                Ticket.workspace == workspace, Ticket.channel == channel,
                Ticket.customer.in_([r.event.user for r in here]), Ticket.last_top_level_at >= since,
                Ticket.status == "open")):
            latest[(channel, customer)] = max(last, latest.get((channel, customer), last))
    keys = [r.key for r in requests if r.key]
    delivered = set(session.scalars(select(SeenDelivery.key).where(
        SeenDelivery.workspace == workspace, SeenDelivery.key.in_(keys)))) if keys else set()
    recent = {person for r in requests if (person := (r.event.channel, r.event.user)) in latest
              and latest[person] >= r.event.at - r.settings.merge_window}
    return [r for r in requests
            if (r.event.channel, r.event.ts) not in stored and (r.event.channel, r.event.ts) not in waiting
            and r.key not in delivered and (r.event.channel, r.event.user) not in recent]


def _open(ctx: Context, session: Session, workspace: str, requests: list[_Request], now: datetime) -> bool:
    first = session.scalar(select(Workspace.next_ticket_number).where(Workspace.id == workspace).with_for_update())
    if first is None:  # a workspace never seen: the one-by-one path creates it
        return False
    session.execute(update(Workspace).where(Workspace.id == workspace)
                    .values(next_ticket_number=first + len(requests)))
    results = [classify_as(r.event.text, Role.CUSTOMER, r.event.at, r.settings) for r in requests]
    ticket_rows = [dict(workspace=workspace, channel=r.event.channel, number=first + n, root_ts=r.event.ts,
                        customer=r.event.user, opened_at=r.event.at, last_top_level_at=r.event.at,
                        last_customer_at=r.event.at, urgent=result.has(L.URGENT),
                        complaint_pending=result.has(L.COMPLAINT), awaiting="staff", status="open")
                   for n, (r, result) in enumerate(zip(requests, results, strict=True))]
    ids = session.execute(insert(TICKETS).returning(TICKETS.c.id, sort_by_parameter_order=True),
                          ticket_rows).scalars().all()
    timer_rows = [dict(workspace=workspace, ticket_id=ticket_id, kind=plan.kind.value, level=plan.level,
                       due_at=plan.due_at, base_due_at=plan.due_at, status="pending", promise_id=None)
                  for ticket_id, r, result in zip(ids, requests, results, strict=True)
                  for plan in opening_timers(r.event.at, result.has(L.URGENT), r.settings)]
    if timer_rows:
        session.execute(insert(TIMERS), timer_rows)
    keep_text = ctx.config.workspace.store_message_text
    session.execute(insert(MESSAGES), [
        dict(workspace=workspace, channel=r.event.channel, ts=r.event.ts, thread_ts=None, ticket_id=ticket_id,
             user=r.event.user, role=Role.CUSTOMER.value, at=r.event.at, text_hash=text_hash(r.event.text),
             text=r.event.text if keep_text else None, labels=list(result.labels), due_at=result.due_at,
             deleted=False)
        for ticket_id, r, result in zip(ids, requests, results, strict=True)])
    keys = [dict(workspace=workspace, key=r.key, at=now) for r in requests if r.key]
    if keys:
        session.execute(insert(SEEN), keys)
    return True

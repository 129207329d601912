"""A message arrives, changes or disappears: tickets, timers, promises and nudges follow from it."""
from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.core.actions import Action
from bot.core.classifier import Classification, classify
from bot.core.classifier import labels as L
from bot.core.events import MessageDeleted, MessageEdited, MessagePosted
from bot.core.nudges import COMPLAINT_PRINCIPLE, answers_complaint_well, principles_for
from bot.core.roles import Role
from bot.core.tickets import is_pleasantry
from bot.core.timers import TimerKind, opening_timers, owner_followup_timers, promise_timers, stale_timer
from bot.services import coaching, ticketing, updates
from bot.services.context import Context
from bot.settings.model import ChannelSettings
from bot.store.models import Message, Promise, Ticket
from bot.store.writes import insert_row


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def classify_as(text: str, role: Role, at: datetime, settings: ChannelSettings) -> Classification:
    """Classify as the writer's side (customers and staff have different labels), in the channel's calendar."""
    return classify(text, "customer" if role is Role.CUSTOMER else "agent", at, settings.calendar)


def handle_posted(ctx: Context, session: Session, event: MessagePosted) -> list[Action]:
    """Record the message once, place it in a ticket, move the ticket along, and coach staff."""
    settings = ctx.channel_settings(session, event.workspace, event.channel)
    if settings is None or not settings.watched:
        return []
    configured = settings.role_of(event.user)
    role = configured if configured.is_staff else (event.role or configured)
    if role is Role.OBSERVER:
        return []
    ticketing.lock_workspace(session, event.workspace)
    if _stored(session, event.workspace, event.channel, event.ts) is not None:
        return []
    result = classify_as(event.text, role, event.at, settings)
    ticket = _ticket_for(ctx, session, settings, event, role, result)
    insert_row(session, Message, dict(
        workspace=event.workspace, channel=event.channel, ts=event.ts, thread_ts=event.thread_ts,
        ticket_id=ticket.id if ticket else None, user=event.user, role=role.value, at=event.at,
        text_hash=text_hash(event.text), text=event.text if ctx.config.workspace.store_message_text else None,
        labels=list(result.labels), due_at=result.due_at, deleted=False,
    ))
    if role is Role.CUSTOMER:
        if ticket is not None and ticket.root_ts != event.ts:
            _customer_wrote(session, settings, ticket, event.at, result, is_pleasantry(event.text))
        return []
    if ticket is not None:
        _staff_wrote(ctx, session, settings, ticket, event, result)
    return _coach(ctx, session, settings, event.workspace, event.user, event.ts, event.thread_ts, ticket, result)


def _ticket_for(ctx: Context, session: Session, settings: ChannelSettings, event: MessagePosted, role: Role,
                result: Classification) -> Ticket | None:
    """The ticket this message belongs to, opening one for a customer's new top-level request."""
    if not event.is_top_level:
        return ticketing.find_by_message(session, event.workspace, event.channel, event.thread_ts or event.ts)
    if role is not Role.CUSTOMER or (is_pleasantry(event.text) and not event.has_files):
        return None
    recent = session.scalar(
        select(Ticket).where(
            Ticket.workspace == event.workspace, Ticket.channel == event.channel, Ticket.customer == event.user,
            Ticket.status == "open", Ticket.last_top_level_at >= event.at - settings.merge_window,
        ).order_by(Ticket.last_top_level_at.desc()).limit(1)
    )
    if recent is not None:
        recent.last_top_level_at = max(recent.last_top_level_at, event.at)
        return recent
    urgent = result.has(L.URGENT)
    ticket = Ticket(
        workspace=event.workspace, channel=event.channel, number=ticketing.next_ticket_number(session, event.workspace),
        root_ts=event.ts, customer=event.user, opened_at=event.at, last_top_level_at=event.at,
        last_customer_at=event.at, urgent=urgent, complaint_pending=result.has(L.COMPLAINT), awaiting="staff",
    )
    session.add(ticket)
    session.flush()
    ticketing.add_timers(session, ticket, opening_timers(event.at, urgent, settings))
    _adopt_early_replies(ctx, session, settings, ticket)
    return ticket


def _adopt_early_replies(ctx: Context, session: Session, settings: ChannelSettings, ticket: Ticket) -> None:
    """Platforms may deliver a thread reply before the message that opened the thread: replies already
    stored for this root join the new ticket now, in time order, with the effects they would have had."""
    early = session.scalars(select(Message).where(
        Message.workspace == ticket.workspace, Message.channel == ticket.channel,
        Message.thread_ts == ticket.root_ts, Message.ticket_id.is_(None)))
    # sorted here, not in SQL: an ORDER BY lets SQLite prefer the time index and scan the workspace
    for message in sorted(early, key=lambda m: m.at):
        message.ticket_id = ticket.id
        result = Classification(tuple(message.labels or ()), message.due_at)
        if Role(message.role).is_staff:
            replay = MessagePosted(ticket.workspace, ticket.channel, message.user, message.ts, "", message.at,
                                   thread_ts=ticket.root_ts)
            _staff_wrote(ctx, session, settings, ticket, replay, result)
        else:
            _customer_wrote(session, settings, ticket, message.at, result, pleasantry=False)


def _customer_wrote(session: Session, settings: ChannelSettings, ticket: Ticket, at: datetime,
                    result: Classification, pleasantry: bool) -> None:
    """A customer message in an existing ticket: reopen, end a snooze, and start the owner's clock.
    A bare "thanks!" asks for nothing, so it neither reopens a ticket nor starts a clock."""
    if ticket.status == "dismissed" or pleasantry:
        return
    reopened = ticket.status == "resolved"
    if reopened:
        ticket.status, ticket.resolved_at = "open", None
    ticket.last_customer_at = at
    ticket.awaiting = "staff"
    ticket.complaint_pending = ticket.complaint_pending or result.has(L.COMPLAINT)
    ticketing.end_snooze(session, ticket)
    ticketing.cancel_timers(session, ticket, [TimerKind.STALE])
    if ticket.owner:
        if not ticketing.pending_timers(session, ticket, [TimerKind.OWNER_FOLLOWUP]):
            ticketing.add_timers(session, ticket, owner_followup_timers(at, settings))
    elif reopened:
        ticketing.add_timers(session, ticket, opening_timers(at, ticket.urgent, settings))


def _staff_wrote(ctx: Context, session: Session, settings: ChannelSettings, ticket: Ticket, event: MessagePosted,
                 result: Classification) -> None:
    """A staff reply: first response, implicit ownership, the customer's turn, and any timed promise."""
    if ticket.status != "open":
        return
    if ticket.first_response_at is None:
        ticket.first_response_at = event.at
    if ticket.owner is None and settings.implicit_ownership:
        ticket.owner = event.user
        updates.ticket_changed(ctx, session, ticket, event.user, event.at)
    ticket.last_staff_at = event.at
    ticket.awaiting = "customer"
    ticketing.cancel_timers(session, ticket, [TimerKind.FIRST_RESPONSE, TimerKind.OWNER_FOLLOWUP, TimerKind.STALE])
    ticketing.add_timers(session, ticket, [stale_timer(event.at, settings)])
    if result.due_at is not None:
        _track_promise(session, settings, ticket, event.user, event.ts, event.at, result.due_at)


def _track_promise(session: Session, settings: ChannelSettings, ticket: Ticket, user: str, ts: str,
                   at: datetime, due_at: datetime) -> None:
    promise = Promise(workspace=ticket.workspace, ticket_id=ticket.id, user=user, message_ts=ts, made_at=at, due_at=due_at)
    session.add(promise)
    session.flush()
    ticketing.add_timers(session, ticket, promise_timers(at, due_at, settings), promise_id=promise.id)


def _coach(ctx: Context, session: Session, settings: ChannelSettings, workspace: str, user: str, ts: str,
           thread_ts: str | None, ticket: Ticket | None, result: Classification) -> list[Action]:
    """Nudges a staff message earns: its own labels, and a complaint answered without apology or empathy."""
    principles = principles_for(result.labels)
    if ticket is not None and ticket.complaint_pending:
        ticket.complaint_pending = False
        if not answers_complaint_well(result.labels):
            principles.append(COMPLAINT_PRINCIPLE)
    actions = []
    for principle in principles:
        action = coaching.nudge(ctx, session, settings, workspace=workspace, user=user, message_ts=ts,
                                thread_ts=thread_ts, ticket=ticket, principle_id=principle, now=ctx.clock.now())
        if action is not None:
            actions.append(action)
    return actions


_STORED = select(Message).where(Message.workspace == bindparam("workspace"), Message.channel == bindparam("channel"),
                                Message.ts == bindparam("ts"))


def _stored(session: Session, workspace: str, channel: str, ts: str) -> Message | None:
    """The message already recorded under this platform id, if any."""
    return session.scalar(_STORED, {"workspace": workspace, "channel": channel, "ts": ts})


def handle_edited(ctx: Context, session: Session, event: MessageEdited) -> list[Action]:
    """Classify again only when the text really changed; a new timed promise is tracked, new labels coached."""
    ticketing.lock_workspace(session, event.workspace)
    message = _stored(session, event.workspace, event.channel, event.ts)
    settings = ctx.channel_settings(session, event.workspace, event.channel)
    if message is None or settings is None or message.deleted or message.text_hash == text_hash(event.text):
        return []
    role = Role(message.role)
    result = classify_as(event.text, role, message.at, settings)
    message.text_hash = text_hash(event.text)
    message.text = event.text if ctx.config.workspace.store_message_text else None
    message.labels, message.due_at = list(result.labels), result.due_at
    if not role.is_staff:
        return []
    ticket = session.get(Ticket, message.ticket_id) if message.ticket_id else None
    if ticket is not None and ticket.status == "open" and result.due_at is not None:
        tracked = session.scalar(select(Promise.id).where(Promise.ticket_id == ticket.id, Promise.message_ts == event.ts))
        if tracked is None:
            _track_promise(session, settings, ticket, message.user, event.ts, event.at, result.due_at)
    return _coach(ctx, session, settings, event.workspace, message.user, event.ts, message.thread_ts, ticket, result)


def handle_deleted(ctx: Context, session: Session, event: MessageDeleted) -> list[Action]:
    """A customer deleting an unanswered request withdraws the ticket; anything else is just marked."""
    message = _stored(session, event.workspace, event.channel, event.ts)
    if message is None:
        return []
    message.deleted = True
    message.text = None
    ticket = session.get(Ticket, message.ticket_id) if message.ticket_id else None
    if ticket is not None and ticket.root_ts == event.ts and ticket.first_response_at is None and ticket.status == "open":
        ticketing.dismiss(session, ticket, event.at)
    return []



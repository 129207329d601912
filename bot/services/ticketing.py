"""Operations on tickets shared by messages, reactions, commands and the sweep."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.tickets import TicketState, ticket_state
from bot.core.timers import RESPONSE_KINDS, TimerKind, TimerPlan
from bot.store.models import Message, Ticket, Timer, Workspace
from bot.store.writes import insert_new


def state_of(ticket: Ticket) -> TicketState:
    return ticket_state(ticket.status, ticket.owner, ticket.first_response_at, ticket.acknowledged_at, ticket.awaiting)


def lock_workspace(session: Session, workspace: str) -> None:
    """Serialise message handling per workspace across instances (PostgreSQL row lock; SQLite already
    holds its write lock), so a thread reply and its root never miss each other. Taken once per transaction."""
    held = session.info.setdefault("locked_workspaces", set())
    if workspace not in held:
        session.execute(select(Workspace.id).where(Workspace.id == workspace).with_for_update())
        held.add(workspace)


def next_ticket_number(session: Session, workspace: str) -> int:
    """Allocate the workspace's next short ticket number (row-locked, so concurrent instances never share one)."""
    row = session.scalar(select(Workspace).where(Workspace.id == workspace).with_for_update())
    if row is None:  # the workspace's first ticket; another instance may be creating the row right now
        insert_new(session, Workspace, dict(id=workspace, next_ticket_number=1))
        row = session.scalars(select(Workspace).where(Workspace.id == workspace).with_for_update()
                              .execution_options(populate_existing=True)).one()
    number = row.next_ticket_number
    row.next_ticket_number = number + 1
    return number


def find_by_number(session: Session, workspace: str, number: int) -> Ticket | None:
    return session.scalar(select(Ticket).where(Ticket.workspace == workspace, Ticket.number == number))


def find_by_message(session: Session, workspace: str, channel: str, ts: str) -> Ticket | None:
    """The ticket a message (or a thread rooted at it) belongs to."""
    ticket = session.scalar(
        select(Ticket).where(Ticket.workspace == workspace, Ticket.channel == channel, Ticket.root_ts == ts)
    )
    if ticket is not None:
        return ticket
    ticket_id = session.scalar(
        select(Message.ticket_id).where(Message.workspace == workspace, Message.channel == channel, Message.ts == ts)
    )
    return session.get(Ticket, ticket_id) if ticket_id is not None else None


def add_timers(session: Session, ticket: Ticket, plans: Iterable[TimerPlan], promise_id: int | None = None) -> None:
    for plan in plans:
        session.add(Timer(workspace=ticket.workspace, ticket_id=ticket.id, kind=plan.kind.value, level=plan.level,
                          due_at=plan.due_at, base_due_at=plan.due_at, promise_id=promise_id))


def pending_timers(session: Session, ticket: Ticket, kinds: Iterable[TimerKind] | None = None) -> list[Timer]:
    query = select(Timer).where(Timer.ticket_id == ticket.id, Timer.status == "pending")
    if kinds is not None:
        query = query.where(Timer.kind.in_([k.value for k in kinds]))
    return list(session.scalars(query))


def cancel_timers(session: Session, ticket: Ticket, kinds: Iterable[TimerKind] | None = None) -> None:
    query = update(Timer).where(Timer.ticket_id == ticket.id, Timer.status == "pending")
    if kinds is not None:
        query = query.where(Timer.kind.in_([k.value for k in kinds]))
    session.execute(query.values(status="cancelled"), execution_options={"synchronize_session": "fetch"})


def claim(ticket: Ticket, user: str) -> str | None:
    """Make `user` the owner (a claim by someone else transfers it); returns the previous owner."""
    previous = ticket.owner
    ticket.owner = user
    return previous


def resolve(session: Session, ticket: Ticket, now: datetime) -> None:
    ticket.status = "resolved"
    ticket.resolved_at = now
    ticket.snoozed_until = None
    cancel_timers(session, ticket)


def dismiss(session: Session, ticket: Ticket, now: datetime) -> None:
    ticket.status = "dismissed"
    ticket.resolved_at = now
    cancel_timers(session, ticket)


def snooze(session: Session, ticket: Ticket, now: datetime, length: timedelta) -> None:
    """Move the ticket's response timers later by `length`; their original times are kept for unsnooze."""
    for timer in pending_timers(session, ticket, RESPONSE_KINDS):
        timer.due_at = max(timer.due_at, now) + length
    ticket.snoozed_until = now + length


def end_snooze(session: Session, ticket: Ticket) -> None:
    """A customer wrote: response timers go back to their original schedule."""
    if ticket.snoozed_until is None:
        return
    for timer in pending_timers(session, ticket, RESPONSE_KINDS):
        timer.due_at = timer.base_due_at
    ticket.snoozed_until = None

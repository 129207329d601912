"""When a ticket is claimed, released or closed, reminders already posted about it should say so."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.actions import Action, ActionKind
from bot.services import outbox, ticketing
from bot.services.context import Context
from bot.store.models import PostedReminder, Ticket


def ticket_changed(ctx: Context, session: Session, ticket: Ticket, by: str, now: datetime) -> Action | None:
    """Record an update for the ticket's posted reminders (the adapter edits them in place)."""
    if session.scalar(select(PostedReminder.id).where(PostedReminder.workspace == ticket.workspace,
                                                      PostedReminder.ticket_number == ticket.number).limit(1)) is None:
        return None
    state = ticketing.state_of(ticket).value
    text = ctx.renderer.render("ticket_update.j2", number=ticket.number, state=state, owner=ticket.owner, by=by,
                               status=ticket.status)
    action = Action(kind=ActionKind.TICKET_UPDATE, at=now, workspace=ticket.workspace, to=(), text=text,
                    channel=ticket.channel, ticket=ticket.root_ts, ticket_number=ticket.number)
    return outbox.record(session, action, f"update:{ticket.id}:{ticket.status}:{ticket.owner}:{now.isoformat()}")


def remember(session: Session, workspace: str, number: int, channel: str, ref: str, text: str, now: datetime) -> None:
    session.add(PostedReminder(workspace=workspace, ticket_number=number, channel=channel, message_ref=ref,
                               text=text, at=now))


def posted(session: Session, workspace: str, number: int) -> list[tuple[str, str, str]]:
    """(channel, message ref, original text) of every reminder posted about a ticket."""
    rows = session.scalars(select(PostedReminder).where(PostedReminder.workspace == workspace,
                                                        PostedReminder.ticket_number == number))
    return [(r.channel, r.message_ref, r.text) for r in rows]


def ticket_of(session: Session, workspace: str, ref: str) -> int | None:
    """The ticket a posted reminder is about (for reactions on it)."""
    return session.scalar(select(PostedReminder.ticket_number).where(PostedReminder.workspace == workspace,
                                                                      PostedReminder.message_ref == ref).limit(1))

"""Staff reactions on a customer's message: acknowledge, claim, resolve (customers' reactions are ignored)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.core.actions import Action
from bot.core.events import ReactionChanged
from bot.core.tickets import normalise_reaction
from bot.core.timers import TimerKind
from bot.services import ticketing, updates
from bot.services.context import Context


def handle_reaction(ctx: Context, session: Session, event: ReactionChanged) -> list[Action]:
    settings = ctx.channel_settings(session, event.workspace, event.channel)
    if settings is None or not settings.role_of(event.user).is_staff:
        return []
    meaning = ctx.reactions.get(normalise_reaction(event.reaction))
    ticket = ticketing.find_by_message(session, event.workspace, event.channel, event.ts)
    if meaning is None or ticket is None or ticket.status == "dismissed":
        return []
    before = (ticket.status, ticket.owner)
    if meaning == "acknowledge" and event.added and ticket.status == "open":
        if ticket.acknowledged_at is None:
            ticket.acknowledged_at = event.at
        ticketing.cancel_timers(session, ticket, [TimerKind.FIRST_RESPONSE])
    elif meaning == "claim" and ticket.status == "open":
        if event.added:
            ticketing.claim(ticket, event.user)
        elif ticket.owner == event.user:
            ticket.owner = None
    elif meaning == "resolve":
        if event.added and ticket.status == "open":
            ticketing.resolve(session, ticket, event.at)
    if (ticket.status, ticket.owner) != before:
        updates.ticket_changed(ctx, session, ticket, event.user, event.at)
    return []

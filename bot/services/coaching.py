"""Private nudges: pick the principle, respect mutes and fatigue limits, render the note."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.actions import Action, ActionKind
from bot.core.classifier import classify
from bot.core.classifier.labels import PRAISE_LABELS
from bot.core.nudges import CAP_WINDOW, principles_for, suggested_time, under_hourly_cap
from bot.services import outbox
from bot.services.context import Context
from bot.settings.model import ChannelSettings
from bot.store.models import Mute, Nudge, Ticket
from bot.templates import when


def is_muted(session: Session, workspace: str, user: str, principle: str) -> bool:
    return session.get(Mute, (workspace, user, principle)) is not None


def nudge(
    ctx: Context,
    session: Session,
    settings: ChannelSettings,
    *,
    workspace: str,
    user: str,
    message_ts: str,
    thread_ts: str | None,
    ticket: Ticket | None,
    principle_id: str,
    now: datetime,
) -> Action | None:
    """One private nudge, unless muted, already given for this ticket, or over the hourly cap."""
    principle = ctx.catalogue.get(principle_id)
    if principle is None or is_muted(session, workspace, user, principle_id):
        return None
    scope = f"ticket:{ticket.id}" if ticket is not None else f"message:{settings.id}:{message_ts}"
    already = session.scalar(select(Nudge.id).where(
        Nudge.workspace == workspace, Nudge.user == user, Nudge.scope == scope, Nudge.principle == principle_id))
    if already is not None:
        return None
    recent = session.scalars(select(Nudge.at).where(
        Nudge.workspace == workspace, Nudge.user == user, Nudge.at > now - CAP_WINDOW))
    if not under_hourly_cap(recent, now, settings.nudge_cap_per_hour):
        return None
    row = Nudge(workspace=workspace, user=user, scope=scope, principle=principle_id, channel=settings.id,
                message_ts=message_ts, ticket_id=ticket.id if ticket else None, at=now)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    offer = suggested_time(now, settings.calendar)
    suggestion = ctx.renderer.render_string(principle.suggestion, suggested_time=when(offer, now))
    text = ctx.renderer.render("nudge.j2", principle=principle, suggestion=suggestion,
                               ticket_number=ticket.number if ticket else None)
    action = Action(
        kind=ActionKind.NUDGE, at=now, workspace=workspace, to=(user,), text=text, channel=settings.id,
        ticket=ticket.root_ts if ticket else None, ticket_number=ticket.number if ticket else None,
        principle=principle_id, thread_ts=thread_ts or message_ts, nudge_id=row.id,
    )
    return outbox.record(session, action, f"nudge:{row.id}")


def review(ctx: Context, settings: ChannelSettings, text: str, now: datetime) -> str:
    """Private coaching on any message someone asks about: what it does well and what to change.
    Nothing is stored; the text is only read."""
    result = classify(text, "agent", now, settings.calendar)
    offer = when(suggested_time(now, settings.calendar), now)
    advice = []
    for principle_id in principles_for(result.labels):
        principle = ctx.catalogue.get(principle_id)
        if principle is not None:
            advice.append((principle, ctx.renderer.render_string(principle.suggestion, suggested_time=offer)))
    praise = [label.replace("_", " ") for label in result.labels if label in PRAISE_LABELS]
    promise = when(result.due_at, now) if result.due_at else None
    return ctx.renderer.render("review.j2", advice=advice, praise=praise, promise=promise)


def record_feedback(session: Session, workspace: str, nudge_id: int, user: str, helpful: bool) -> bool:
    """Helpful / not helpful, from the person who got the nudge; False if it isn't theirs."""
    row = session.get(Nudge, nudge_id)
    if row is None or row.workspace != workspace or row.user != user:
        return False
    row.helpful = helpful
    return True


def set_mute(session: Session, workspace: str, user: str, principle: str, muted: bool, now: datetime) -> None:
    existing = session.get(Mute, (workspace, user, principle))
    if muted and existing is None:
        session.add(Mute(workspace=workspace, user=user, principle=principle, at=now))
    elif not muted and existing is not None:
        session.delete(existing)

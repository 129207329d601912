"""Private nudges: pick the principle, respect mutes and fatigue limits, render the note."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from bot.core.actions import Action, ActionKind
from bot.core.classifier import classify
from bot.core.classifier.labels import COMPLAINT, PRAISE_LABELS
from bot.core.nudges import (
    CAP_WINDOW,
    COMPLAINT_PRINCIPLE,
    answers_complaint_well,
    principles_for,
    suggested_time,
    under_hourly_cap,
)
from bot.core.rewrite import better_reply
from bot.services import outbox
from bot.services.context import Context
from bot.settings.model import ChannelSettings
from bot.store.models import Mute, Nudge, Ticket
from bot.store.writes import insert_row
from bot.templates import when

_MUTED = select(Mute.at).where(Mute.workspace == bindparam("workspace"), Mute.user == bindparam("user"),
                               Mute.principle == bindparam("principle"))
#: Nudges to one person that count toward the hourly cap or already cover this scope and principle.
_HISTORY = select(Nudge.at, and_(Nudge.scope == bindparam("scope"), Nudge.principle == bindparam("principle"))).where(
    Nudge.workspace == bindparam("workspace"), Nudge.user == bindparam("user"),
    or_(Nudge.at > bindparam("since"), and_(Nudge.scope == bindparam("scope"), Nudge.principle == bindparam("principle"))))


def is_muted(session: Session, workspace: str, user: str, principle: str) -> bool:
    return session.scalar(_MUTED, {"workspace": workspace, "user": user, "principle": principle}) is not None


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
    history = session.execute(_HISTORY, {"workspace": workspace, "user": user, "scope": scope,
                                         "principle": principle_id, "since": now - CAP_WINDOW}).all()
    if any(same for _, same in history) or not under_hourly_cap((at for at, _ in history), now,
                                                                   settings.nudge_cap_per_hour):
        return None
    # the caller holds the workspace lock, so the once-per-scope key cannot clash here
    nudge_id = insert_row(session, Nudge, dict(
        workspace=workspace, user=user, scope=scope, principle=principle_id, channel=settings.id,
        message_ts=message_ts, ticket_id=ticket.id if ticket else None, at=now, helpful=None))
    offer = suggested_time(now, settings.calendar)
    suggestion = ctx.renderer.render_string(principle.suggestion, suggested_time=when(offer, now))
    text = ctx.renderer.render("nudge.j2", principle=principle, suggestion=suggestion,
                               ticket_number=ticket.number if ticket else None)
    action = Action(
        kind=ActionKind.NUDGE, at=now, workspace=workspace, to=(user,), text=text, channel=settings.id,
        ticket=ticket.root_ts if ticket else None, ticket_number=ticket.number if ticket else None,
        principle=principle_id, thread_ts=thread_ts or message_ts, nudge_id=nudge_id,
    )
    return outbox.record(session, action, f"nudge:{nudge_id}")


def review(ctx: Context, settings: ChannelSettings, text: str, now: datetime, *, customer: str | None = None,
           option: str | None = None) -> str:
    """Private coaching on any message someone asks about: what it does well, what to change, and a better
    version of it. `customer` is the message it answers (a complaint calls for an apology first); `option` is
    something the product can offer instead of a refusal. Nothing is stored; the text is only read."""
    result = classify(text, "agent", now, settings.calendar)
    offer = when(suggested_time(now, settings.calendar), now)
    advice = []
    for principle_id in principles_for(result.labels):
        principle = ctx.catalogue.get(principle_id)
        if principle is not None:
            advice.append((principle, ctx.renderer.render_string(principle.suggestion, suggested_time=offer)))
    complaint = bool(customer) and classify(customer or "", "customer", now, settings.calendar).has(COMPLAINT)
    if complaint and not answers_complaint_well(result.labels) and (gift := ctx.catalogue.get(COMPLAINT_PRINCIPLE)):
        advice.append((gift, ctx.renderer.render_string(gift.suggestion, suggested_time=offer)))
    pieces = ctx.renderer.captions("rewrite.j2")
    better = better_reply(text, now, settings.calendar, offer,
                          lambda name, **values: ctx.renderer.render_string(pieces[name], **values),
                          complaint=complaint, option=option)
    praise = [label.replace("_", " ") for label in result.labels if label in PRAISE_LABELS]
    promise = when(result.due_at, now) if result.due_at else None
    return ctx.renderer.render("review.j2", advice=advice, praise=praise, promise=promise, better=better)


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

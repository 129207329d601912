"""Fire due timers. Cost follows the number of due rows, not open tickets; each firing is recorded once."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from bot.core.actions import Action, ActionKind
from bot.core.roles import STAFF_ROLE_VALUES
from bot.core.timers import ESCALATION_RANK, TimerKind, is_late
from bot.services import outbox, ticketing
from bot.services.context import Context
from bot.settings.model import ChannelSettings
from bot.store.models import Message, Promise, Ticket, Timer
from bot.templates import mention_list


def sweep_due_timers(ctx: Context, session: Session, now: datetime, limit: int = 500) -> list[Action]:
    """Claim due timers (skipping rows another instance holds), decide each, and record the actions."""
    due = list(session.scalars(
        select(Timer).where(Timer.status == "pending", Timer.due_at <= now)
        .order_by(Timer.due_at, Timer.id).limit(limit).with_for_update(skip_locked=True)
    ))
    by_ticket: dict[int, list[Timer]] = defaultdict(list)
    for timer in due:
        by_ticket[timer.ticket_id].append(timer)
    actions: list[Action] = []
    for ticket_id, timers in by_ticket.items():
        ticket = session.get(Ticket, ticket_id)
        settings = ctx.channel_settings(session, ticket.workspace, ticket.channel) if ticket else None
        if ticket is None or settings is None or ticket.status != "open" or not settings.watched:
            for timer in timers:
                timer.status, timer.fired_at = "cancelled", now
            continue
        _supersede_lower_escalations(timers, now)
        for timer in timers:
            if timer.status != "pending":
                continue
            action = _fire(ctx, session, settings, ticket, timer, now)
            timer.status, timer.fired_at = ("fired" if action else "skipped"), now
            if action is not None and outbox.record(session, action, f"timer:{timer.id}"):
                actions.append(action)
    return actions


def count_due(session: Session, now: datetime) -> int:
    return int(session.scalar(select(func.count()).select_from(Timer).where(
        Timer.status == "pending", Timer.due_at <= now)) or 0)


def _supersede_lower_escalations(timers: list[Timer], now: datetime) -> None:
    """After downtime only the highest escalation step that is due fires."""
    steps = [t for t in timers if t.kind == TimerKind.ESCALATION.value]
    if len(steps) < 2:
        return
    top = max(steps, key=lambda t: ESCALATION_RANK.get(t.level or "team", 0))
    for step in steps:
        if step is not top:
            step.status, step.fired_at = "superseded", now


def _fire(ctx: Context, session: Session, settings: ChannelSettings, ticket: Ticket, timer: Timer,
          now: datetime) -> Action | None:
    kind = TimerKind(timer.kind)
    common = dict(number=ticket.number, channel=ticket.channel, waited=(now - ticket.opened_at).total_seconds(),
                  state=ticketing.state_of(ticket).value, late=is_late(timer.due_at, now), urgent=ticket.urgent)

    def action(kind_: ActionKind, to: tuple[str, ...], template: str, mentions: tuple[str, ...] = (), **extra: object) -> Action:
        text = ctx.renderer.render(template, **(common | {"mentions": mention_list(mentions)} | extra))
        summary = ctx.renderer.render(template, **(common | {"mentions": ""} | extra)) if mentions else text
        return Action(kind=kind_, at=now, workspace=ticket.workspace, to=tuple(dict.fromkeys(to)), text=text,
                      channel=ticket.channel, ticket=ticket.root_ts, ticket_number=ticket.number,
                      level=timer.level, late=bool(common["late"]), mentions=mentions, summary=summary)

    if kind is TimerKind.FIRST_RESPONSE:
        if ticket.first_response_at or ticket.acknowledged_at:
            return None
        return action(ActionKind.FIRST_RESPONSE_REMINDER, (settings.team_channel,), "first_response_reminder.j2",
                      settings.agents)
    if kind is TimerKind.ESCALATION:
        if ticket.owner:
            return None
        people = {"team": settings.agents, "leads": settings.leads, "managers": settings.managers}[timer.level or "team"]
        direct = people if timer.level in ("leads", "managers") else ()
        return action(ActionKind.ESCALATION, (settings.team_channel, *direct), "escalation.j2", people,
                      level=timer.level)
    if kind is TimerKind.OWNER_FOLLOWUP:
        if not ticket.owner or ticket.awaiting != "staff":
            return None
        waited = (now - (ticket.last_customer_at or ticket.opened_at)).total_seconds()
        if timer.level == "owner":
            return action(ActionKind.OWNER_FOLLOWUP, (ticket.owner,), "owner_followup.j2", owner=ticket.owner,
                          waited=waited, level="owner")
        leads = settings.leads or (settings.team_channel,)
        return action(ActionKind.OWNER_FOLLOWUP, leads, "owner_followup.j2", settings.leads, owner=ticket.owner,
                      waited=waited, level="leads")
    if kind in (TimerKind.PROMISE_WARNING, TimerKind.PROMISE_DEADLINE):
        promise = session.get(Promise, timer.promise_id) if timer.promise_id else None
        if promise is None or _staff_wrote_since(session, ticket, promise.made_at):
            return None
        due = promise.due_at.astimezone(settings.calendar.zone)
        if kind is TimerKind.PROMISE_WARNING:
            return action(ActionKind.PROMISE_REMINDER, (promise.user,), "promise_reminder.j2", due=due,
                          left=(promise.due_at - now).total_seconds())
        owner = ticket.owner or promise.user
        return action(ActionKind.PROMISE_MISSED, (owner, *settings.leads), "promise_missed.j2", settings.leads,
                      due=due, promiser=promise.user)
    if kind is TimerKind.STALE:
        if ticket.awaiting == "customer":
            ticketing.resolve(session, ticket, now)
        return None
    return None


def _staff_wrote_since(session: Session, ticket: Ticket, since: datetime) -> bool:
    return bool(session.scalar(select(exists().where(
        Message.ticket_id == ticket.id, Message.role.in_(STAFF_ROLE_VALUES), Message.at > since, Message.deleted.is_(False)))))


def next_due(session: Session, kinds: list[TimerKind] | None = None) -> datetime | None:
    """When the next pending timer falls due (for simulated clocks and sleeping schedulers)."""
    query = select(Timer.due_at).where(Timer.status == "pending")
    if kinds is not None:
        query = query.where(Timer.kind.in_([k.value for k in kinds]))
    return session.scalar(query.order_by(Timer.due_at).limit(1))

"""`/coach` commands: parse, check who may do what, act, and answer privately."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.durations import parse_duration
from bot.core.events import CommandIssued
from bot.core.roles import Role
from bot.core.tickets import parse_ticket_number
from bot.services import coaching, stats, ticketing, updates
from bot.services.context import Context
from bot.settings.model import ChannelSettings
from bot.store.models import Ticket

CUSTOMER_VERBS = {"help", "tip"}
LEAD_ONLY = {"settings"}
TICKET_VERBS = {"own", "release", "resolve", "snooze", "notticket"}
ALL_VERBS = CUSTOMER_VERBS | LEAD_ONLY | TICKET_VERBS | {"why", "queue", "stats", "mute", "unmute"}
RANK = {Role.OBSERVER: 0, Role.CUSTOMER: 0, Role.AGENT: 1, Role.LEAD: 2, Role.MANAGER: 2}


@dataclass(frozen=True)
class CommandReply:
    """A private answer; `opens_settings` asks the adapter to show its settings form for `channel`."""

    text: str
    ok: bool = True
    opens_settings: bool = False
    channel: str | None = None


def role_in(ctx: Context, session: Session, workspace: str, channel: str, user: str) -> Role:
    """A user's role where the command was typed: the support channel, or the channels a team channel serves."""
    settings = ctx.channel_settings(session, workspace, channel)
    if settings is not None:
        return settings.role_of(user)
    related = [c for c in ctx.config.channels if c.team_channel == channel] or list(ctx.config.channels)
    return max((c.role_of(user) for c in related), key=lambda r: RANK[r], default=Role.CUSTOMER)


def run(ctx: Context, session: Session, event: CommandIssued) -> CommandReply:
    words = event.text.strip().split()
    verb = words[0].lower() if words else "help"
    args = words[1:]
    role = role_in(ctx, session, event.workspace, event.channel, event.user)
    lead = role in (Role.LEAD, Role.MANAGER) or event.is_admin
    staff = role.is_staff or event.is_admin
    if verb not in ALL_VERBS:
        problem = f"I don't know the command “{verb}”." if words else None
        return CommandReply(ctx.renderer.render("help.j2", staff=staff, lead=lead, problem=problem), ok=not words)
    if (verb not in CUSTOMER_VERBS and not staff) or (verb in LEAD_ONLY and not lead) or (
            verb == "stats" and "team" in args and not lead):
        who = "leads" if verb in LEAD_ONLY or verb == "stats" else "staff"
        return _refuse(ctx, "permission", verb=verb, who=who)
    if verb == "help":
        return CommandReply(ctx.renderer.render("help.j2", staff=staff, lead=lead, problem=None))
    if verb == "tip":
        return _tip(ctx, args, event)
    if verb == "why":
        principle = ctx.catalogue.find(" ".join(args)) if args else None
        if principle is None:
            return _unknown_principle(ctx, " ".join(args))
        return CommandReply(ctx.renderer.render("why.j2", principle=principle))
    if verb in ("mute", "unmute"):
        principle = ctx.catalogue.find(" ".join(args)) if args else None
        if principle is None:
            return _unknown_principle(ctx, " ".join(args))
        coaching.set_mute(session, event.workspace, event.user, principle.id, verb == "mute", event.at)
        return CommandReply(ctx.renderer.render("command_done.j2", verb=verb, principle=principle))
    if verb == "queue":
        return _queue(ctx, session, event)
    if verb == "stats":
        return _stats(ctx, session, event, args)
    if verb == "settings":
        return CommandReply("", opens_settings=True, channel=event.channel)
    return _ticket_command(ctx, session, event, verb, args)


def _refuse(ctx: Context, reason: str, **context: object) -> CommandReply:
    return CommandReply(ctx.renderer.render("command_refused.j2", reason=reason, **context), ok=False)


def _unknown_principle(ctx: Context, value: str) -> CommandReply:
    choices = ", ".join(p.id for p in ctx.catalogue.principles)
    return _refuse(ctx, "unknown_principle", value=value or "(none)", choices=choices)


def _tip(ctx: Context, args: list[str], event: CommandIssued) -> CommandReply:
    principle = ctx.catalogue.find(" ".join(args)) if args else None
    if args and principle is None:
        return _unknown_principle(ctx, " ".join(args))
    tips = principle.tips if principle else ctx.catalogue.tips
    tip = tips[int(event.at.timestamp() // 60) % len(tips)]
    return CommandReply(ctx.renderer.render("tip_reply.j2", tip=tip, principle=ctx.catalogue.get(tip.principle)))


def _visible_channels(ctx: Context, session: Session, event: CommandIssued) -> list[ChannelSettings]:
    here = ctx.channel_settings(session, event.workspace, event.channel)
    if here is not None:
        return [here]
    served = ctx.team_settings(session, event.workspace, event.channel)
    return served or [c for c in ctx.config.channels if c.role_of(event.user).is_staff or event.is_admin]


def _queue(ctx: Context, session: Session, event: CommandIssued) -> CommandReply:
    channels = [c.id for c in _visible_channels(ctx, session, event)]
    open_tickets = session.scalars(select(Ticket).where(
        Ticket.workspace == event.workspace, Ticket.channel.in_(channels), Ticket.status == "open").order_by(Ticket.number))
    rows = [dict(number=t.number, age=(event.at - t.opened_at).total_seconds(), state=ticketing.state_of(t).value,
                 owner=t.owner, channel=t.channel) for t in open_tickets]
    return CommandReply(ctx.renderer.render("queue.j2", tickets=rows))


def _stats(ctx: Context, session: Session, event: CommandIssued, args: list[str]) -> CommandReply:
    team = "team" in args
    days = "30d" if "30d" in args else "7d"
    channels = [c.id for c in _visible_channels(ctx, session, event)]
    figures = stats.gather(session, event.workspace, channels, event.at - stats.window(days),
                           user=None if team else event.user)
    names = {p.id: p.name for p in ctx.catalogue.principles}
    by_principle = [(names.get(p, p), n) for p, n in figures.by_principle]
    return CommandReply(ctx.renderer.render(
        "stats.j2", scope="team" if team else "you", days=days[:-1], nudges=figures.nudges, helpful=figures.helpful,
        unhelpful=figures.unhelpful, by_principle=by_principle, praise=[(l.replace("_", " "), n) for l, n in figures.praise],
        opened=figures.opened, resolved=figures.resolved, median_first_response=figures.median_first_response))


def _ticket_command(ctx: Context, session: Session, event: CommandIssued, verb: str, args: list[str]) -> CommandReply:
    ticket = None
    if args and (number := parse_ticket_number(args[0])) is not None:
        ticket = ticketing.find_by_number(session, event.workspace, number)
        args = args[1:]
        if ticket is None:
            return _refuse(ctx, "no_ticket", ref=f"#{number}")
    elif event.ticket_message_ts:
        ticket = ticketing.find_by_message(session, event.workspace, event.channel, event.ticket_message_ts)
    if ticket is None:
        return _refuse(ctx, "needs_ticket", verb=verb)
    settings = ctx.channel_settings(session, event.workspace, ticket.channel)
    if settings is None or not (settings.role_of(event.user).is_staff or event.is_admin):
        return _refuse(ctx, "not_staff")
    if ticket.status != "open" and verb != "notticket":
        return _refuse(ctx, "closed", number=ticket.number, state=ticketing.state_of(ticket).value)
    context: dict[str, object] = {"verb": verb, "number": ticket.number}
    if verb == "own":
        context["previous"] = ticketing.claim(ticket, event.user) if ticket.owner != event.user else None
    elif verb == "release":
        ticket.owner = None
    elif verb == "resolve":
        ticketing.resolve(session, ticket, event.at)
    elif verb == "notticket":
        ticketing.dismiss(session, ticket, event.at)
    elif verb == "snooze":
        try:
            length = parse_duration(args[0]) if args else None
        except ValueError:
            length = None
        if not length:
            return _refuse(ctx, "bad_duration", value=args[0] if args else "")
        ticketing.snooze(session, ticket, event.at, length)
        context["seconds"] = length.total_seconds()
    if verb != "snooze":
        updates.ticket_changed(ctx, session, ticket, event.user, event.at)
    return CommandReply(ctx.renderer.render("command_done.j2", **context))

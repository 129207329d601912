"""The bot's own life in a workspace: joining channels, channels archived or left, the app removed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.actions import Action, ActionKind
from bot.services import outbox
from bot.services.context import Context
from bot.store.models import ChannelSetting, Ticket, Timer


def joined(ctx: Context, session: Session, workspace: str, channel: str, inviter: str | None, now: datetime) -> list[Action]:
    """The bot was added to a channel: a setup hint for whoever added it, and a notice to a team channel."""
    actions: list[Action | None] = []
    support = ctx.channel_settings(session, workspace, channel)
    teams = {c.team_channel for c in ctx.config.channels}
    if channel in teams:
        staff = [c for c in ctx.config.channels if c.team_channel == channel]
        actions.append(_record(ctx, session, workspace, (channel,), "joined_team.j2", f"joined:{channel}", now,
                               channels=[c.id for c in staff], store_text=ctx.config.workspace.store_message_text,
                               retention_days=ctx.config.workspace.retention_days))
    if inviter:
        actions.append(_record(ctx, session, workspace, (inviter,), "joined_hint.j2", f"hint:{channel}:{now.isoformat()}",
                               now, channel=channel, support=support, team=channel in teams))
    return [a for a in actions if a is not None]


def pause_channel(ctx: Context, session: Session, workspace: str, channel: str, reason: str, now: datetime) -> list[Action]:
    """Stop watching a support channel (archived, or the bot removed): timers stop, leads are told."""
    settings = ctx.channel_settings(session, workspace, channel)
    if settings is None:
        return []
    existing = session.get(ChannelSetting, (workspace, channel, "watched"))
    if existing is None:
        session.add(ChannelSetting(workspace=workspace, channel=channel, key="watched", value=False))
    else:
        existing.value = False
    ctx.settings_changed(session, workspace)
    open_tickets = select(Ticket.id).where(Ticket.workspace == workspace, Ticket.channel == channel, Ticket.status == "open")
    session.execute(update(Timer).where(Timer.status == "pending", Timer.ticket_id.in_(open_tickets)).values(status="cancelled"),
                    execution_options={"synchronize_session": False})
    recipients = settings.leads or settings.managers or (settings.team_channel,)
    action = _record(ctx, session, workspace, recipients, "channel_paused.j2", f"paused:{channel}:{now.isoformat()}",
                     now, channel=channel, reason=reason)
    return [action] if action else []


def stop_workspace(session: Session, workspace: str) -> int:
    """The app was uninstalled or its tokens revoked: every pending timer of the workspace stops."""
    result = session.execute(update(Timer).where(Timer.workspace == workspace, Timer.status == "pending")
                             .values(status="cancelled"), execution_options={"synchronize_session": False})
    return int(getattr(result, "rowcount", 0) or 0)


def _record(ctx: Context, session: Session, workspace: str, to: tuple[str, ...], template: str, key: str,
            now: datetime, **context: object) -> Action | None:
    action = Action(kind=ActionKind.NOTICE, at=now, workspace=workspace, to=tuple(to),
                    text=ctx.renderer.render(template, **context))
    return outbox.record(session, action, key)


def report_setup(ctx: Context, session: Session, workspace: str, problems: dict[str, str], now: datetime) -> list[Action]:
    """Channels that are missing or lack the bot (channel -> problem), told to the leads concerned."""
    by_recipients: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for settings in ctx.config.channels:
        concerned = [(c, problems[c]) for c in (settings.id, settings.team_channel) if c in problems]
        if concerned:
            recipients = settings.leads or settings.managers or settings.agents
            by_recipients.setdefault(tuple(recipients), []).extend(concerned)
    actions = []
    for recipients, found in by_recipients.items():
        unique = list(dict.fromkeys(found))
        action = _record(ctx, session, workspace, recipients, "setup_problems.j2",
                         f"setup:{','.join(c for c, _ in unique)}:{now.date().isoformat()}", now, problems=unique)
        if action:
            actions.append(action)
    return actions


def report_parked(ctx: Context, session: Session, action: Action, error: str, now: datetime) -> list[Action]:
    """An action could not be delivered and was parked: the leads of its channel hear what and why."""
    settings = ctx.channel_settings(session, action.workspace, action.channel) if action.channel else None
    if action.kind is ActionKind.NOTICE or settings is None:
        return []
    recipients = tuple(r for r in (settings.leads or settings.managers) if r not in action.to)
    if not recipients:
        return []
    notice = _record(ctx, session, action.workspace, recipients, "delivery_parked.j2",
                     f"parked:{action.kind.value}:{action.ticket}:{','.join(action.to)}:{error}", now,
                     kind=action.kind.value.replace("_", " "), number=action.ticket_number, targets=action.to, error=error)
    return [notice] if notice else []

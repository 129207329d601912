"""The daily tip: one per team channel and business day, rotating through the catalogue, themed when
one principle dominated yesterday's coaching. Which tip a team gets is a function of the date and the store."""
from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.actions import Action, ActionKind
from bot.core.calendar import BusinessCalendar
from bot.core.catalogue import Tip
from bot.services import outbox
from bot.services.context import Context
from bot.settings.model import ChannelSettings
from bot.store.models import Nudge, TipSent

THEME_MINIMUM = 3


def _previous_business_day(calendar: BusinessCalendar, day: date) -> date:
    for offset in range(1, 400):
        candidate = day - timedelta(days=offset)
        if calendar.is_business_day(candidate):
            return candidate
    return day - timedelta(days=1)


def _timing(channels: list[ChannelSettings]) -> ChannelSettings | None:
    """The settings that time a team channel's tip: those of its first watched support channel."""
    return next((s for s in channels if s.watched), None)


def choose_tip(ctx: Context, session: Session, workspace: str, team_channel: str, day: date,
               calendar: BusinessCalendar, channels: list[str]) -> tuple[Tip, int]:
    """The tip for a team on a day, and (when themed) how many nudges of its principle picked it."""
    history = list(session.execute(
        select(TipSent.tip_id, TipSent.day).where(TipSent.workspace == workspace, TipSent.team_channel == team_channel,
                                                   TipSent.day < day).order_by(TipSent.day)
    ))
    theme, count = _theme(session, workspace, channels, calendar, day)
    if theme is not None:
        principle = ctx.catalogue.get(theme)
        if principle is not None:
            last_shown = {tip_id: shown for tip_id, shown in history}
            return min(principle.tips, key=lambda t: (last_shown.get(t.id, date.min), t.id)), count
    order = sorted(ctx.catalogue.tips, key=lambda t: hashlib.sha256(f"{team_channel}:{t.id}".encode()).hexdigest())
    shown_this_cycle: set[str] = set()
    for tip_id, _ in history:
        shown_this_cycle.add(tip_id)
        if len(shown_this_cycle & {t.id for t in order}) >= len(order):
            shown_this_cycle.clear()
    return next(t for t in order if t.id not in shown_this_cycle), 0


def _theme(session: Session, workspace: str, channels: list[str], calendar: BusinessCalendar,
           day: date) -> tuple[str | None, int]:
    """The principle with the most nudges on the previous business day (at least 3; ties: most recent)."""
    previous = _previous_business_day(calendar, day)
    start, end = calendar.at(previous, datetime.min.time()), calendar.at(previous + timedelta(days=1), datetime.min.time())
    rows = session.execute(select(Nudge.principle, Nudge.at).where(
        Nudge.workspace == workspace, Nudge.channel.in_(channels), Nudge.at >= start, Nudge.at < end))
    counts: Counter[str] = Counter()
    latest: dict[str, datetime] = {}
    for principle, at in rows:
        counts[principle] += 1
        latest[principle] = max(latest.get(principle, at), at)
    if not counts:
        return None, 0
    best = max(counts, key=lambda p: (counts[p], latest[p]))
    return (best, counts[best]) if counts[best] >= THEME_MINIMUM else (None, 0)


def send_due_tips(ctx: Context, session: Session, workspace: str, now: datetime) -> list[Action]:
    """Tips due now: after the tip time on a business day and before closing; a missed one goes out late
    the same business day, never twice (one stored row per team channel and date)."""
    actions = []
    for team_channel, members in ctx.teams(session, workspace).items():
        settings = _timing(members)
        if settings is None or settings.daily_tip is None:
            continue
        calendar = settings.calendar
        day = calendar.local(now).date()
        if not calendar.is_business_day(day):
            continue
        if not calendar.at(day, settings.daily_tip) <= now < calendar.at(day, calendar.closing_of(day)):
            continue
        if session.scalar(select(TipSent.id).where(TipSent.workspace == workspace, TipSent.team_channel == team_channel,
                                                  TipSent.day == day)):
            continue
        channels = [s.id for s in members]
        tip, themed_count = choose_tip(ctx, session, workspace, team_channel, day, calendar, channels)
        try:
            with session.begin_nested():
                session.add(TipSent(workspace=workspace, team_channel=team_channel, day=day, tip_id=tip.id,
                                    principle=tip.principle, at=now))
        except IntegrityError:
            continue
        principle = ctx.catalogue.get(tip.principle)
        text = ctx.renderer.render("tip.j2", tip=tip, principle=principle, themed=themed_count > 0,
                                   themed_count=themed_count)
        action = Action(kind=ActionKind.TIP, at=now, workspace=workspace, to=(team_channel,), text=text,
                        principle=tip.principle, tip_id=tip.id)
        if outbox.record(session, action, f"tip:{team_channel}:{day.isoformat()}"):
            actions.append(action)
    return actions


def next_tip_time(ctx: Context, session: Session, workspace: str, after: datetime) -> datetime | None:
    """The next moment a daily tip falls due after `after` (for simulated clocks)."""
    best: datetime | None = None
    for members in ctx.teams(session, workspace).values():
        settings = _timing(members)
        if settings is None or settings.daily_tip is None:
            continue
        calendar = settings.calendar
        day = calendar.local(after).date()
        for offset in range(0, 15):
            candidate_day = day + timedelta(days=offset)
            if not calendar.is_business_day(candidate_day):
                continue
            at = calendar.at(candidate_day, settings.daily_tip)
            if at > after:
                best = at if best is None else min(best, at)
                break
    return best

"""Drive the real engine and store over a transcript on a simulated clock."""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from bot.bootstrap import build_engine
from bot.core.actions import Action
from bot.core.clock import SimulatedClock
from bot.core.events import CommandIssued, MessagePosted
from bot.core.roles import Role
from bot.replay.transcript import Transcript
from bot.services.engine import Engine
from bot.settings.model import ChannelSettings, Config

MAX_WAKEUPS = 1_000_000
OnActions = Callable[[list[Action]], None]


def config_for(transcript: Transcript, base: Config) -> Config:
    """The base configuration, plus a support channel for every transcript channel it does not name,
    staffed by the people the transcript declares staff who post there (team channel `<channel>-team`)."""
    known = {c.id for c in base.channels}
    template = base.defaults or ChannelSettings(id="*", team_channel="*")
    posters: dict[str, dict[str, None]] = {}
    for event in transcript.events:
        if isinstance(event, MessagePosted):
            posters.setdefault(event.channel, {})[event.user] = None
    extra = []
    for channel, users in posters.items():
        if channel in known:
            continue
        staff = {role: tuple(u for u in users if transcript.roles.get(u) is role)
                 for role in (Role.AGENT, Role.LEAD, Role.MANAGER)}
        extra.append(replace(template, id=channel, team_channel=f"{channel}-team", agents=staff[Role.AGENT],
                             leads=staff[Role.LEAD], managers=staff[Role.MANAGER]))
    return replace(base, channels=base.channels + tuple(extra))


def run_replay(transcript: Transcript, config: Config, on_actions: OnActions, until: datetime | None = None) -> int:
    """Replay every event, sweeping timers and tips at each due moment in between; returns the action count.

    After the last event the clock runs on until no reminder timer is pending (or to `until`)."""
    if not transcript.events:
        return 0
    with tempfile.TemporaryDirectory(prefix="coachbot-replay-") as folder:
        clock = SimulatedClock(transcript.events[0].at)
        engine = build_engine(config, f"sqlite:///{Path(folder) / 'replay.db'}", clock)
        engine.ensure_workspace(transcript.workspace)
        count = 0

        def emit(actions: list[Action]) -> None:
            nonlocal count
            if actions:
                count += len(actions)
                on_actions(actions)

        for event in transcript.events:
            if until is not None and event.at > until:
                break
            _advance(engine, clock, event.at, emit)
            clock.advance_to(event.at)
            if isinstance(event, CommandIssued):
                engine.command(event)
            else:
                emit(engine.handle(event))
        if until is not None:
            _advance(engine, clock, until, emit, inclusive=True)
        else:
            while (wake := engine.next_wakeup(clock.now(), reminders_only=True)) is not None:
                _advance(engine, clock, wake, emit, inclusive=True)
        engine.ctx.database.dispose()
        return count


def _advance(engine: Engine, clock: SimulatedClock, target: datetime, emit: OnActions, inclusive: bool = False) -> None:
    """Sweep at every wake-up before `target` (and at it, when inclusive)."""
    for _ in range(MAX_WAKEUPS):
        wake = engine.next_wakeup(clock.now())
        if wake is None or wake > target or (wake == target and not inclusive):
            return
        clock.advance_to(wake)
        emit(engine.sweep())
    raise RuntimeError("replay did not settle; a timer keeps falling due")

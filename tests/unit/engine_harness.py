"""A real engine on a throwaway SQLite file and a simulated clock, with helpers to speak to it."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.bootstrap import build_engine
from bot.core.actions import Action
from bot.core.clock import SimulatedClock
from bot.core.events import CommandIssued, MessageEdited, MessagePosted, ReactionChanged
from bot.services.engine import Engine
from bot.settings import parse_config

WORKSPACE = "T0TEST"
CONFIG = """
[workspace]
timezone = "America/Chicago"
business_hours = "Mon-Fri 09:00-17:00"
holidays = ["2026-12-25"]

[defaults]
daily_tip = "off"
{defaults}

[[channels]]
id = "C0SUPPORT"
agents = ["U0AGENT1", "U0AGENT2"]
leads = ["U0LEAD"]
managers = ["U0MGR"]
team_channel = "C0TEAM"
"""


@dataclass
class Harness:
    engine: Engine
    clock: SimulatedClock
    log: list[Action] = field(default_factory=list)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))

    def at(self, iso: str) -> None:
        self.clock.advance_to(datetime.fromisoformat(iso))

    def later(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))

    def post(self, user: str, text: str, thread: str | None = None, ts: str | None = None) -> str:
        ts = ts or f"{1000 + next(self._ts)}.000100"
        self.log += self.engine.handle(MessagePosted(WORKSPACE, "C0SUPPORT", user, ts, text, self.clock.now(), thread_ts=thread))
        return ts

    def edit(self, ts: str, text: str) -> list[Action]:
        actions = self.engine.handle(MessageEdited(WORKSPACE, "C0SUPPORT", ts, text, self.clock.now()))
        self.log += actions
        return actions

    def react(self, user: str, ts: str, name: str, added: bool = True) -> None:
        self.engine.handle(ReactionChanged(WORKSPACE, "C0SUPPORT", user, ts, name, added, self.clock.now()))

    def command(self, user: str, text: str, ts: str | None = None, channel: str = "C0SUPPORT"):
        return self.engine.command(CommandIssued(WORKSPACE, channel, user, text, self.clock.now(), ticket_message_ts=ts))

    def run_until(self, iso: str) -> list[Action]:
        """Advance the clock to `iso`, sweeping at every due moment on the way, like the scheduler does."""
        end = datetime.fromisoformat(iso)
        fired: list[Action] = []
        while (wake := self.engine.next_wakeup(self.clock.now())) is not None and wake <= end:
            self.clock.advance_to(wake)
            fired += self.engine.sweep()
        self.clock.advance_to(end)
        fired += self.engine.sweep()
        self.log += fired
        return fired

    def kinds(self, actions: list[Action] | None = None) -> list[str]:
        return [a.kind.value for a in (self.log if actions is None else actions)]


def make_harness(tmp_path, start: str = "2026-03-03T10:00:00-06:00", defaults: str = "") -> Harness:
    clock = SimulatedClock(datetime.fromisoformat(start))
    config = parse_config(CONFIG.format(defaults=defaults))
    engine = build_engine(config, f"sqlite:///{tmp_path}/coachbot.db", clock)
    engine.ensure_workspace(WORKSPACE)
    return Harness(engine, clock)

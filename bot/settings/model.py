"""Typed settings: what the engine reads, already validated."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import cached_property

from bot.core.calendar import BusinessCalendar
from bot.core.roles import Role

ESCALATION_LEVELS = ("team", "leads", "managers")


@dataclass(frozen=True)
class EscalationStep:
    """One rung of the escalation ladder: an offset from the ticket's opening and who hears about it."""

    after: timedelta
    level: str


@dataclass(frozen=True)
class WorkspaceSettings:
    """Settings that belong to the whole workspace."""

    store_message_text: bool = False
    retention_days: int = 90
    prompts_dir: str | None = None


@dataclass(frozen=True)
class ChannelSettings:
    """Effective settings of one support channel: workspace defaults merged with the channel's own."""

    id: str
    team_channel: str
    agents: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()
    managers: tuple[str, ...] = ()
    timezone: str = "UTC"
    business_hours: str = "Mon-Fri 09:00-17:00"
    holidays: frozenset[date] = frozenset()
    first_response: timedelta = timedelta(minutes=5)
    first_response_urgent: timedelta = timedelta(minutes=2)
    escalation: tuple[EscalationStep, ...] = (
        EscalationStep(timedelta(minutes=15), "team"),
        EscalationStep(timedelta(minutes=30), "leads"),
        EscalationStep(timedelta(minutes=60), "managers"),
    )
    owner_followup: timedelta = timedelta(minutes=30)
    promise_warning: timedelta = timedelta(minutes=15)
    merge_window: timedelta = timedelta(minutes=2)
    stale_after: timedelta = timedelta(days=7)
    implicit_ownership: bool = True
    nudge_cap_per_hour: int = 3
    daily_tip: time | None = time(9, 30)
    watched: bool = True

    @cached_property
    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar.from_settings(self.timezone, self.business_hours, self.holidays)

    @property
    def staff(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.agents + self.leads + self.managers))

    def role_of(self, user: str) -> Role:
        """The highest configured role of a user in this channel; anyone unnamed is a customer."""
        if user in self.managers:
            return Role.MANAGER
        if user in self.leads:
            return Role.LEAD
        if user in self.agents:
            return Role.AGENT
        return Role.CUSTOMER


@dataclass(frozen=True)
class Config:
    """The whole configuration: workspace settings and the watched channels."""

    workspace: WorkspaceSettings = field(default_factory=WorkspaceSettings)
    defaults: ChannelSettings | None = None
    channels: tuple[ChannelSettings, ...] = ()

    def channel(self, channel_id: str) -> ChannelSettings | None:
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        return None

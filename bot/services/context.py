"""What every use case needs, built once by the composition root."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.tickets import DEFAULT_REACTIONS
from bot.settings.loader import apply_overrides
from bot.settings.model import ChannelSettings, Config
from bot.store.database import Database
from bot.store.models import ChannelSetting
from bot.templates import Renderer


def effective_channel_settings(session: Session, config: Config, workspace: str) -> list[ChannelSettings]:
    """Every configured support channel with the settings changed from chat applied (one query)."""
    stored: dict[str, dict[str, Any]] = {}
    for row in session.scalars(select(ChannelSetting).where(ChannelSetting.workspace == workspace)):
        stored.setdefault(row.channel, {})[row.key] = row.value
    return [apply_overrides(c, stored[c.id]) if c.id in stored else c for c in config.channels]


@dataclass
class Context:
    """Configuration, catalogue, templates, clock and database: the engine's whole world."""

    config: Config
    catalogue: Catalogue
    renderer: Renderer
    clock: Clock
    database: Database
    reactions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_REACTIONS))

    def channel_settings(self, session: Session, workspace: str, channel: str) -> ChannelSettings | None:
        """A support channel's effective settings: the file, overridden by settings changed from chat."""
        base = self.config.channel(channel)
        if base is None:
            return None
        stored: dict[str, Any] = {
            row.key: row.value
            for row in session.scalars(
                select(ChannelSetting).where(ChannelSetting.workspace == workspace, ChannelSetting.channel == channel)
            )
        }
        return apply_overrides(base, stored) if stored else base

    def all_channel_settings(self, session: Session, workspace: str) -> list[ChannelSettings]:
        return effective_channel_settings(session, self.config, workspace)

    def team_settings(self, session: Session, workspace: str, team_channel: str) -> list[ChannelSettings]:
        """Settings of every support channel that reports to a team channel."""
        return [c for c in self.all_channel_settings(session, workspace) if c.team_channel == team_channel]

    def teams(self, session: Session, workspace: str) -> dict[str, list[ChannelSettings]]:
        """Team channel -> the support channels reporting to it (effective settings, config order)."""
        grouped: dict[str, list[ChannelSettings]] = {}
        for channel in self.all_channel_settings(session, workspace):
            grouped.setdefault(channel.team_channel, []).append(channel)
        return grouped

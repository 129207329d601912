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

    def team_settings(self, session: Session, workspace: str, team_channel: str) -> list[ChannelSettings]:
        """Settings of every support channel that reports to a team channel."""
        found = (self.channel_settings(session, workspace, c.id) for c in self.config.channels)
        return [c for c in found if c is not None and c.team_channel == team_channel]

"""What every use case needs, built once by the composition root."""
from __future__ import annotations

import threading
import time
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

#: How long one instance may serve settings changed from chat by another instance from memory.
SETTINGS_TTL_SECONDS = 5.0
_CHANGED = "settings_changed"


def stored_overrides(session: Session, workspace: str) -> dict[str, dict[str, Any]]:
    """Settings changed from chat in one workspace, by channel then key (one query)."""
    stored: dict[str, dict[str, Any]] = {}
    for row in session.scalars(select(ChannelSetting).where(ChannelSetting.workspace == workspace)):
        stored.setdefault(row.channel, {})[row.key] = row.value
    return stored


def effective_channel_settings(session: Session, config: Config, workspace: str) -> list[ChannelSettings]:
    """Every configured support channel with the settings changed from chat applied."""
    stored = stored_overrides(session, workspace)
    return [apply_overrides(c, stored[c.id]) if c.id in stored else c for c in config.channels]


class SettingsCache:
    """Effective channel settings per workspace, kept briefly in memory: every message needs them and
    they rarely change. This instance forgets a workspace as soon as its own change commits; changes
    made by another instance show here within `SETTINGS_TTL_SECONDS`."""

    def __init__(self, ttl: float = SETTINGS_TTL_SECONDS) -> None:
        self.ttl = ttl
        self._entries: dict[str, tuple[float, dict[str, ChannelSettings]]] = {}
        self._lock = threading.Lock()

    def peek(self, workspace: str) -> dict[str, ChannelSettings] | None:
        """The workspace's settings if they are fresh in memory, without touching the database."""
        with self._lock:
            entry = self._entries.get(workspace)
        return entry[1] if entry is not None and time.monotonic() - entry[0] < self.ttl else None

    def get(self, session: Session, config: Config, workspace: str) -> dict[str, ChannelSettings]:
        fresh = self.peek(workspace)
        if fresh is not None:
            return fresh
        loaded_at = time.monotonic()
        channels = {c.id: c for c in effective_channel_settings(session, config, workspace)}
        with self._lock:
            self._entries[workspace] = (loaded_at, channels)
        return channels

    def forget(self, workspace: str) -> None:
        with self._lock:
            self._entries.pop(workspace, None)


@dataclass
class Context:
    """Configuration, catalogue, templates, clock and database: the engine's whole world."""

    config: Config
    catalogue: Catalogue
    renderer: Renderer
    clock: Clock
    database: Database
    reactions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_REACTIONS))
    settings_cache: SettingsCache = field(default_factory=SettingsCache)

    def channel_settings(self, session: Session, workspace: str, channel: str) -> ChannelSettings | None:
        """A support channel's effective settings: the file, overridden by settings changed from chat."""
        if self.config.channel(channel) is None:
            return None
        return self.settings_cache.get(session, self.config, workspace).get(channel)

    def all_channel_settings(self, session: Session, workspace: str) -> list[ChannelSettings]:
        return list(self.settings_cache.get(session, self.config, workspace).values())

    def settings_changed(self, session: Session, workspace: str) -> None:
        """Note a change to stored settings; the cache forgets the workspace once the transaction ends."""
        session.info.setdefault(_CHANGED, set()).add(workspace)

    def after_transaction(self, session: Session) -> None:
        for workspace in session.info.pop(_CHANGED, ()):
            self.settings_cache.forget(workspace)

    def team_settings(self, session: Session, workspace: str, team_channel: str) -> list[ChannelSettings]:
        """Settings of every support channel that reports to a team channel."""
        return [c for c in self.all_channel_settings(session, workspace) if c.team_channel == team_channel]

    def teams(self, session: Session, workspace: str) -> dict[str, list[ChannelSettings]]:
        """Team channel -> the support channels reporting to it (effective settings, config order)."""
        grouped: dict[str, list[ChannelSettings]] = {}
        for channel in self.all_channel_settings(session, workspace):
            grouped.setdefault(channel.team_channel, []).append(channel)
        return grouped

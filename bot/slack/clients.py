"""The right Web API client for a workspace: the one bot token, or the token its installation holds."""
from __future__ import annotations

import time

import aiohttp
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.settings import SlackSettings
from bot.slack.translate import installation_of

CACHE_SECONDS = 300


class NotInstalled(LookupError):
    """No installation (any more) for a workspace: its actions cannot be delivered."""


class Clients:
    """Web API clients sharing one pool of kept-alive connections (slack_sdk opens a new connection per
    call when it has no session of its own)."""

    def __init__(self, settings: SlackSettings, installations: AsyncInstallationStore | None) -> None:
        self.settings = settings
        self.installations = installations
        self.default = settings.client()
        self._by_workspace: dict[str, tuple[float, AsyncWebClient]] = {}
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        """Start the shared connection pool (it needs the running event loop)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
            self.default.session = self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
            self.default.session = None
            self._by_workspace.clear()

    async def for_workspace(self, workspace: str) -> AsyncWebClient:
        if self.installations is None:
            return self.default
        cached = self._by_workspace.get(workspace)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        enterprise, team = installation_of(workspace)
        bot = await self.installations.async_find_bot(enterprise_id=enterprise, team_id=team)
        if bot is None:
            raise NotInstalled(workspace)
        client = self.with_token(bot.bot_token)
        self._by_workspace[workspace] = (time.monotonic() + CACHE_SECONDS, client)
        return client

    def with_token(self, token: str) -> AsyncWebClient:
        """A client for one installation's token, on the shared connection pool."""
        client = self.settings.client(token)
        client.session = self._session
        return client

    def forget(self, workspace: str) -> None:
        self._by_workspace.pop(workspace, None)

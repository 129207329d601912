"""Slack credentials and endpoints, read once from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import ConfigError


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str
    signing_secret: str
    api_url: str | None = None
    app_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None

    @property
    def many_workspaces(self) -> bool:
        """Installed by OAuth into any number of workspaces; tokens come from the installation store."""
        return bool(self.client_id and not self.bot_token)

    @property
    def socket_mode(self) -> bool:
        """Development mode: events arrive over a WebSocket the bot opens, so no public URL is needed."""
        return bool(self.app_token)

    @classmethod
    def from_env(cls) -> SlackSettings:
        if os.environ.get("SLACK_CLIENT_ID") and not os.environ.get("SLACK_BOT_TOKEN"):
            missing = [n for n in ("SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET") if not os.environ.get(n)]
            if missing:
                raise ConfigError(f"Slack OAuth needs {' and '.join(missing)} in the environment")
            return cls("", os.environ["SLACK_SIGNING_SECRET"], os.environ.get("SLACK_API_URL"), None,
                       os.environ["SLACK_CLIENT_ID"], os.environ["SLACK_CLIENT_SECRET"])
        app_token = os.environ.get("SLACK_APP_TOKEN") or None
        needed = ["SLACK_BOT_TOKEN"] + ([] if app_token else ["SLACK_SIGNING_SECRET"])
        missing = [name for name in needed if not os.environ.get(name)]
        if missing:
            raise ConfigError(f"Slack needs {' and '.join(missing)} in the environment")
        if app_token and not app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be an app-level token (xapp-...) with connections:write")
        return cls(os.environ["SLACK_BOT_TOKEN"], os.environ.get("SLACK_SIGNING_SECRET", ""),
                   os.environ.get("SLACK_API_URL"), app_token)

    def __post_init__(self) -> None:
        if not (self.bot_token or self.client_id):
            raise ConfigError("Slack needs SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (OAuth install)")

    @staticmethod
    def configured() -> bool:
        return bool(os.environ.get("SLACK_BOT_TOKEN") or os.environ.get("SLACK_CLIENT_ID"))

    def client(self, token: str | None = None) -> AsyncWebClient:
        """A Web API client that retries rate limits, 5xx answers and dropped connections."""
        base = self.api_url.rstrip("/") + "/" if self.api_url else AsyncWebClient.BASE_URL
        return AsyncWebClient(token=token or self.bot_token or None, base_url=base, retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
        ])

    def __repr__(self) -> str:
        return f"SlackSettings(api_url={self.api_url!r}, tokens=<hidden>)"

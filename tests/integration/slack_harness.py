"""Run the real bot on a loopback port against FakeSlack, and sign requests the way Slack does."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.parse
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, AsyncIterator

import aiohttp
from aiohttp import web

from bot.serve import ENGINE, build_application
from bot.services.engine import Engine
from bot.settings import parse_config
from tests.integration.fake_slack import TEAM, FakeSlack

SECRET = "test-signing-secret"
CONFIG = """
[workspace]
timezone = "UTC"
business_hours = "24/7"
[defaults]
first_response = "2s"
escalation = []
daily_tip = "off"
{extra}
[[channels]]
id = "C0SUPPORT"
agents = ["U0AGENT1", "U0AGENT2"]
leads = ["U0LEAD"]
team_channel = "C0TEAM"
"""


def signed_headers(body: str, content_type: str, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature, "Content-Type": content_type}


@dataclass
class Running:
    slack: FakeSlack
    url: str
    session: aiohttp.ClientSession
    engine: Engine
    _events: int = 0
    last_body: bytes = b""

    async def event(self, event: dict[str, Any], event_id: str | None = None, retry: int | None = None,
                    secret: str = SECRET, enterprise: str | None = None) -> aiohttp.ClientResponse:
        self._events += 1
        envelope: dict[str, Any] = {"token": "x", "team_id": TEAM, "api_app_id": "A0APP", "type": "event_callback",
                                    "event_id": event_id or f"Ev{self._events}", "event_time": int(time.time()), "event": event}
        if enterprise:
            envelope |= {"enterprise_id": enterprise, "authorizations": [{"enterprise_id": enterprise, "team_id": None,
                         "user_id": "U0BOT", "is_bot": True, "is_enterprise_install": True}]}
        body = json.dumps(envelope)
        headers = signed_headers(body, "application/json", secret)
        if retry is not None:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        async with self.session.post(f"{self.url}/slack/events", data=body, headers=headers) as response:
            await response.read()
            return response

    async def form(self, fields: dict[str, str]) -> aiohttp.ClientResponse:
        body = urllib.parse.urlencode(fields)
        headers = signed_headers(body, "application/x-www-form-urlencoded")
        async with self.session.post(f"{self.url}/slack/events", data=body, headers=headers) as response:
            self.last_body = await response.read()
            return response

    async def command(self, user: str, text: str, channel: str = "C0SUPPORT") -> aiohttp.ClientResponse:
        return await self.form({"token": "x", "team_id": TEAM, "channel_id": channel, "user_id": user,
                                "command": "/coach", "text": text, "trigger_id": "1.2.3",
                                "response_url": f"{self.slack.url}/respond/{user}"})

    async def button(self, user: str, action_id: str, value: str) -> aiohttp.ClientResponse:
        payload = {"type": "block_actions", "team": {"id": TEAM}, "user": {"id": user}, "api_app_id": "A0APP",
                   "channel": {"id": "C0TEAM"}, "trigger_id": "1.2.3", "response_url": f"{self.slack.url}/respond/{user}",
                   "actions": [{"action_id": action_id, "value": value, "type": "button", "block_id": "b"}]}
        return await self.form({"payload": json.dumps(payload)})

    def message(self, user: str, text: str, ts: str, thread_ts: str | None = None) -> dict[str, Any]:
        event = {"type": "message", "channel": "C0SUPPORT", "user": user, "text": text, "ts": ts, "event_ts": ts}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return event


@asynccontextmanager
async def running_bot(tmp_path, monkeypatch, extra: str = "", channels_without_bot: set[str] | None = None,
                      oauth: bool = False, grid: bool = False) -> AsyncIterator[Running]:
    slack = FakeSlack(channels_without_bot=channels_without_bot or set(), users={"U0CUST": {"id": "U0CUST", "team_id": "T0CUSTOMERORG"},
                             "U0GUEST": {"id": "U0GUEST", "team_id": TEAM, "is_restricted": True},
                             "U0LEAD": {"id": "U0LEAD", "team_id": TEAM, "is_admin": False}})
    slack.grid = grid
    fake_runner = await slack.start()
    if oauth:
        monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
        monkeypatch.setenv("SLACK_CLIENT_ID", "111.222")
        monkeypatch.setenv("SLACK_CLIENT_SECRET", "client-secret")
    else:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", f"{slack.url}/api/")
    monkeypatch.setenv("COACHBOT_SWEEP_SECONDS", "0.3")
    app: web.Application = build_application(parse_config(CONFIG.format(extra=extra)), "slack",
                                             f"sqlite:///{tmp_path}/bot.db")
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        try:
            yield Running(slack, f"http://127.0.0.1:{port}", session, app[ENGINE])
        finally:
            await runner.cleanup()
            await slack.close_sockets()
            await fake_runner.cleanup()


def shortcut_payload(callback_id: str, user: str, message: dict[str, Any], response_url: str) -> dict[str, str]:
    payload = {"type": "message_action", "callback_id": callback_id, "team": {"id": TEAM}, "user": {"id": user},
               "channel": {"id": "C0SUPPORT"}, "message": message, "trigger_id": "1.2.3", "response_url": response_url}
    return {"payload": json.dumps(payload)}


def view_submission(user: str, view: dict[str, Any], values: dict[str, dict[str, Any]]) -> dict[str, str]:
    """A modal the bot opened, submitted by `user` with `values` (block id -> action id -> state)."""
    payload = {"type": "view_submission", "team": {"id": TEAM}, "user": {"id": user}, "api_app_id": "A0APP",
               "view": {**view, "id": "V2", "state": {"values": values}}}
    return {"payload": json.dumps(payload)}


def settings_submission(user: str, channel: str, values: dict[str, dict[str, Any]]) -> dict[str, str]:
    payload = {"type": "view_submission", "team": {"id": TEAM}, "user": {"id": user}, "api_app_id": "A0APP",
               "view": {"id": "V1", "type": "modal", "callback_id": "coach_settings", "private_metadata": channel,
                        "state": {"values": {k: {"value": v} for k, v in values.items()}}}}
    return {"payload": json.dumps(payload)}

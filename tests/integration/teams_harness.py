"""Run the real Teams bot on a loopback port against FakeConnector, posting real Bot Framework activities."""
from __future__ import annotations

import itertools
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, AsyncIterator

import aiohttp
from aiohttp import web
from botbuilder.schema import Activity

from bot.serve import ENGINE, build_application
from bot.services.engine import Engine
from bot.settings import parse_config
from tests.integration.fake_connector import FakeConnector

TENANT = "tenant-1"
SUPPORT = "19:support@thread.tacv2"
TEAM = "19:team@thread.tacv2"
BOT = "28:coachbot"
#: Azure AD object id -> (Teams id, name) of everyone in the tests.
PEOPLE = {"aad-agent1": ("29:agent1", "Ana Agent"), "aad-agent2": ("29:agent2", "Ben Agent"),
          "aad-lead": ("29:lead", "Lea Lead"), "aad-cust": ("29:cust", "Cy Customer")}
CONFIG = """
[workspace]
timezone = "UTC"
business_hours = "24/7"
[defaults]
first_response = "{first_response}"
escalation = []
daily_tip = "off"
[[channels]]
id = "19:support@thread.tacv2"
agents = ["aad-agent1", "aad-agent2"]
leads = ["aad-lead"]
team_channel = "19:team@thread.tacv2"
"""


@dataclass
class RunningTeams:
    connector: FakeConnector
    url: str
    session: aiohttp.ClientSession
    engine: Engine
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def next_id(self) -> str:
        return str(int(time.time() * 1000) + next(self._ids))

    def activity(self, aad: str, text: str, *, conversation: str, kind: str = "channel", channel: str | None = SUPPORT,
                 activity_id: str | None = None, mention_bot: bool = False, value: dict[str, Any] | None = None,
                 activity_type: str = "message", **extra: Any) -> dict[str, Any]:
        teams_id, name = PEOPLE[aad]
        body: dict[str, Any] = {
            "type": activity_type, "id": activity_id or self.next_id(), "timestamp": datetime.now(timezone.utc).isoformat(),
            "serviceUrl": self.connector.url, "channelId": "msteams",
            "from": {"id": teams_id, "name": name, "aadObjectId": aad},
            "conversation": {"id": conversation, "conversationType": kind, "tenantId": TENANT,
                             "isGroup": kind != "personal"},
            "recipient": {"id": BOT, "name": "Coach"}, "text": text, "textFormat": "plain",
            "channelData": {"tenant": {"id": TENANT}}, **extra}
        if channel:
            body["channelData"] |= {"channel": {"id": channel, "name": "support"}, "team": {"id": "19:teamroot"}}
        if mention_bot:
            body["text"] = f"<at>Coach</at> {text}"
            body["entities"] = [{"type": "mention", "text": "<at>Coach</at>", "mentioned": {"id": BOT, "name": "Coach"}}]
        if value is not None:
            body["value"] = value
        Activity().deserialize(body)  # the shape botbuilder itself reads
        return body

    def channel_post(self, aad: str, text: str, channel: str = SUPPORT, **extra: Any) -> dict[str, Any]:
        """A new post in a channel: its conversation id names itself as the root."""
        activity_id = extra.pop("activity_id", None) or self.next_id()
        return self.activity(aad, text, conversation=f"{channel};messageid={activity_id}", channel=channel,
                             activity_id=activity_id, **extra)

    def reply(self, aad: str, text: str, root: str, channel: str = SUPPORT, **extra: Any) -> dict[str, Any]:
        return self.activity(aad, text, conversation=f"{channel};messageid={root}", channel=channel,
                             replyToId=root, **extra)

    def personal(self, aad: str, text: str, **extra: Any) -> dict[str, Any]:
        return self.activity(aad, text, conversation=f"a:chat-{PEOPLE[aad][0]}", kind="personal", channel=None, **extra)

    async def send(self, activity: dict[str, Any] | str, headers: dict[str, str] | None = None,
                   content_type: str = "application/json") -> tuple[int, str]:
        import json
        data = activity if isinstance(activity, str) else json.dumps(activity)
        async with self.session.post(f"{self.url}/api/messages", data=data,
                                     headers={"Content-Type": content_type, **(headers or {})}) as response:
            return response.status, await response.text()


@asynccontextmanager
async def running_teams(tmp_path, monkeypatch, first_response: str = "2s", app_id: str | None = None,
                        env: dict[str, str] | None = None) -> AsyncIterator[RunningTeams]:
    connector = FakeConnector(members=dict(PEOPLE))
    connector_runner = await connector.start()
    for name in ("MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId", "MicrosoftAppType"):
        monkeypatch.delenv(name, raising=False)
    if app_id:
        monkeypatch.setenv("MicrosoftAppId", app_id)
        monkeypatch.setenv("MicrosoftAppPassword", "not-a-real-secret")
        monkeypatch.setenv("MicrosoftAppTenantId", TENANT)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("COACHBOT_SWEEP_SECONDS", "0.3")
    app: web.Application = build_application(parse_config(CONFIG.format(first_response=first_response)), "teams",
                                             f"sqlite:///{tmp_path}/bot.db", host="127.0.0.1")
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    async with aiohttp.ClientSession() as session:
        try:
            yield RunningTeams(connector, f"http://127.0.0.1:{port}", session, app[ENGINE])
        finally:
            await runner.cleanup()
            await connector_runner.cleanup()

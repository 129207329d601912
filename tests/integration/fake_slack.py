"""A stand-in for Slack's cloud on 127.0.0.1: answers the Web API methods the bot calls, records every
call, and receives `response_url` posts. Only the network edge is fake; Bolt and slack_sdk run for real."""
from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TEAM = "T0TEST"


@dataclass
class FakeSlack:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    not_in_channel: set[str] = field(default_factory=set)
    channels_without_bot: set[str] = field(default_factory=set)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    grid: bool = False
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    port: int = 0
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def called(self, method: str, **match: Any) -> list[dict[str, Any]]:
        return [p for m, p in self.calls if m == method and all(p.get(k) == v for k, v in match.items())]

    async def wait_for(self, method: str, timeout: float = 8.0, count: int = 1, **match: Any) -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            found = self.called(method, **match)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.05)
        raise AssertionError(f"no {method} call matching {match} within {timeout}s; calls: {[m for m, _ in self.calls]}")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST":
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        params["_auth"] = request.headers.get("Authorization", "")
        self.calls.append((method, params))
        return web.json_response(self._answer(method, params))

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": "U0BOT", "bot_id": "B0BOT", "team_id": TEAM, "team": "Test", "url": "https://test.slack.com/"}
        if method == "oauth.v2.access":
            where = ({"team": None, "enterprise": {"id": "E0ORG", "name": "Org"}, "is_enterprise_install": True}
                     if self.grid else {"team": {"id": TEAM, "name": "Test"}, "enterprise": None, "is_enterprise_install": False})
            return {"ok": True, "app_id": "A0APP", "access_token": "xoxb-installed-token", "token_type": "bot",
                    "scope": "chat:write,commands", "bot_user_id": "U0BOT", "authed_user": {"id": "U0LEAD"}, **where}
        if method == "users.info":
            user = self.users.get(str(params.get("user")), {"id": params.get("user"), "team_id": TEAM})
            return {"ok": True, "user": user}
        if method == "chat.postEphemeral":
            if params.get("user") in self.not_in_channel:
                return {"ok": False, "error": "user_not_in_channel"}
            return {"ok": True, "message_ts": f"{next(self._ts)}.0"}
        if method == "chat.postMessage":
            if params.get("channel") in self.channels_without_bot:
                return {"ok": False, "error": "not_in_channel"}
            return {"ok": True, "channel": params.get("channel"), "ts": f"{next(self._ts)}.0"}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "conversations.info":
            channel = str(params.get("channel"))
            if channel.startswith("C0GONE"):
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": {"id": channel, "is_member": channel not in self.channels_without_bot}}
        if method == "chat.getPermalink":
            return {"ok": True, "permalink": f"https://test.slack.com/archives/{params.get('channel')}/p{params.get('message_ts')}"}
        return {"ok": True}

    async def close_sockets(self) -> None:
        for socket in self._sockets:
            await socket.close()

    async def _respond(self, request: web.Request) -> web.Response:
        self.calls.append(("response_url", json.loads(await request.text())))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: say hello, then relay envelopes pushed by the test and record the bot's acks."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1, "debug_info": {"approximate_connection_time": 3600}})
        async for message in socket:
            if message.type == web.WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
        return socket

    async def push(self, envelope: dict[str, Any], timeout: float = 8.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._sockets and loop.time() < deadline:
            await asyncio.sleep(0.05)
        await self._sockets[-1].send_json(envelope)

    async def _count(self, request: web.Request) -> web.Response:
        """How many calls of one method arrived: for checks run from another process."""
        return web.json_response({"count": len(self.called(request.match_info["method"]))})

    async def start(self, port: int = 0) -> web.AppRunner:
        app = web.Application()
        app.router.add_get("/_calls/{method}", self._count)
        app.router.add_get("/socket", self._socket)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{id}", self._respond)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return runner

"""A stand-in for the Bot Connector service on 127.0.0.1: records the conversations the bot opens and the
activities it sends, replies to or updates. Only the network edge is fake; botbuilder runs for real."""
from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Call:
    verb: str  # "create", "send", "reply" or "update"
    conversation: str
    activity: dict[str, Any]
    authorization: str = ""

    @property
    def card(self) -> dict[str, Any]:
        attachments = self.activity.get("attachments") or [{}]
        return attachments[0].get("content") or {}

    @property
    def text(self) -> str:
        return " ".join(b.get("text", "") for b in self.card.get("body", []) if b.get("type") == "TextBlock")


@dataclass
class FakeConnector:
    calls: list[Call] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)  # Teams ids whose 1:1 chat cannot be opened
    members: dict[str, tuple[str, str]] = field(default_factory=dict)  # AAD id -> (Teams id, name)
    failures: list[int] = field(default_factory=list)  # statuses to answer the next sends with
    port: int = 0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def sent(self, verb: str | None = None, conversation: str | None = None) -> list[Call]:
        return [c for c in self.calls if (verb is None or c.verb == verb)
                and (conversation is None or c.conversation.startswith(conversation))]

    def posts(self, conversation: str) -> list[Call]:
        """Messages sent, replied or updated in a conversation (member lookups are not messages)."""
        return [c for c in self.sent(conversation=conversation) if c.verb in ("send", "reply", "update")]

    async def wait_for(self, verb: str, conversation: str | None = None, count: int = 1,
                       timeout: float = 8.0) -> list[Call]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            found = self.sent(verb, conversation)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.05)
        raise AssertionError(f"no {verb} to {conversation} within {timeout}s; calls: "
                             f"{[(c.verb, c.conversation) for c in self.calls]}")

    def _fail(self) -> web.Response | None:
        if self.failures:
            status = self.failures.pop(0)
            return web.json_response({"error": {"code": "Throttled", "message": "slow down"}}, status=status,
                                     headers={"Retry-After": "0"})
        return None

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        member = (body.get("members") or [{}])[0].get("id", "")
        self.calls.append(Call("create", member, body, request.headers.get("Authorization", "")))
        if member in self.blocked:
            return web.json_response({"error": {"code": "Forbidden", "message": "blocked"}}, status=403)
        return web.json_response({"id": f"a:chat-{member}"})

    async def _activity(self, request: web.Request) -> web.Response:
        failed = self._fail()
        if failed is not None:
            return failed
        body = json.loads(await request.text() or "{}")
        conversation = request.match_info["conversation"]
        replying_to = request.match_info.get("activity")
        verb = "update" if request.method == "PUT" else "reply" if replying_to else "send"
        self.calls.append(Call(verb, conversation, body, request.headers.get("Authorization", "")))
        return web.json_response({"id": replying_to if verb == "update" else f"{1700000000000 + next(self._ids)}"})

    async def _member(self, request: web.Request) -> web.Response:
        self.calls.append(Call("member", request.match_info["conversation"], {"member": request.match_info["member"]}))
        known = self.members.get(request.match_info["member"])
        if known is None:
            return web.json_response({"error": {"code": "MemberNotFoundInConversation", "message": "no"}}, status=404)
        teams_id, name = known
        return web.json_response({"id": teams_id, "name": name, "aadObjectId": request.match_info["member"],
                                  "userRole": "user", "tenantId": "tenant-1"})

    async def start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._activity)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._activity)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return runner

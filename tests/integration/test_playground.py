"""The playground over real HTTP: the same engine as Slack and Teams behind a page and a small JSON API."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.serve import build_application
from bot.settings import load_config

CONFIG = Path(__file__).resolve().parents[2] / "bot" / "playground" / "playground.toml"


class Client:
    """The page's side of the JSON API: GET without a body, POST with one; anything but a 200 fails the test."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session, self.url = session, url

    async def __call__(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        method = self.session.get if body is None else self.session.post
        async with method(f"{self.url}/api/{path}", **({} if body is None else {"json": body})) as response:
            assert response.status == 200, await response.text()
            return dict(await response.json())


@asynccontextmanager
async def playground(tmp_path: Path) -> AsyncIterator[Client]:
    app = build_application(load_config(CONFIG), "playground", f"sqlite:///{tmp_path}/pg.db")
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as session:
            yield Client(session, f"http://127.0.0.1:{port}")
    finally:
        await runner.cleanup()


def test_a_flat_refusal_is_coached_privately_and_fast_forward_shows_the_reminder(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with playground(tmp_path) as call:
            async with call.session.get(call.url) as page:
                assert page.status == 200 and "coachbot playground" in await page.text()
            first = (await call("post", {"person": "cy", "text": "Can I get a refund on my annual plan?"}))["id"]
            await call("post", {"person": "ana", "text": "We don't offer refunds, sorry.", "thread": first})
            await asyncio.sleep(0.5)
            ana = await call("state?person=ana")
            assert [p["kind"] for p in ana["private"]] == ["nudge"] and "options" in ana["private"][0]["text"].lower()
            assert (await call("state?person=cy"))["private"] == []  # the customer's pane shows no coaching
            await call("post", {"person": "dee", "text": "The dashboard will not load for our team"})
            await call("clock", {"minutes": 10})
            team = (await call("state?person=lea"))["team"]
            assert any("#2" in p["text"] for p in team) and not any("#1" in p["text"] for p in team)
            reminder = next(p for p in team if "#2" in p["text"])
            await call("button", {"person": "ben", "action": "take", "value": reminder["buttons"][0]["value"]})
            await asyncio.sleep(0.3)
            assert "ben" in next(p for p in (await call("state"))["team"] if p["id"] == reminder["id"])["text"]
            coached = (await call("practice", {"scenario": "cannot", "text": "No, we cannot do that."}))["coaching"]
            assert "Create options" in coached and "A better version" in coached
            assert "No, we cannot do that. What I can do instead is show you how to turn on the high-contrast" in coached
            upset = (await call("practice", {"scenario": "upset", "text": "We'll send a new one."}))["coaching"]
            assert "complaint is a gift" in upset.lower() and "> I'm sorry" in upset
            async with call.session.post(f"{call.url}/api/post", json={"person": "mallory", "text": "hi"}) as bad:
                assert bad.status == 400 and "unknown person" in (await bad.json())["error"]
    asyncio.run(scenario())


def test_an_hour_fast_forward_fires_each_step_at_its_own_time_and_in_order(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with playground(tmp_path) as call:
            await call("post", {"person": "cy", "text": "Our exports have failed since this morning"})
            start = datetime.fromisoformat((await call("state"))["now"])
            await call("clock", {"minutes": 60})
            team = [p for p in (await call("state?person=lea"))["team"] if p["kind"] != "tip"]
            minutes = [round((datetime.fromisoformat(p["at"]) - start).total_seconds() / 60) for p in team]
            assert minutes == [5, 15, 30, 60], minutes  # first response, team, leads, managers
            assert not any("offline" in p["text"] for p in team), "a fast-forward is not downtime"
            assert "<@lea> Escalation to leads" in team[2]["text"] and "<@max>" in team[3]["text"]
            lea = (await call("state?person=lea"))["private"]
            assert [p["kind"] for p in lea] == ["escalation"] and "#1" in lea[0]["text"]
    asyncio.run(scenario())

"""The playground adapter: a JSON API and a page standing in for a chat platform. Same engine, store,
intake, outbox and scheduler as Slack and Teams; only the edge differs."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from aiohttp import web

from bot.core.clock import ShiftedClock
from bot.core.events import CommandIssued, MessagePosted, ReactionChanged
from bot.intake import Intake
from bot.outbound import Rounds
from bot.playground.delivery import PlaygroundDelivery, pane
from bot.playground.feed import Feed, Post
from bot.services.engine import Engine

WORKSPACE = "playground"
STATIC = Path(__file__).with_name("static")
CONFIG = Path(__file__).with_name("playground.toml")
#: Who can be played, with their part (staff from the configuration; the rest are customers).
CUSTOMERS = ("cy", "dee")
#: Card buttons and the command each one runs (feedback buttons are handled apart).
BUTTON_COMMANDS = {"take": "own #{}", "snooze": "snooze #{} 30m", "resolve": "resolve #{}", "mute": "mute {}"}
#: Due moments a single fast-forward stops at (a week of a busy channel's timers).
MAX_STEPS = 2000
REACTIONS = {"eyes", "raised_hand", "white_check_mark"}


class Scenario(NamedTuple):
    """A practice scenario: its title, what the customer writes, and what the product could offer instead of no."""

    title: str
    customer: str
    option: str | None = None


class BadRequest(ValueError):
    """The page sent something the API cannot use: answered with a 400 and the reason."""


class PlaygroundBot:
    def __init__(self, engine: Engine) -> None:
        if not isinstance(engine.ctx.clock, ShiftedClock):
            raise TypeError("the playground needs a ShiftedClock to fast-forward")
        self.engine = engine
        self.clock: ShiftedClock = engine.ctx.clock
        self.feed = Feed()
        self.delivery = PlaygroundDelivery(engine, self.feed)
        self.rounds = Rounds(self.delivery)
        self.intake = Intake(engine, self.rounds.soon)
        self.support = engine.ctx.config.channels[0]
        self.scenarios = {key: Scenario(*(part.strip() for part in value.split("|", 2)))
                          for key, value in engine.ctx.renderer.captions("practice_scenarios.j2").items()}

    # -- lifecycle (what `coachbot run` calls) --------------------------------------------------------

    def mount(self, app: web.Application) -> None:
        app.router.add_get("/", self.page)
        app.router.add_static("/static/", STATIC)
        for path, handler in (("state", self.state), ("post", self.post), ("react", self.react),
                              ("command", self.command), ("button", self.button), ("clock", self.advance),
                              ("practice", self.practice)):
            app.router.add_route("GET" if path == "state" else "POST", f"/api/{path}", self._guarded(handler))
        app.router.add_get("/api/scenarios", self._guarded(self.list_scenarios))

    async def start(self) -> None:
        await asyncio.to_thread(self.engine.ensure_workspace, WORKSPACE)

    async def close(self) -> None:
        await self.intake.close()
        await self.rounds.finish()

    async def deliver_now(self) -> None:
        await self.rounds.now()

    # -- the API ---------------------------------------------------------------------------------------

    def _guarded(self, handler: Any) -> Any:
        async def run(request: web.Request) -> web.StreamResponse:
            try:
                body = await request.json() if request.method == "POST" else dict(request.query)
                if not isinstance(body, dict):
                    raise BadRequest("expected a JSON object")
                return web.json_response(await handler(body))
            except (BadRequest, ValueError) as error:
                return web.json_response({"error": str(error)}, status=400)
        return run

    def people(self) -> dict[str, str]:
        roles = {p: "agent" for p in self.support.agents} | {p: "lead" for p in self.support.leads} | {
            p: "manager" for p in self.support.managers}
        return roles | {p: "customer" for p in CUSTOMERS}

    def _person(self, body: dict[str, Any]) -> str:
        person = str(body.get("person", ""))
        if person not in self.people():
            raise BadRequest(f"unknown person {person!r}")
        return person

    def _text(self, body: dict[str, Any]) -> str:
        text = str(body.get("text", "")).strip()
        if not text or len(text) > 4000:
            raise BadRequest("text must be 1 to 4000 characters")
        return text

    async def page(self, _request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html")

    async def state(self, body: dict[str, Any]) -> dict[str, Any]:
        person = self._person(body) if body.get("person") else "ana"
        now = self.clock.now()
        wake = await asyncio.to_thread(self.engine.next_wakeup, now)
        settings = await asyncio.to_thread(self.engine.settings_of, WORKSPACE, self.support.id)
        team = self.feed.view("team")
        tip = next((p["text"] for p in reversed(team) if p["kind"] == "tip" and p["at"][:10] == now.date().isoformat()), None)
        return {"now": now.isoformat(), "next": wake.isoformat() if wake else None, "people": self.people(),
                "support": self.feed.view(self.support.id), "team": team,
                "private": self.feed.view(pane(person, {self.support.id})), "tip": tip,
                "tip_at": settings.daily_tip.strftime("%H:%M") if settings and settings.daily_tip else None}

    async def post(self, body: dict[str, Any]) -> dict[str, Any]:
        person, text = self._person(body), self._text(body)
        thread = str(body["thread"]) if body.get("thread") else None
        if thread and self.feed.find(self.support.id, thread) is None:
            raise BadRequest("no such thread")
        now = self.clock.now()
        post = self.feed.add(self.support.id, Post(self.feed.next_ts(now), now, person, text, thread=thread))
        await self.intake.submit(MessagePosted(WORKSPACE, self.support.id, person, post.id, text, now, thread_ts=thread))
        return {"id": post.id}

    async def react(self, body: dict[str, Any]) -> dict[str, Any]:
        person, reaction = self._person(body), str(body.get("reaction", ""))
        target = self.feed.find(self.support.id, str(body.get("id", "")))
        if target is None or reaction not in REACTIONS:
            raise BadRequest("react with eyes, raised_hand or white_check_mark to a message in the channel")
        target.reactions.append(reaction)
        await self.intake.submit(ReactionChanged(WORKSPACE, self.support.id, person, target.id, reaction, True,
                                                 self.clock.now()))
        return {"ok": True}

    async def command(self, body: dict[str, Any]) -> dict[str, Any]:
        person = self._person(body)
        text = str(body.get("text", "")).strip().removeprefix("/coach").strip()
        reply = await asyncio.to_thread(self.engine.command, CommandIssued(
            WORKSPACE, self.support.id, person, text, self.clock.now(), ticket_message_ts=body.get("id") or None))
        shown = reply.text or self.engine.ctx.renderer.render("playground_no_settings.j2")
        now = self.clock.now()
        self.feed.add(f"private:{person}", Post(self.feed.next_ts(now), now, "coachbot", shown, kind="reply"))
        self.rounds.soon()
        return {"ok": reply.ok}

    async def button(self, body: dict[str, Any]) -> dict[str, Any]:
        person, action, value = self._person(body), str(body.get("action", "")), str(body.get("value", ""))
        if action in ("helpful", "unhelpful") and value.isdigit():
            helpful = action == "helpful"
            await asyncio.to_thread(self.engine.feedback, WORKSPACE, int(value), person, helpful)
            now = self.clock.now()
            text = self.engine.ctx.renderer.render("feedback_thanks.j2", helpful=helpful)
            self.feed.add(f"private:{person}", Post(self.feed.next_ts(now), now, "coachbot", text, kind="reply"))
            return {"ok": True}
        if action not in BUTTON_COMMANDS:
            raise BadRequest(f"unknown button {action!r}")
        return await self.command({"person": person, "text": BUTTON_COMMANDS[action].format(value)})

    async def advance(self, body: dict[str, Any]) -> dict[str, Any]:
        """Fast-forward by `minutes`, or to the next moment something is due (`next`), then sweep and deliver."""
        if body.get("next"):
            target = await asyncio.to_thread(self.engine.next_wakeup, self.clock.now())
        else:
            minutes = float(body.get("minutes", 0))
            if not 0 < minutes <= 7 * 24 * 60:
                raise BadRequest("minutes must be between 0 and a week")
            target = self.clock.now() + timedelta(minutes=minutes)
        if target is not None:
            await self._step_to(target)
        return {"now": self.clock.now().isoformat()}

    async def _step_to(self, target: datetime) -> None:
        """Stop at every due moment on the way, so each reminder fires at its own time (not late) and in order."""
        last: datetime | None = None
        for _ in range(MAX_STEPS):
            wake = await asyncio.to_thread(self.engine.next_wakeup, self.clock.now())
            if wake is None or wake > target or (last is not None and wake <= last):
                break
            last = wake
            self.clock.advance_to(wake)
            await asyncio.to_thread(self.engine.sweep)
            await self.rounds.now()
        self.clock.advance_to(target)
        await asyncio.to_thread(self.engine.sweep)
        await self.rounds.now()

    async def list_scenarios(self, _body: dict[str, Any]) -> dict[str, Any]:
        return {"scenarios": [{"key": key, "title": s.title, "customer": s.customer} for key, s in self.scenarios.items()]}

    async def practice(self, body: dict[str, Any]) -> dict[str, Any]:
        """The coaching the bot would give this reply to the scenario's customer, with a better version; nothing stored."""
        scenario = self.scenarios.get(str(body.get("scenario")))
        if scenario is None:
            raise BadRequest("unknown scenario")
        review = await asyncio.to_thread(self.engine.review, WORKSPACE, self.support.id, self._text(body),
                                         customer=scenario.customer, option=scenario.option)
        return {"coaching": review}

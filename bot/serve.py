"""`coachbot run`: the engine, the platform adapters and the scheduler on one aiohttp server."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
from collections.abc import AsyncIterator
from typing import Protocol

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import metrics
from bot.bootstrap import build_engine
from bot.core.clock import Clock, ShiftedClock
from bot.services.engine import Engine
from bot.settings import Config, ConfigError
from bot.store.leader import Leadership
from bot.web import build_web_app

log = logging.getLogger(__name__)
ENGINE = web.AppKey("engine", Engine)


def sweep_seconds() -> float:
    """How often due timers are swept (COACHBOT_SWEEP_SECONDS, default 5)."""
    try:
        return max(0.2, float(os.environ.get("COACHBOT_SWEEP_SECONDS", "5")))
    except ValueError:
        raise ConfigError("COACHBOT_SWEEP_SECONDS must be a number of seconds") from None


class Platform(Protocol):
    """What `coachbot run` needs from a chat adapter."""

    def mount(self, app: web.Application) -> None: ...
    async def start(self) -> None: ...
    async def close(self) -> None: ...
    async def deliver_now(self) -> None: ...


def platform_adapter(engine: Engine, platform: str, host: str, allow_anonymous: bool) -> Platform:
    """The adapter for one platform; its imports stay here so one platform's SDK never loads for another."""
    if platform == "slack":
        from bot.slack.app import SlackBot
        from bot.slack.settings import SlackSettings
        return SlackBot(engine, SlackSettings.from_env())
    if platform == "playground":
        from bot.playground.app import PlaygroundBot
        return PlaygroundBot(engine)
    if platform == "teams":
        from bot.teams.app import TeamsBot
        from bot.teams.settings import TeamsSettings
        return TeamsBot(engine, TeamsSettings.from_env(host, allow_anonymous))
    raise ConfigError(f"unknown platform {platform!r}; choose slack, teams or playground")


ROLES = ("all", "web", "scheduler")


def build_application(config: Config, platform: str, database_url: str | None = None,
                      clock: Clock | None = None, host: str = "127.0.0.1",
                      allow_anonymous: bool = False, role: str = "all") -> web.Application:
    """The whole bot as an aiohttp application (tests run it on a loopback port). `role` splits it for
    larger deployments: `web` answers the chat platform, `scheduler` runs the calendar side (under a
    leader lock on PostgreSQL), `all` does both. Every role delivers what is waiting in the outbox."""
    if role not in ROLES:
        raise ConfigError(f"--role must be one of {', '.join(ROLES)}")
    if platform == "playground" and clock is None:
        clock = ShiftedClock()  # so the page can fast-forward to the next reminder
    engine = build_engine(config, database_url, clock)
    adapter = platform_adapter(engine, platform, host, allow_anonymous)
    leadership = Leadership(engine.ctx.database)
    app = build_web_app([adapter.mount] if role != "scheduler" else [], engine.ctx.database.readiness)
    app[ENGINE] = engine

    async def tick() -> None:
        if role != "web" and await asyncio.to_thread(leadership.lead):
            metrics.TIMERS_DUE.set(await asyncio.to_thread(engine.due_count))
            metrics.fired(await asyncio.to_thread(engine.sweep))
        await adapter.deliver_now()

    async def purge() -> None:
        if await asyncio.to_thread(leadership.lead):
            await asyncio.to_thread(engine.purge)

    async def lifecycle(_app: web.Application) -> AsyncIterator[None]:
        jobs = AsyncIOScheduler()
        jobs.add_job(tick, "interval", seconds=sweep_seconds(), max_instances=1, coalesce=True, id="sweep")
        if role != "web":
            jobs.add_job(purge, "interval", hours=24, max_instances=1, coalesce=True, id="purge")
        jobs.start()
        await adapter.start()
        yield
        jobs.shutdown(wait=False)
        await adapter.close()
        await asyncio.to_thread(leadership.release)
        engine.ctx.database.dispose()

    app.cleanup_ctx.append(lifecycle)
    return app


def run(config: Config, platform: str, host: str, port: int, allow_anonymous: bool = False,
        role: str = "all") -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with contextlib.ExitStack() as scratch:
        database_url = None
        if platform == "playground" and not os.environ.get("COACHBOT_DATABASE_URL"):
            # The page's panes and fast-forwarded clock live in memory, so the store starts fresh with them.
            folder = scratch.enter_context(tempfile.TemporaryDirectory(prefix="coachbot-playground-"))
            database_url = f"sqlite:///{folder}/playground.db"
        app = build_application(config, platform, database_url, host=host, allow_anonymous=allow_anonymous, role=role)
        log.info("coachbot (%s, role %s) listening on %s:%s", platform, role, host, port)
        if platform == "playground":
            print(f"coachbot playground: open http://{host}:{port}/ in a browser (Ctrl+C stops it; "
                  "each run starts fresh)", flush=True)
        web.run_app(app, host=host, port=port, print=None)

"""`coachbot run`: the engine, the platform adapters and the scheduler on one aiohttp server."""
from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.bootstrap import build_engine
from bot.core.clock import Clock
from bot.services.engine import Engine
from bot.settings import Config, ConfigError
from bot.web import Mount, build_web_app

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
    if platform == "teams":
        from bot.teams.app import TeamsBot
        from bot.teams.settings import TeamsSettings
        return TeamsBot(engine, TeamsSettings.from_env(host, allow_anonymous))
    raise ConfigError(f"unknown platform {platform!r}; choose slack or teams")


def build_application(config: Config, platform: str, database_url: str | None = None,
                      clock: Clock | None = None, host: str = "127.0.0.1",
                      allow_anonymous: bool = False) -> web.Application:
    """The whole bot as an aiohttp application (tests run it on a loopback port)."""
    engine = build_engine(config, database_url, clock)
    adapter = platform_adapter(engine, platform, host, allow_anonymous)
    mounts: list[Mount] = [adapter.mount]
    deliver = adapter.deliver_now
    starts: list[Callable[[], Awaitable[None]]] = [adapter.start]
    closes: list[Callable[[], Awaitable[None]]] = [adapter.close]
    app = build_web_app(mounts)
    app[ENGINE] = engine

    async def tick() -> None:
        await asyncio.to_thread(engine.sweep)
        await deliver()

    async def scheduler(_app: web.Application) -> AsyncIterator[None]:
        jobs = AsyncIOScheduler()
        jobs.add_job(tick, "interval", seconds=sweep_seconds(), max_instances=1, coalesce=True, id="sweep")
        jobs.add_job(engine.purge, "interval", hours=24, max_instances=1, coalesce=True, id="purge")
        jobs.start()
        for start in starts:
            await start()
        yield
        jobs.shutdown(wait=False)
        for close in closes:
            await close()
        engine.ctx.database.dispose()

    app.cleanup_ctx.append(scheduler)
    return app


def run(config: Config, platform: str, host: str, port: int, allow_anonymous: bool = False) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = build_application(config, platform, host=host, allow_anonymous=allow_anonymous)
    log.info("coachbot (%s) listening on %s:%s", platform, host, port)
    web.run_app(app, host=host, port=port, print=None)

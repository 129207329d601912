"""One aiohttp server for every endpoint: health, readiness and metrics here; each platform adapter
mounts its own routes."""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from aiohttp import web

from bot import metrics

Mount = Callable[[web.Application], None]
Readiness = Callable[[], tuple[bool, str]]


async def health(_request: web.Request) -> web.Response:
    """Alive: the process answers (a restart is the cure when it does not)."""
    return web.json_response({"ok": True})


async def exposition(_request: web.Request) -> web.Response:
    body, content_type = metrics.exposition()
    return web.Response(body=body, headers={"Content-Type": content_type})


def build_web_app(mounts: Iterable[Mount] = (), readiness: Readiness | None = None) -> web.Application:
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app.router.add_get("/healthz", health)
    app.router.add_get("/metrics", exposition)
    if readiness is not None:
        check = readiness

        async def ready(_request: web.Request) -> web.Response:
            """Ready for traffic: the database answers and its schema is current."""
            ok, detail = await asyncio.to_thread(check)
            return web.json_response({"ok": ok, "detail": detail}, status=200 if ok else 503)
        app.router.add_get("/readyz", ready)
    for mount in mounts:
        mount(app)
    return app

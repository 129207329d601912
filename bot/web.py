"""One aiohttp server for every endpoint: health here; each platform adapter mounts its own routes."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from aiohttp import web

Mount = Callable[[web.Application], None]


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def build_web_app(mounts: Iterable[Mount] = ()) -> web.Application:
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app.router.add_get("/healthz", health)
    for mount in mounts:
        mount(app)
    return app

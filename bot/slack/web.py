"""Slack's single HTTP endpoint on the shared aiohttp server."""
from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

SLACK_APP = web.AppKey("slack_app", AsyncApp)


async def slack_events(request: web.Request) -> web.Response:
    """Events API, interactivity, slash commands and shortcuts all arrive here; Bolt verifies signatures."""
    bolt_response = await request.app[SLACK_APP].async_dispatch(await to_bolt_request(request))
    return await to_aiohttp_response(bolt_response)


def mount(slack: AsyncApp) -> Callable[[web.Application], None]:
    def add_routes(app: web.Application) -> None:
        app[SLACK_APP] = slack
        app.router.add_post("/slack/events", slack_events)
    return add_routes

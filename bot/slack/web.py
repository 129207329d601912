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


async def slack_oauth(request: web.Request) -> web.Response:
    """The install page and the OAuth redirect, when the app is installed into many workspaces."""
    flow = request.app[SLACK_APP].oauth_flow
    bolt_request = await to_bolt_request(request)
    if flow is not None and request.path == flow.install_path:
        return await to_aiohttp_response(await flow.handle_installation(bolt_request))
    if flow is not None and request.path == flow.redirect_uri_path:
        return await to_aiohttp_response(await flow.handle_callback(bolt_request))
    raise web.HTTPNotFound()


def mount(slack: AsyncApp) -> Callable[[web.Application], None]:
    def add_routes(app: web.Application) -> None:
        app[SLACK_APP] = slack
        app.router.add_post("/slack/events", slack_events)
        if slack.oauth_flow is not None:
            app.router.add_get(slack.oauth_flow.install_path, slack_oauth)
            app.router.add_get(slack.oauth_flow.redirect_uri_path, slack_oauth)
    return add_routes

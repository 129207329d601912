"""The Bolt app: each listener acks, translates the payload, hands it to the engine, and schedules delivery."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.events import Event
from bot.core.roles import Role
from bot.intake import Intake
from bot.outbound import Rounds
from bot.services.engine import Engine
from bot.slack import blocks, channel_checks, interactions, settings_modal, translate
from bot.slack import web as web_routes
from bot.slack.clients import Clients
from bot.slack.delivery import SlackDelivery
from bot.slack.installations import StoredInstallations, StoredOAuthStates
from bot.slack.people import People
from bot.slack.settings import SlackSettings

log = logging.getLogger(__name__)
#: Bot scopes the OAuth install asks for (the manifest lists the same, each with its reason).
BOT_SCOPES = ("channels:history", "groups:history", "reactions:read", "chat:write", "im:write", "users:read",
              "commands", "channels:read", "groups:read")
#: Message shortcuts that act on the ticket of the message they were used on.
#: Events applied through the intake, whose delivery ids are checked in the same transaction.
INTAKE_EVENTS = {"message", "reaction_added", "reaction_removed"}
DELIVERY_KEY = "coachbot_delivery_key"
SHORTCUT_COMMANDS = {"take_ownership": "own", "mark_resolved": "resolve", "not_a_ticket": "notticket"}


class SlackBot:
    """Wires one Bolt `AsyncApp` to the engine; listeners stay a few lines each."""

    def __init__(self, engine: Engine, settings: SlackSettings) -> None:
        self.engine = engine
        self.settings = settings
        self.installations = StoredInstallations(engine.ctx.database) if settings.many_workspaces else None
        self.clients = Clients(settings, self.installations)
        self.client = self.clients.default
        self.people = People()
        self.delivery = SlackDelivery(engine, self.clients)
        self.rounds = Rounds(self.delivery)
        self.intake = Intake(engine, self.deliver_soon)
        oauth = None
        if self.installations is not None:
            self.installations.saved.append(self._check_soon)
            oauth = AsyncOAuthFlow(client=self.client, settings=AsyncOAuthSettings(
                client_id=settings.client_id, client_secret=settings.client_secret, scopes=list(BOT_SCOPES),
                installation_store=self.installations, state_store=StoredOAuthStates(engine.ctx.database)))
        self.app = AsyncApp(client=self.client, signing_secret=settings.signing_secret or None, oauth_flow=oauth,
                            request_verification_enabled=not settings.socket_mode or bool(settings.signing_secret),
                            process_before_response=True)
        self._socket: AsyncSocketModeHandler | None = None
        self.form_labels = engine.ctx.renderer.captions("settings_labels.j2")
        self.snooze_labels = engine.ctx.renderer.captions("snooze_modal.j2")
        self._register()

    async def check_channels(self) -> dict[str, dict[str, str]]:
        """Check the configured channels in every installed workspace and tell the leads what is wrong."""
        problems = await channel_checks.check_all(self.engine, self.client, self.clients, self.installations)
        if problems:
            self.deliver_soon()
        return problems

    async def _check_soon(self) -> None:
        """A workspace just installed the app: check its channels without holding up the install page."""
        self.rounds.track(asyncio.create_task(self.check_channels()))

    async def start(self) -> None:
        """Connect in Socket Mode when an app token is set, then check the configured channels."""
        await self.clients.open()
        if self.settings.socket_mode:
            self._socket = AsyncSocketModeHandler(self.app, self.settings.app_token)
            await self._socket.connect_async()
            log.info("connected to Slack in Socket Mode")
        await self._check_soon()

    async def close(self) -> None:
        """Disconnect, let in-flight work finish briefly, then cancel it, so no connection is left open."""
        if self._socket is not None:
            await self._socket.close_async()
        await self.intake.close()
        await self.rounds.finish()
        await self.clients.close()

    def mount(self, app: web.Application) -> None:
        """`POST /slack/events`, and the OAuth install pages when installing into many workspaces."""
        web_routes.mount(self.app)(app)

    def deliver_soon(self) -> None:
        self.rounds.soon()

    async def deliver_now(self) -> None:
        await self.rounds.now()

    async def _apply(self, event: Event | None, context: dict[str, Any]) -> None:
        """Hand the event to the engine and return once it is committed: Bolt answers Slack only then
        (`process_before_response`), so a failure here is a 500 and Slack delivers the event again."""
        if event is not None:
            await self.intake.submit(event, context.get(DELIVERY_KEY))

    async def _role(self, client: AsyncWebClient, team: str, channel: str, user: str) -> Role | None:
        """What the configuration cannot tell: whether a non-staff member is a customer or an observer."""
        settings = await asyncio.to_thread(self.engine.settings_of, team, channel)
        if settings is None or settings.role_of(user).is_staff:
            return None
        return (await self.people.lookup(client, translate.installation_of(team)[1] or team, user)).role

    async def _pause(self, team: str, channel: str, reason: str) -> None:
        await asyncio.to_thread(self.engine.pause_channel, team, channel, reason)
        self.deliver_soon()

    async def run_command(self, client: AsyncWebClient, team: str, channel: str, user: str, text: str,
                       respond: AsyncRespond, message_ts: str | None = None, trigger_id: str | None = None) -> None:
        person = await self.people.lookup(client, translate.installation_of(team)[1] or team, user)
        body = {"channel_id": channel, "user_id": user, "text": text}
        event = translate.command(team, body, self.engine.ctx.clock.now(), person.is_admin, message_ts)
        reply = await asyncio.to_thread(self.engine.command, event)
        if reply.opens_settings and trigger_id:
            settings = await asyncio.to_thread(self.engine.settings_of, team, channel)
            if settings is not None:
                await client.views_open(trigger_id=trigger_id, view=settings_modal.view(settings, self.form_labels))
                return
            reply = replace(reply, text=self.engine.ctx.renderer.render("not_a_support_channel.j2"))
        await respond(text=reply.text, response_type="ephemeral", replace_original=False)
        self.deliver_soon()

    def _register(self) -> None:
        app = self.app

        async def drop_retries(body: dict[str, Any], context: dict[str, Any],
                               next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
            """Slack redelivers an event it thinks went unanswered: each `event_id` is processed once.
            Chat events are checked inside their own transaction; the rest here."""
            event_id = body.get("event_id")
            if event_id and (body.get("event") or {}).get("type") in INTAKE_EVENTS:
                context[DELIVERY_KEY] = str(event_id)
            elif event_id and not await asyncio.to_thread(self.engine.first_sighting,
                                                          translate.workspace({}, body), str(event_id)):
                return BoltResponse(status=200, body="")
            await next()
            return None

        app.use(drop_retries)

        @app.event("message")
        async def on_message(event: dict[str, Any], context: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
            team = translate.workspace(context, body)
            role = await self._role(client, team, str(event.get("channel")), str(event.get("user"))) if event.get("user") else None
            await self._apply(translate.message(team, event, role), context)

        @app.event("reaction_added")
        async def on_reaction_added(event: dict[str, Any], context: dict[str, Any], body: dict[str, Any]) -> None:
            await self._apply(translate.reaction(translate.workspace(context, body), event, added=True), context)

        @app.event("reaction_removed")
        async def on_reaction_removed(event: dict[str, Any], context: dict[str, Any], body: dict[str, Any]) -> None:
            await self._apply(translate.reaction(translate.workspace(context, body), event, added=False), context)

        @app.event("app_home_opened")
        async def on_home(event: dict[str, Any], context: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
            if event.get("tab", "home") != "home":
                return
            user = str(event.get("user"))
            text = await asyncio.to_thread(self.engine.home, translate.workspace(context, body), user)
            await client.views_publish(user_id=user, view=blocks.home(text))

        @app.event("member_joined_channel")
        async def on_joined(event: dict[str, Any], context: dict[str, Any], body: dict[str, Any]) -> None:
            if event.get("user") == context.get("bot_user_id"):
                await asyncio.to_thread(self.engine.joined, translate.workspace(context, body), str(event.get("channel")),
                                        event.get("inviter"))
                self.deliver_soon()

        @app.event("member_left_channel")
        async def on_left(event: dict[str, Any], context: dict[str, Any], body: dict[str, Any]) -> None:
            if event.get("user") == context.get("bot_user_id"):
                await self._pause(translate.workspace(context, body), str(event.get("channel")), "removed")

        @app.event("channel_archived")
        async def on_archived(event: dict[str, Any], context: dict[str, Any], body: dict[str, Any]) -> None:
            await self._pause(translate.workspace(context, body), str(event.get("channel")), "archived")

        @app.event("app_uninstalled")
        @app.event("tokens_revoked")
        async def on_removed(context: dict[str, Any], body: dict[str, Any]) -> None:
            team = translate.workspace(context, body)
            if self.installations is not None:
                enterprise, team_id = translate.installation_of(team)
                await self.installations.async_delete_all(enterprise_id=enterprise, team_id=team_id)
                self.clients.forget(team)
            stopped = await asyncio.to_thread(self.engine.stop_workspace, team)
            log.info("app removed from a workspace; %s timers stopped", stopped)
        interactions.register(self)

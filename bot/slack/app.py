"""The Bolt app: each listener acks, translates the payload, hands it to the engine, and schedules delivery."""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.events import Event
from bot.core.roles import Role
from bot.intake import Intake
from bot.services.engine import Engine
from bot.slack import blocks, settings_modal, snooze_modal, translate
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
        self._tasks: set[asyncio.Task[Any]] = set()
        self._waiting = False
        self._round = asyncio.Lock()
        self.form_labels = blocks.captions(engine.ctx.renderer, "settings_labels.j2")
        self.snooze_labels = blocks.captions(engine.ctx.renderer, "snooze_modal.j2")
        self._register()

    async def check_channels(self) -> dict[str, dict[str, str]]:
        """At start: every configured support and team channel must exist and include the bot, in each
        installed workspace. Problems are logged and reported to the leads there (by workspace); nothing
        here stops the bot. With many workspaces a channel only belongs to the one where it exists, so a
        channel no installation can find is logged, not reported."""
        channels = list(dict.fromkeys(c for s in self.engine.ctx.config.channels for c in (s.id, s.team_channel)))
        if self.installations is None:
            try:
                team = str((await self.client.auth_test()).get("team_id"))
            except SlackApiError as error:
                log.error("Slack rejected the bot token at start: %s", error.response.get("error"))
                return {}
            targets = [(team, self.client)]
        else:
            targets = [(key, self.clients.with_token(token)) for key, token in await self.installations.workspaces()]
        found: dict[str, dict[str, str]] = {key: await self._check(client, channels) for key, client in targets}
        missing = [c for c in channels if all(f.get(c) == "channel_not_found" for f in found.values())]
        problems: dict[str, dict[str, str]] = {}
        for key, checked in found.items():
            here = {c: p for c, p in checked.items()
                    if p and (self.installations is None or p != "channel_not_found")}
            if here:
                problems[key] = here
                for channel, problem in here.items():
                    log.warning("channel %s in %s: %s", channel, key, problem)
                await asyncio.to_thread(self.engine.report_setup, key, here)
        for channel in missing if self.installations is not None else []:
            log.warning("channel %s is in none of the %d installed workspaces", channel, len(targets))
        if problems:
            self.deliver_soon()
        return problems

    async def _check_soon(self) -> None:
        """A workspace just installed the app: check its channels without holding up the install page."""
        self._track(asyncio.create_task(self.check_channels()))

    @staticmethod
    async def _check(client: AsyncWebClient, channels: list[str]) -> dict[str, str]:
        """channel -> problem ("" when the channel is fine)."""
        checked: dict[str, str] = {}
        for channel in channels:
            try:
                info = (await client.conversations_info(channel=channel)).get("channel") or {}
            except SlackApiError as error:
                checked[channel] = str(error.response.get("error", "unknown"))
                continue
            checked[channel] = "is_archived" if info.get("is_archived") else "" if info.get("is_member") else "not_member"
        return checked

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
        await self._finish_tasks()
        await self.clients.close()

    async def _finish_tasks(self) -> None:
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            _, late = await asyncio.wait(pending, timeout=2)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    def _track(self, task: asyncio.Task[Any]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def deliver_now(self) -> None:
        """One delivery round, tracked so shutdown can wait for it."""
        task = asyncio.create_task(self.delivery.run_once())
        self._track(task)
        await task

    def deliver_soon(self) -> None:
        """Start a delivery round unless one is already waiting to start (it will pick this work up)."""
        if self._waiting:
            return
        self._waiting = True

        async def round_() -> None:
            async with self._round:
                self._waiting = False
                await self.delivery.run_once()

        self._track(asyncio.create_task(round_()))

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

    async def _command(self, client: AsyncWebClient, team: str, channel: str, user: str, text: str,
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

        @app.command("/coach")
        async def on_command(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient,
                             context: dict[str, Any]) -> None:
            await ack()
            await self._command(client, translate.workspace(context, body), str(body.get("channel_id")), str(body.get("user_id")),
                                str(body.get("text") or ""), respond, trigger_id=body.get("trigger_id"))

        @app.view(settings_modal.CALLBACK)
        async def on_settings(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
                              context: dict[str, Any]) -> None:
            team, user = translate.workspace(context, body), str(body["user"]["id"])
            person = await self.people.lookup(client, translate.installation_of(team)[1] or team, user)
            values = settings_modal.values(view.get("state", {}).get("values", {}))
            problems = await asyncio.to_thread(self.engine.change_settings, team, str(view.get("private_metadata")),
                                               user, person.is_admin, values)
            if problems:
                await ack(response_action="errors", errors={
                    (k if k in values else "team_channel"): v[:150] for k, v in problems.items()})
            else:
                await ack()

        @app.shortcut(re.compile("^(take_ownership|mark_resolved|not_a_ticket)$"))
        async def on_ticket_shortcut(ack: AsyncAck, shortcut: dict[str, Any], respond: AsyncRespond,
                                     client: AsyncWebClient, context: dict[str, Any], body: dict[str, Any]) -> None:
            await ack()
            message = shortcut.get("message") or {}
            await self._command(client, translate.workspace(context, body), str(shortcut["channel"]["id"]), str(shortcut["user"]["id"]),
                                SHORTCUT_COMMANDS[shortcut["callback_id"]], respond,
                                message_ts=str(message.get("thread_ts") or message.get("ts")))

        @app.shortcut("snooze_ticket")
        async def on_snooze_shortcut(ack: AsyncAck, shortcut: dict[str, Any], client: AsyncWebClient) -> None:
            await ack()
            message = shortcut.get("message") or {}
            await client.views_open(trigger_id=shortcut["trigger_id"], view=snooze_modal.view(
                str(shortcut["channel"]["id"]), str(message.get("thread_ts") or message.get("ts")), self.snooze_labels))

        @app.view(snooze_modal.CALLBACK)
        async def on_snooze_chosen(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
                                   context: dict[str, Any]) -> None:
            team, user = translate.workspace(context, body), str(body["user"]["id"])
            channel, message_ts, duration = snooze_modal.chosen(view)
            person = await self.people.lookup(client, translate.installation_of(team)[1] or team, user)
            event = translate.command(team, {"channel_id": channel, "user_id": user, "text": f"snooze {duration}"},
                                      self.engine.ctx.clock.now(), person.is_admin, message_ts)
            reply = await asyncio.to_thread(self.engine.command, event)
            if not reply.ok:
                await ack(response_action="errors", errors={snooze_modal.BLOCK: reply.text[:150]})
                return
            await ack()
            await client.chat_postEphemeral(channel=channel, user=user, text=reply.text)
            self.deliver_soon()

        @app.shortcut("coach_me")
        async def on_coach_me(ack: AsyncAck, shortcut: dict[str, Any], respond: AsyncRespond,
                              context: dict[str, Any], body: dict[str, Any]) -> None:
            await ack()
            text = str((shortcut.get("message") or {}).get("text") or "")
            review = await asyncio.to_thread(self.engine.review, translate.workspace(context, body),
                                             str(shortcut["channel"]["id"]), text)
            reply = review or self.engine.ctx.renderer.render("not_a_support_channel.j2")
            await respond(text=reply, response_type="ephemeral", replace_original=False)

        @app.action(blocks.HELPFUL)
        @app.action(blocks.UNHELPFUL)
        async def on_feedback(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond,
                              context: dict[str, Any]) -> None:
            await ack()
            helpful = action["action_id"] == blocks.HELPFUL
            await asyncio.to_thread(self.engine.feedback, translate.workspace(context, body), int(action["value"]),
                                    str(body["user"]["id"]), helpful)
            await respond(text=self.engine.ctx.renderer.render("feedback_thanks.j2", helpful=helpful),
                          response_type="ephemeral", replace_original=False)

        @app.action(blocks.MUTE)
        async def on_mute(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond,
                          client: AsyncWebClient, context: dict[str, Any]) -> None:
            await ack()
            await self._command(client, translate.workspace(context, body), str((body.get("channel") or {}).get("id", "")),
                                str(body["user"]["id"]), f"mute {action['value']}", respond)

        @app.action(blocks.TAKE)
        @app.action(blocks.SNOOZE)
        @app.action(blocks.RESOLVE)
        async def on_ticket_button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond,
                                   client: AsyncWebClient, context: dict[str, Any]) -> None:
            await ack()
            verb = {blocks.TAKE: "own #{}", blocks.SNOOZE: "snooze #{} 30m", blocks.RESOLVE: "resolve #{}"}[action["action_id"]]
            await self._command(client, translate.workspace(context, body), str((body.get("channel") or {}).get("id", "")),
                                str(body["user"]["id"]), verb.format(action["value"]), respond)

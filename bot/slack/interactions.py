"""Slash commands, modals, message shortcuts and buttons: each acks, then turns the payload into an engine
command (or a review) and answers privately."""
from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import blocks, settings_modal, snooze_modal, translate

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

#: Message shortcuts that act on the ticket of the message they were used on.
SHORTCUT_COMMANDS = {"take_ownership": "own", "mark_resolved": "resolve", "not_a_ticket": "notticket"}


def register(bot: SlackBot) -> None:
    app = bot.app

    @app.command("/coach")
    async def on_command(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient,
                         context: dict[str, Any]) -> None:
        await ack()
        await bot.run_command(client, translate.workspace(context, body), str(body.get("channel_id")), str(body.get("user_id")),
                             str(body.get("text") or ""), respond, trigger_id=body.get("trigger_id"))

    @app.view(settings_modal.CALLBACK)
    async def on_settings(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
                          context: dict[str, Any]) -> None:
        team, user = translate.workspace(context, body), str(body["user"]["id"])
        person = await bot.people.lookup(client, translate.installation_of(team)[1] or team, user)
        values = settings_modal.values(view.get("state", {}).get("values", {}))
        problems = await asyncio.to_thread(bot.engine.change_settings, team, str(view.get("private_metadata")),
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
        await bot.run_command(client, translate.workspace(context, body), str(shortcut["channel"]["id"]), str(shortcut["user"]["id"]),
                            SHORTCUT_COMMANDS[shortcut["callback_id"]], respond,
                            message_ts=str(message.get("thread_ts") or message.get("ts")))

    @app.shortcut("snooze_ticket")
    async def on_snooze_shortcut(ack: AsyncAck, shortcut: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        message = shortcut.get("message") or {}
        await client.views_open(trigger_id=shortcut["trigger_id"], view=snooze_modal.view(
            str(shortcut["channel"]["id"]), str(message.get("thread_ts") or message.get("ts")), bot.snooze_labels))

    @app.view(snooze_modal.CALLBACK)
    async def on_snooze_chosen(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
                               context: dict[str, Any]) -> None:
        team, user = translate.workspace(context, body), str(body["user"]["id"])
        channel, message_ts, duration = snooze_modal.chosen(view)
        person = await bot.people.lookup(client, translate.installation_of(team)[1] or team, user)
        event = translate.command(team, {"channel_id": channel, "user_id": user, "text": f"snooze {duration}"},
                                  bot.engine.ctx.clock.now(), person.is_admin, message_ts)
        reply = await asyncio.to_thread(bot.engine.command, event)
        if not reply.ok:
            await ack(response_action="errors", errors={snooze_modal.BLOCK: reply.text[:150]})
            return
        await ack()
        await client.chat_postEphemeral(channel=channel, user=user, text=reply.text)
        bot.deliver_soon()

    @app.shortcut("coach_me")
    async def on_coach_me(ack: AsyncAck, shortcut: dict[str, Any], respond: AsyncRespond,
                          context: dict[str, Any], body: dict[str, Any]) -> None:
        await ack()
        text = str((shortcut.get("message") or {}).get("text") or "")
        review = await asyncio.to_thread(bot.engine.review, translate.workspace(context, body),
                                         str(shortcut["channel"]["id"]), text)
        reply = review or bot.engine.ctx.renderer.render("not_a_support_channel.j2")
        await respond(text=reply, response_type="ephemeral", replace_original=False)

    @app.action(blocks.HELPFUL)
    @app.action(blocks.UNHELPFUL)
    async def on_feedback(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond,
                          context: dict[str, Any]) -> None:
        await ack()
        helpful = action["action_id"] == blocks.HELPFUL
        await asyncio.to_thread(bot.engine.feedback, translate.workspace(context, body), int(action["value"]),
                                str(body["user"]["id"]), helpful)
        await respond(text=bot.engine.ctx.renderer.render("feedback_thanks.j2", helpful=helpful),
                      response_type="ephemeral", replace_original=False)

    @app.action(blocks.MUTE)
    async def on_mute(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond,
                      client: AsyncWebClient, context: dict[str, Any]) -> None:
        await ack()
        await bot.run_command(client, translate.workspace(context, body), str((body.get("channel") or {}).get("id", "")),
                             str(body["user"]["id"]), f"mute {action['value']}", respond)

    @app.action(blocks.TAKE)
    @app.action(blocks.SNOOZE)
    @app.action(blocks.RESOLVE)
    async def on_ticket_button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond,
                               client: AsyncWebClient, context: dict[str, Any]) -> None:
        await ack()
        verb = {blocks.TAKE: "own #{}", blocks.SNOOZE: "snooze #{} 30m", blocks.RESOLVE: "resolve #{}"}[action["action_id"]]
        await bot.run_command(client, translate.workspace(context, body), str((body.get("channel") or {}).get("id", "")),
                             str(body["user"]["id"]), verb.format(action["value"]), respond)

"""Send what the engine recorded: outbox rows become Web API calls; failures are retried or parked."""
from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.actions import CHANNEL_REMINDERS, Action, ActionKind
from bot.outbound import Outbound
from bot.services.digest import Outgoing
from bot.services.engine import Engine
from bot.slack import blocks
from bot.slack.clients import Clients, NotInstalled

log = logging.getLogger(__name__)

#: Errors that no retry will fix: the action is parked and reported instead.
PERMANENT = {"not_in_channel", "channel_not_found", "account_inactive", "is_archived", "user_not_found",
             "cannot_dm_bot", "user_disabled", "invalid_auth", "not_authed", "token_revoked", "missing_scope"}
#: Ephemeral messages need the user in the channel; these send the nudge as a direct message instead.
EPHEMERAL_FALLBACK = {"user_not_in_channel", "channel_not_found", "not_in_channel"}


def _is_user(recipient: str) -> bool:
    return recipient[:1] in ("U", "W")


class SlackDelivery(Outbound):
    """Engine actions as Web API calls, with each workspace's own token."""

    platform = "slack"

    def __init__(self, engine: Engine, clients: Clients) -> None:
        super().__init__(engine)
        self.clients = clients
        self._permalinks: dict[tuple[str, str], str] = {}
        self.labels = engine.ctx.renderer.captions("buttons.j2")

    def failure(self, error: Exception) -> tuple[str, bool] | None:
        if isinstance(error, SlackApiError):
            code = str(error.response.get("error", "unknown"))
            return code, code in PERMANENT
        if isinstance(error, NotInstalled):
            return "not_installed", False
        return None

    async def send(self, outgoing: Outgoing) -> None:
        first = outgoing.actions[0]
        client = await self.clients.for_workspace(first.workspace)
        if first.kind is ActionKind.NUDGE:
            await self._nudge(client, first)
        elif first.kind is ActionKind.TICKET_UPDATE:
            await self._update(client, first)
        elif first.kind in CHANNEL_REMINDERS:
            await self._reminder(client, outgoing)
        else:
            for recipient in first.to:
                await client.chat_postMessage(channel=recipient, text=first.text, blocks=blocks.plain(first.text))

    async def _nudge(self, client: AsyncWebClient, action: Action) -> None:
        user = action.to[0]
        body = blocks.nudge(action, self.labels)
        try:
            await client.chat_postEphemeral(channel=str(action.channel), user=user, thread_ts=action.thread_ts,
                                                 text=action.text, blocks=body)
        except SlackApiError as error:
            if error.response.get("error") not in EPHEMERAL_FALLBACK:
                raise
            await client.chat_postMessage(channel=user, text=action.text, blocks=body)

    async def _reminder(self, client: AsyncWebClient, outgoing: Outgoing) -> None:
        numbers = [a.ticket_number for a in outgoing.actions if a.ticket_number is not None]
        permalinks = {a.ticket_number: await self._permalink(client, a) for a in outgoing.actions if a.ticket_number}
        team_channel = outgoing.actions[0].to[0]
        body = blocks.reminder(outgoing.text, numbers, {n: p for n, p in permalinks.items() if p}, self.labels)
        posted = await client.chat_postMessage(channel=team_channel, text=outgoing.text, blocks=body)
        if len(numbers) == 1 and posted.get("ts"):
            await asyncio.to_thread(self.engine.remember_post, outgoing.actions[0].workspace, numbers[0], team_channel,
                                    str(posted["ts"]), outgoing.text)
        for action in outgoing.actions:
            for recipient in action.to[1:]:
                if _is_user(recipient):
                    await client.chat_postMessage(channel=recipient, text=action.text, blocks=blocks.plain(action.text))

    async def _update(self, client: AsyncWebClient, action: Action) -> None:
        """Edit the reminders already posted about a ticket: the old text, the news, and no more buttons."""
        if action.ticket_number is None:
            return
        for channel, ts, original in await asyncio.to_thread(self.engine.posted_reminders, action.workspace,
                                                             action.ticket_number):
            text = f"{original}\n{action.text}"
            await client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks.plain(text))

    async def _permalink(self, client: AsyncWebClient, action: Action) -> str:
        key = (str(action.channel), str(action.ticket))
        if key not in self._permalinks:
            try:
                response = await client.chat_getPermalink(channel=key[0], message_ts=key[1])
                self._permalinks[key] = str(response.get("permalink") or "")
            except SlackApiError:
                return ""
        return self._permalinks[key]

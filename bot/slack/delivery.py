"""Send what the engine recorded: outbox rows become Web API calls; failures are retried or parked."""
from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.actions import Action
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

    async def nudge(self, action: Action) -> None:
        client = await self.clients.for_workspace(action.workspace)
        user = action.to[0]
        body = blocks.nudge(action, self.labels)
        try:
            await client.chat_postEphemeral(channel=str(action.channel), user=user, thread_ts=action.thread_ts,
                                            text=action.text, blocks=body)
        except SlackApiError as error:
            if error.response.get("error") not in EPHEMERAL_FALLBACK:
                raise
            await client.chat_postMessage(channel=user, text=action.text, blocks=body)

    async def post_text(self, action: Action, recipient: str) -> None:
        client = await self.clients.for_workspace(action.workspace)
        await client.chat_postMessage(channel=recipient, text=action.text, blocks=blocks.plain(action.text))

    async def post_reminder(self, outgoing: Outgoing, numbers: list[int]) -> str | None:
        first = outgoing.actions[0]
        client = await self.clients.for_workspace(first.workspace)
        permalinks = {a.ticket_number: await self._permalink(client, a) for a in outgoing.actions if a.ticket_number}
        body = blocks.reminder(outgoing.text, numbers, {n: p for n, p in permalinks.items() if p}, self.labels)
        posted = await client.chat_postMessage(channel=first.to[0], text=outgoing.text, blocks=body)
        return str(posted["ts"]) if posted.get("ts") else None

    async def copy_reminder(self, action: Action, recipient: str) -> None:
        if _is_user(recipient):
            await self.post_text(action, recipient)

    async def edit_reminder(self, workspace: str, channel: str, ref: str, text: str) -> None:
        client = await self.clients.for_workspace(workspace)
        await client.chat_update(channel=channel, ts=ref, text=text, blocks=blocks.plain(text))

    async def _permalink(self, client: AsyncWebClient, action: Action) -> str:
        key = (str(action.channel), str(action.ticket))
        if key not in self._permalinks:
            try:
                response = await client.chat_getPermalink(channel=key[0], message_ts=key[1])
                self._permalinks[key] = str(response.get("permalink") or "")
            except SlackApiError:
                return ""
        return self._permalinks[key]

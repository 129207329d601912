"""Start-up checks: every configured support and team channel must exist and include the bot."""
from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.engine import Engine
from bot.slack.clients import Clients
from bot.slack.installations import StoredInstallations

log = logging.getLogger(__name__)


async def check_all(engine: Engine, client: AsyncWebClient, clients: Clients,
                    installations: StoredInstallations | None) -> dict[str, dict[str, str]]:
    """At start: every configured support and team channel must exist and include the bot, in each
    installed workspace. Problems are logged and reported to the leads there (by workspace); nothing
    here stops the bot. With many workspaces a channel only belongs to the one where it exists, so a
    channel no installation can find is logged, not reported."""
    channels = list(dict.fromkeys(c for s in engine.ctx.config.channels for c in (s.id, s.team_channel)))
    if installations is None:
        try:
            team = str((await client.auth_test()).get("team_id"))
        except SlackApiError as error:
            log.error("Slack rejected the bot token at start: %s", error.response.get("error"))
            return {}
        targets = [(team, client)]
    else:
        targets = [(key, clients.with_token(token)) for key, token in await installations.workspaces()]
    found: dict[str, dict[str, str]] = {key: await _check(each, channels) for key, each in targets}
    missing = [c for c in channels if all(f.get(c) == "channel_not_found" for f in found.values())]
    problems: dict[str, dict[str, str]] = {}
    for key, checked in found.items():
        here = {c: p for c, p in checked.items()
                if p and (installations is None or p != "channel_not_found")}
        if here:
            problems[key] = here
            for channel, problem in here.items():
                log.warning("channel %s in %s: %s", channel, key, problem)
            await asyncio.to_thread(engine.report_setup, key, here)
    for channel in missing if installations is not None else []:
        log.warning("channel %s is in none of the %d installed workspaces", channel, len(targets))
    return problems


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

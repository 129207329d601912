"""Who a Slack user is, beyond the configuration: Slack Connect guests are customers, home-organisation
members who are not configured staff are observers (neither coached nor treated as customers)."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.roles import Role

log = logging.getLogger(__name__)
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class Person:
    role: Role
    is_admin: bool


class People:
    """`users.info` lookups (with the workspace's own client), cached for an hour per user."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], tuple[float, Person]] = {}

    async def lookup(self, client: AsyncWebClient, home_team: str, user: str) -> Person:
        key = (home_team, user)
        cached = self._cache.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        try:
            info: dict[str, Any] = (await client.users_info(user=user)).get("user") or {}
        except SlackApiError as error:
            log.warning("users.info failed for a user: %s", error.response.get("error"))
            return Person(Role.CUSTOMER, False)
        person = Person(self._role(home_team, info), bool(info.get("is_admin") or info.get("is_owner")))
        self._cache[key] = (time.monotonic() + CACHE_SECONDS, person)
        return person

    @staticmethod
    def _role(home_team: str, info: dict[str, Any]) -> Role:
        if info.get("is_bot") or info.get("id") == "USLACKBOT":
            return Role.OBSERVER
        external = info.get("team_id") not in (None, home_team) or bool(info.get("is_stranger"))
        if external or info.get("is_restricted") or info.get("is_ultra_restricted"):
            return Role.CUSTOMER
        return Role.OBSERVER

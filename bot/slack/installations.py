"""Slack installations and OAuth states kept in the bot's own database (Alembic-managed tables),
behind slack_sdk's async store interfaces so Bolt's OAuth flow and authorization use them as they are."""
from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from sqlalchemy import delete, select

from bot.store.database import Database
from bot.store.models import OAuthState, SlackInstallation

STATE_SECONDS = 600


def _key(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> tuple[str, str]:
    """Org-wide Grid installs are keyed by the enterprise alone; others by enterprise (if any) and team."""
    return (enterprise_id or "", "" if is_enterprise_install else (team_id or ""))


class StoredInstallations(AsyncInstallationStore):
    """One row per workspace or Grid organisation; the bot token never leaves it except to call Slack."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.saved: list[Callable[[], Awaitable[object]]] = []

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self._save, installation)
        for listener in self.saved:
            await listener()

    def _save(self, installation: Installation) -> None:
        enterprise, team = _key(installation.enterprise_id, installation.team_id, installation.is_enterprise_install)
        with self.database.session() as session, session.begin():
            row = session.scalar(select(SlackInstallation).where(SlackInstallation.enterprise_id == enterprise,
                                                                 SlackInstallation.team_id == team))
            if row is None:
                row = SlackInstallation(enterprise_id=enterprise, team_id=team)
                session.add(row)
            row.is_enterprise_install = bool(installation.is_enterprise_install)
            row.app_id, row.bot_id, row.bot_user_id = installation.app_id, installation.bot_id, installation.bot_user_id
            row.bot_token = installation.bot_token or ""
            row.bot_scopes = ",".join(installation.bot_scopes or [])
            row.installer = installation.user_id
            row.installed_at = datetime.now(timezone.utc)

    async def workspaces(self) -> list[tuple[str, str]]:
        """(workspace key, bot token) of every installation; an org-wide install is keyed "E…/"."""
        def work() -> list[tuple[str, str]]:
            with self.database.session() as session:
                return [(f"{row.enterprise_id}/{row.team_id}" if row.enterprise_id else row.team_id, row.bot_token)
                        for row in session.scalars(select(SlackInstallation).order_by(SlackInstallation.id))]
        return await asyncio.to_thread(work)

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        row = await asyncio.to_thread(self._find, enterprise_id, team_id, is_enterprise_install)
        if row is None:
            return None
        return Bot(app_id=row.app_id, enterprise_id=row.enterprise_id or None, team_id=row.team_id or None,
                   bot_token=row.bot_token, bot_id=row.bot_id or "", bot_user_id=row.bot_user_id or "",
                   bot_scopes=row.bot_scopes, is_enterprise_install=row.is_enterprise_install,
                   installed_at=row.installed_at.timestamp())

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
                                      is_enterprise_install: bool | None = False) -> Installation | None:
        row = await asyncio.to_thread(self._find, enterprise_id, team_id, is_enterprise_install)
        if row is None:
            return None
        return Installation(app_id=row.app_id, enterprise_id=row.enterprise_id or None, team_id=row.team_id or None,
                            bot_token=row.bot_token, bot_id=row.bot_id, bot_user_id=row.bot_user_id,
                            bot_scopes=row.bot_scopes, user_id=row.installer or "",
                            is_enterprise_install=row.is_enterprise_install, installed_at=row.installed_at.timestamp())

    def _find(self, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> SlackInstallation | None:
        with self.database.session() as session:
            for enterprise, team in {_key(enterprise_id, team_id, is_enterprise_install), _key(enterprise_id, None, True)}:
                row = session.scalar(select(SlackInstallation).where(SlackInstallation.enterprise_id == enterprise,
                                                                     SlackInstallation.team_id == team))
                if row is not None:
                    return row
        return None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                        user_id: str | None = None) -> None:
        await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        def work() -> None:
            with self.database.session() as session, session.begin():
                session.execute(delete(SlackInstallation).where(
                    SlackInstallation.enterprise_id == (enterprise_id or ""), SlackInstallation.team_id == (team_id or "")))
        await asyncio.to_thread(work)


class StoredOAuthStates(AsyncOAuthStateStore):
    """One-time states that expire after ten minutes."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        state = secrets.token_urlsafe(24)

        def work() -> None:
            with self.database.session() as session, session.begin():
                session.add(OAuthState(state=state, expires_at=datetime.now(timezone.utc) + timedelta(seconds=STATE_SECONDS)))
        await asyncio.to_thread(work)
        return state

    async def async_consume(self, state: str) -> bool:
        def work() -> bool:
            with self.database.session() as session, session.begin():
                row = session.get(OAuthState, state)
                if row is None:
                    return False
                session.delete(row)
                return row.expires_at > datetime.now(timezone.utc)
        return await asyncio.to_thread(work)

"""Conversation references and member ids kept in the database, so proactive messages survive restarts
and any instance can send them."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select

from bot.store.database import Database
from bot.store.models import TeamsConversation
from bot.store.writes import upsert


def channel_key(channel: str) -> str:
    return f"channel:{channel}"


def user_key(user: str) -> str:
    return f"user:{user}"


def member_key(user: str) -> str:
    return f"member:{user}"


class Conversations:
    """A small key-value store per tenant; values are JSON (serialized ConversationReferences, member ids).
    Reads and writes are blocking: call them from a worker thread."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._written: dict[tuple[str, str], dict[str, Any]] = {}

    def remember(self, workspace: str, entries: dict[str, dict[str, Any]]) -> None:
        """Store the entries that changed; every activity brings the same ones again, so those cost no write."""
        changed = {k: v for k, v in entries.items() if self._written.get((workspace, k)) != v}
        if not changed:
            return
        now = datetime.now(timezone.utc)
        with self.database.one_writer(), self.database.session() as session, session.begin():
            for key, value in changed.items():
                upsert(session, TeamsConversation, ("workspace", "key"),
                       {"workspace": workspace, "key": key, "value": value, "updated_at": now})
        self._written.update({(workspace, k): v for k, v in changed.items()})

    def get(self, workspace: str, key: str) -> dict[str, Any] | None:
        with self.database.session() as session:
            return session.scalar(select(TeamsConversation.value).where(
                TeamsConversation.workspace == workspace, TeamsConversation.key == key))

    def any_channel(self, workspace: str) -> dict[str, Any] | None:
        """Some channel reference of the tenant: its service URL and bot identity serve for a new chat."""
        with self.database.session() as session:
            return session.scalar(select(TeamsConversation.value).where(
                TeamsConversation.workspace == workspace, TeamsConversation.key.like("channel:%"))
                .order_by(TeamsConversation.updated_at.desc()).limit(1))

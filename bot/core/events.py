"""What happened in a chat, in platform-neutral terms. Adapters build these; the engine consumes them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.roles import Role


@dataclass(frozen=True)
class MessagePosted:
    """A new message. `thread_ts` is its thread's root (None or equal to `ts` at top level).

    `role` lets an adapter say what it knows better than the configuration (a Slack Connect guest is
    a customer, a home-organisation bystander an observer); None means "ask the configuration".
    `has_files` marks a message that carries a file, so a screenshot with no words is still a request.
    """

    workspace: str
    channel: str
    user: str
    ts: str
    text: str
    at: datetime
    thread_ts: str | None = None
    role: Role | None = None
    has_files: bool = False

    @property
    def is_top_level(self) -> bool:
        return self.thread_ts is None or self.thread_ts == self.ts


@dataclass(frozen=True)
class MessageEdited:
    """A message's text changed (or seemed to: the engine compares hashes)."""

    workspace: str
    channel: str
    ts: str
    text: str
    at: datetime


@dataclass(frozen=True)
class MessageDeleted:
    workspace: str
    channel: str
    ts: str
    at: datetime


@dataclass(frozen=True)
class ReactionChanged:
    """A reaction added to or removed from message `ts` (name without colons or skin tone)."""

    workspace: str
    channel: str
    user: str
    ts: str
    reaction: str
    added: bool
    at: datetime


@dataclass(frozen=True)
class CommandIssued:
    """A `/coach` command. `ticket` names its ticket by number ("#42" or "42") or by a message ts."""

    workspace: str
    channel: str
    user: str
    text: str
    at: datetime
    ticket_message_ts: str | None = None
    is_admin: bool = False


Event = MessagePosted | MessageEdited | MessageDeleted | ReactionChanged | CommandIssued

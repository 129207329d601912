"""Slack payloads -> engine events. Pure functions over plain dicts, one per payload kind."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bot.core.events import CommandIssued, MessageDeleted, MessageEdited, MessagePosted, ReactionChanged
from bot.core.roles import Role

#: Message subtypes that are people talking (a file share or a thread reply sent to the channel too).
SPOKEN_SUBTYPES = {None, "file_share", "thread_broadcast", "me_message"}


def workspace(context: dict[str, Any], body: dict[str, Any] | None = None) -> str:
    """The engine's workspace key: the team, prefixed by its Enterprise Grid organisation when there is one.
    (For org-wide installs Bolt leaves the context's team empty; the payload still names it.)"""
    body = body or {}
    enterprise = context.get("enterprise_id") or body.get("enterprise_id")
    team = (context.get("team_id") or body.get("team_id") or (body.get("team") or {}).get("id")
            or (body.get("event") or {}).get("team"))
    return f"{enterprise}/{team or ''}" if enterprise else str(team)


def installation_of(key: str) -> tuple[str | None, str | None]:
    """(enterprise id, team id) of a workspace key."""
    enterprise, _, team = key.rpartition("/")
    return (enterprise or None), (team or None)


def at(ts: str) -> datetime:
    """Slack's `ts` ("1712345678.000100") as an aware UTC datetime."""
    return datetime.fromtimestamp(float(ts), tz=timezone.utc)


def is_from_a_bot(event: dict[str, Any]) -> bool:
    """Other apps post with `bot_id` (often without a subtype); edits of bot posts carry it inside."""
    message = event.get("message") or {}
    return bool(event.get("bot_id") or event.get("subtype") == "bot_message" or message.get("bot_id")
                or message.get("subtype") == "bot_message")


def message(team: str, event: dict[str, Any], role: Role | None = None) -> MessagePosted | MessageEdited | MessageDeleted | None:
    """A `message` event as a posted, edited or deleted message; None for joins, bots and the like."""
    if is_from_a_bot(event):
        return None
    subtype = event.get("subtype")
    channel = str(event.get("channel", ""))
    if subtype == "message_changed":
        changed = event.get("message") or {}
        if not changed.get("ts"):
            return None
        return MessageEdited(team, channel, str(changed["ts"]), str(changed.get("text", "")), at(str(event.get("event_ts") or event["ts"])))
    if subtype == "message_deleted":
        deleted = event.get("deleted_ts") or (event.get("previous_message") or {}).get("ts")
        return MessageDeleted(team, channel, str(deleted), at(str(event["ts"]))) if deleted else None
    if subtype not in SPOKEN_SUBTYPES or not event.get("user") or not event.get("ts"):
        return None
    thread = event.get("thread_ts")
    return MessagePosted(team, channel, str(event["user"]), str(event["ts"]), str(event.get("text") or ""),
                         at(str(event["ts"])), thread_ts=str(thread) if thread else None, role=role,
                         has_files=bool(event.get("files")))


def reaction(team: str, event: dict[str, Any], added: bool) -> ReactionChanged | None:
    """A reaction on a message (reactions on files and the like are ignored)."""
    item = event.get("item") or {}
    if item.get("type") != "message" or not event.get("user"):
        return None
    return ReactionChanged(team, str(item.get("channel")), str(event["user"]), str(item.get("ts")),
                           str(event.get("reaction", "")), added, at(str(event.get("event_ts") or item.get("ts"))))


def command(team: str, body: dict[str, Any], now: datetime, is_admin: bool,
            message_ts: str | None = None) -> CommandIssued:
    """A `/coach ...` slash command (form fields as Bolt parses them), or a shortcut on message `message_ts`."""
    return CommandIssued(team, str(body.get("channel_id", "")), str(body.get("user_id", "")),
                         str(body.get("text") or ""), now, ticket_message_ts=message_ts, is_admin=is_admin)

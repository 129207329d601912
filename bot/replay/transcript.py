"""JSON Lines transcripts: one message, reaction or command per line, each with its time."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.core.events import (
    CommandIssued,
    Event,
    MessageDeleted,
    MessageEdited,
    MessagePosted,
    ReactionChanged,
)
from bot.core.roles import Role


class TranscriptError(ValueError):
    """A transcript line that cannot be replayed; the message names the file and line."""


@dataclass(frozen=True)
class Transcript:
    """Events in time order, and any roles the transcript itself declared (user -> role)."""

    events: tuple[Event, ...]
    roles: dict[str, Role]
    workspace: str


REPLAY_WORKSPACE = "T0REPLAY"
_ROLES = {r.value: r for r in Role}


def _time(value: object, where: str) -> datetime:
    try:
        at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise TranscriptError(f"{where}: 'at' is not an ISO 8601 time: {value!r}") from None
    if at.tzinfo is None:
        raise TranscriptError(f"{where}: 'at' needs a UTC offset, e.g. 2026-03-03T10:00:00-06:00")
    return at


def parse_record(record: dict[str, object], where: str, workspace: str = REPLAY_WORKSPACE) -> tuple[Event, Role | None]:
    """One transcript record as an engine event (and the role it declares, if any)."""
    for key in ("at", "channel", "user", "ts"):
        if not record.get(key):
            raise TranscriptError(f"{where}: missing '{key}'")
    at = _time(record["at"], where)
    channel, user, ts = str(record["channel"]), str(record["user"]), str(record["ts"])
    role = _ROLES.get(str(record.get("role", "")).lower()) if record.get("role") else None
    if record.get("role") and role is None:
        raise TranscriptError(f"{where}: unknown role {record['role']!r}")
    if record.get("reaction"):
        added = not record.get("removed", False)
        return ReactionChanged(workspace, channel, user, ts, str(record["reaction"]), bool(added), at), role
    if record.get("command"):
        return CommandIssued(workspace, channel, user, str(record["command"]), at, ticket_message_ts=ts), role
    if record.get("deleted"):
        return MessageDeleted(workspace, channel, ts, at), role
    if record.get("edited"):
        return MessageEdited(workspace, channel, ts, str(record.get("text", "")), at), role
    thread = record.get("thread_ts")
    return MessagePosted(workspace, channel, user, ts, str(record.get("text", "")), at,
                         thread_ts=str(thread) if thread else None, role=role), role


def load_jsonl(path: Path) -> Transcript:
    events: list[Event] = []
    roles: dict[str, Role] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise TranscriptError(f"{path}: cannot read: {exc.strerror}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TranscriptError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise TranscriptError(f"{where}: each line must be a JSON object")
        event, role = parse_record(record, where)
        events.append(event)
        if role is not None:
            roles[str(record["user"])] = role
    events.sort(key=lambda e: e.at)
    return Transcript(tuple(events), roles, REPLAY_WORKSPACE)

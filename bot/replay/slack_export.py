"""A Slack workspace export (zip or folder): `users.json`, `channels.json`, one folder per channel of
`YYYY-MM-DD.json` files. Export reactions carry no time, so they are not replayed."""
from __future__ import annotations

import json
import zipfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

from bot.core.events import Event, MessagePosted
from bot.core.roles import Role
from bot.replay.transcript import Transcript, TranscriptError

_KEPT_SUBTYPES = {None, "thread_broadcast", "file_share", "me_message"}


class _Reader:
    """Reads files from an export folder or zip by relative path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path) if path.is_file() else None
        names = self.zip.namelist() if self.zip else [str(p.relative_to(path)) for p in path.rglob("*.json")]
        prefixes = {str(PurePosixPath(n).parent) for n in names if PurePosixPath(n).name == "channels.json"}
        self.root = min(prefixes, key=len) if prefixes else ""
        self.names = [n for n in names if n.endswith(".json")]

    def json(self, name: str) -> Any:
        full = str(PurePosixPath(self.root) / name) if self.root not in ("", ".") else name
        try:
            raw = self.zip.read(full) if self.zip else (self.path / full).read_bytes()
        except (KeyError, OSError):
            return None
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise TranscriptError(f"{self.path}: {full} is not JSON ({exc.msg})") from None

    def day_files(self, channel_name: str) -> list[str]:
        prefix = f"{channel_name}/"
        relative = [str(PurePosixPath(n).relative_to(self.root)) if self.root not in ("", ".") else n for n in self.names]
        return sorted(n for n in relative if n.startswith(prefix))


def is_export(path: Path) -> bool:
    if path.is_dir():
        return any(path.rglob("channels.json"))
    return zipfile.is_zipfile(path)


def load_export(path: Path) -> Transcript:
    """Messages from every channel of the export, staff inferred from the home organisation's full members."""
    reader = _Reader(path)
    channels = reader.json("channels.json")
    users = reader.json("users.json") or []
    if not isinstance(channels, list):
        raise TranscriptError(f"{path}: no channels.json; is this a Slack export?")
    team_id = str(users[0].get("team_id")) if users else "T0EXPORT"
    roles = _infer_roles(users)
    events: list[Event] = []
    for channel in channels:
        channel_id, name = str(channel.get("id")), str(channel.get("name"))
        for day_file in reader.day_files(name):
            for message in reader.json(day_file) or []:
                event = _message_event(team_id, channel_id, message, roles)
                if event is not None:
                    events.append(event)
    events.sort(key=lambda e: e.at)
    return Transcript(tuple(events), roles, team_id)


def _infer_roles(users: list[dict[str, Any]]) -> dict[str, Role]:
    """Full members of the most common team are staff (agents); guests and other organisations are customers."""
    teams = Counter(u.get("team_id") for u in users if not u.get("is_bot"))
    home = teams.most_common(1)[0][0] if teams else None
    roles: dict[str, Role] = {}
    for user in users:
        if user.get("is_bot") or user.get("id") == "USLACKBOT":
            continue
        guest = user.get("is_restricted") or user.get("is_ultra_restricted") or user.get("team_id") != home
        roles[str(user["id"])] = Role.CUSTOMER if guest else Role.AGENT
    return roles


def _message_event(team: str, channel: str, message: dict[str, Any], roles: dict[str, Role]) -> Event | None:
    if message.get("type") != "message" or message.get("subtype") not in _KEPT_SUBTYPES:
        return None
    if message.get("bot_id") or not message.get("user") or not message.get("ts"):
        return None
    ts = str(message["ts"])
    at = datetime.fromtimestamp(float(ts), tz=timezone.utc)
    thread = message.get("thread_ts")
    user = str(message["user"])
    return MessagePosted(team, channel, user, ts, str(message.get("text", "")), at,
                         thread_ts=str(thread) if thread else None, role=roles.get(user))

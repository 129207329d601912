"""Read and validate the TOML configuration; every problem names the key and, where known, the line."""
from __future__ import annotations

import re
import tomllib
from dataclasses import fields, replace
from datetime import date, time
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.calendar import parse_business_hours
from bot.core.durations import parse_duration
from bot.settings.model import ESCALATION_LEVELS, ChannelSettings, Config, EscalationStep, WorkspaceSettings


class ConfigError(ValueError):
    """A configuration problem a person can fix; the message names the key."""


def _duration(value: Any, key: str):
    return parse_duration(value)


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _positive_int(value: Any, key: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("must be a whole number, zero or more")
    return value


def _zone(value: Any, key: str) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (use an IANA name such as 'America/Chicago')") from None
    return str(value)


def _hours(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string such as 'Mon-Fri 09:00-17:00' or '24/7'")
    parse_business_hours(value)
    return value


def _holidays(value: Any, key: str) -> frozenset[date]:
    if not isinstance(value, list):
        raise ValueError("must be a list of dates such as ['2026-12-25']")
    days = set()
    for item in value:
        if isinstance(item, date):
            days.add(item)
        else:
            days.add(date.fromisoformat(str(item)))
    return frozenset(days)


def _escalation(value: Any, key: str) -> tuple[EscalationStep, ...]:
    if not isinstance(value, list):
        raise ValueError("must be a list such as ['15m:team', '30m:leads']")
    steps = []
    for item in value:
        after, _, level = str(item).partition(":")
        if level not in ESCALATION_LEVELS:
            raise ValueError(f"{item!r}: level must be one of {', '.join(ESCALATION_LEVELS)}")
        steps.append(EscalationStep(parse_duration(after), level))
    return tuple(sorted(steps, key=lambda s: s.after))


def _daily_tip(value: Any, key: str) -> time | None:
    if value == "off":
        return None
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value):
        raise ValueError("must be a local time such as '09:30', or 'off'")
    hours, minutes = (int(x) for x in value.split(":"))
    return time(hours, minutes)


def _ids(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError("must be a list of user ids")
    return tuple(value)


def _channel_id(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a channel id")
    return value.strip()


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


Parser = Callable[[Any, str], Any]
CALENDAR_KEYS: dict[str, Parser] = {"timezone": _zone, "business_hours": _hours, "holidays": _holidays}
TIMING_KEYS: dict[str, Parser] = {
    "first_response": _duration,
    "first_response_urgent": _duration,
    "escalation": _escalation,
    "owner_followup": _duration,
    "promise_warning": _duration,
    "merge_window": _duration,
    "stale_after": _duration,
    "implicit_ownership": _bool,
    "nudge_cap_per_hour": _positive_int,
    "daily_tip": _daily_tip,
}
WORKSPACE_KEYS: dict[str, Parser] = {
    **CALENDAR_KEYS,
    "store_message_text": _bool,
    "retention_days": _positive_int,
    "prompts_dir": _text,
}
CHANNEL_KEYS: dict[str, Parser] = {
    **CALENDAR_KEYS,
    **TIMING_KEYS,
    "id": _channel_id,
    "team_channel": _channel_id,
    "agents": _ids,
    "leads": _ids,
    "managers": _ids,
    "watched": _bool,
}
OVERRIDABLE_KEYS = {k: v for k, v in CHANNEL_KEYS.items() if k != "id"}


def _line_of(raw: str, key: str, section: str, index: int = 0) -> int | None:
    """Best-effort line number of `key = ...` inside its table (tomllib does not keep positions)."""
    header = re.compile(r"^[ \t]*\[\[channels\]\]" if section == "channels" else rf"^[ \t]*\[{section}\]", re.MULTILINE)
    headers = list(header.finditer(raw))
    if len(headers) <= index:
        return None
    start = headers[index].end()
    following = re.compile(r"^[ \t]*\[", re.MULTILINE).search(raw, start)
    end = following.start() if following else len(raw)
    match = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.MULTILINE).search(raw, start, end)
    return raw.count("\n", 0, match.start()) + 1 if match else None


def _parse_table(table: dict[str, Any], allowed: dict[str, Parser], where: str, raw: str, index: int = 0) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    section = where.split("[", 1)[0]
    for key, value in table.items():
        label = f"{where}.{key}"
        line = _line_of(raw, key, section, index)
        at = f" (line {line})" if line else ""
        if key not in allowed:
            raise ConfigError(f"{label}{at}: unknown key; allowed keys are {', '.join(sorted(allowed))}")
        try:
            parsed[key] = allowed[key](value, key)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{label}{at}: {exc}") from None
    return parsed


def parse_config(raw: str, source: str = "config") -> Config:
    """Validate TOML text into a Config, raising ConfigError with the key (and line) at fault."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    unknown = set(data) - {"workspace", "defaults", "channels"}
    if unknown:
        raise ConfigError(f"{source}: unknown section [{sorted(unknown)[0]}]; expected [workspace], [defaults], [[channels]]")
    workspace = _parse_table(data.get("workspace", {}), WORKSPACE_KEYS, "workspace", raw)
    defaults = _parse_table(data.get("defaults", {}), TIMING_KEYS, "defaults", raw)
    base = {k: workspace[k] for k in CALENDAR_KEYS if k in workspace} | defaults
    channels = []
    seen: set[str] = set()
    for index, table in enumerate(data.get("channels", [])):
        where = f"channels[{index}]"
        parsed = _parse_table(table, CHANNEL_KEYS, where, raw, index)
        for required in ("id", "team_channel"):
            if required not in parsed:
                raise ConfigError(f"{where}.{required}: missing required key")
        if parsed["id"] in seen:
            raise ConfigError(f"{where}.id: channel {parsed['id']} is configured twice")
        seen.add(parsed["id"])
        channels.append(ChannelSettings(**(base | parsed)))
    template = ChannelSettings(id="*", team_channel="*", **base)
    ws_fields = {f.name for f in fields(WorkspaceSettings)}
    return Config(
        workspace=WorkspaceSettings(**{k: v for k, v in workspace.items() if k in ws_fields}),
        defaults=template,
        channels=tuple(channels),
    )


def load_config(path: str | Path) -> Config:
    """Read a configuration file; a missing or unreadable file is a ConfigError too."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror}") from None
    return parse_config(raw, str(path))


def apply_overrides(channel: ChannelSettings, overrides: dict[str, Any]) -> ChannelSettings:
    """Settings changed from chat (stored in the database) win over the file, validated the same way."""
    parsed = _parse_table(overrides, OVERRIDABLE_KEYS, f"channel {channel.id} (stored setting)", "")
    return replace(channel, **parsed)

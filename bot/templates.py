"""The words users read: Jinja2 templates under `prompts/`, with an operator's override folder first."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, Template

import bot

_MRKDWN_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def prompts_root() -> Path:
    """The bundled prompts folder: inside the installed package, or beside it in a checkout."""
    packaged = Path(bot.__file__).parent / "_prompts"
    return packaged if packaged.is_dir() else Path(bot.__file__).resolve().parents[1] / "prompts"


def escape_mrkdwn(value: object) -> str:
    """Escape user text for Slack mrkdwn (and plain text) so it cannot inject mentions or links."""
    return re.sub(r"[&<>]", lambda m: _MRKDWN_SPECIAL[m.group(0)], str(value))


def mention_list(users: Iterable[str]) -> str:
    """`<@U1> <@U2>`: chat mentions of people, each once."""
    return " ".join(f"<@{u}>" for u in dict.fromkeys(users))


def clock(value: datetime) -> str:
    """`3:30pm CST`: a local time people read at a glance."""
    return value.strftime("%-I:%M%p %Z").replace("AM", "am").replace("PM", "pm")


def when(value: datetime, now: datetime) -> str:
    """A time relative to today: `3:30pm CST`, `tomorrow 9:00am CST` or `Mon 6 Jul 9:00am CST`."""
    local_now = now.astimezone(value.tzinfo)
    days = (value.date() - local_now.date()).days
    if days == 0:
        return clock(value)
    if days == 1:
        return f"tomorrow {clock(value)}"
    return f"{value.strftime('%a %-d %b')} {clock(value)}"


def duration(seconds: float) -> str:
    """`45m`, `2h 5m`, `3d 4h`."""
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h" if hours else f"{days}d"


class Renderer:
    """Renders named templates; an override folder (setting `prompts_dir`) wins over the bundled one."""

    def __init__(self, override: str | Path | None = None) -> None:
        root = prompts_root() / "templates"
        loaders = [FileSystemLoader(str(Path(override) / "templates")), FileSystemLoader(str(Path(override)))] if override else []
        self.env = Environment(
            loader=ChoiceLoader([*loaders, FileSystemLoader(str(root))]),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters.update(esc=escape_mrkdwn, clock=clock, duration=duration)
        self.env.globals.update(when=when)
        self._compiled: dict[str, Template] = {}

    def render(self, name: str, **context: object) -> str:
        return self.env.get_template(name).render(**context).strip()

    def captions(self, name: str) -> dict[str, str]:
        """`key: caption` lines of a template (button captions, form labels) as a dict."""
        return dict(line.split(": ", 1) for line in self.render(name).splitlines() if ": " in line)

    def render_string(self, source: str, **context: object) -> str:
        """Render template text kept in data (the catalogue's suggestions); compiled once per text."""
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = self.env.from_string(source)
        return template.render(**context).strip()


def catalogue_path(override: str | Path | None = None) -> Path:
    """The catalogue file: the override folder's if it has one, else the bundled one."""
    if override and (Path(override) / "catalogue.toml").is_file():
        return Path(override) / "catalogue.toml"
    return prompts_root() / "catalogue.toml"

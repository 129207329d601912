"""The engine's chat markup (Slack-style: `*bold*`, `<@user>`, `<#channel>`, `<url|label>`, `&lt;` escapes)
rewritten for Teams markdown, with real @mentions where the person's Teams id is known."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(r"<@([^>|]+)>|<#([^>|]+)(?:\|([^>]*))?>|<(https?://[^>|]+)(?:\|([^>]*))?>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
#: A zero-width space: keeps `](` that someone typed from forming a markdown link, invisibly.
_BREAK_LINK = "]\u200b("

#: (Teams id, display name) of a person by the id the engine uses, when known.
Lookup = Callable[[str], tuple[str, str] | None]


@dataclass
class Markup:
    """Teams markdown and the mention entities it needs (Teams only pings `<at>` names listed as entities)."""

    text: str
    mentions: list[dict[str, Any]] = field(default_factory=list)


def references(text: str) -> tuple[set[str], set[str]]:
    """(people, channels) the markup mentions, to look up before converting."""
    people, channels = set(), set()
    for user, channel, *_ in _TOKEN.findall(text):
        if user:
            people.add(user)
        elif channel:
            channels.add(channel)
    return people, channels


def to_teams(text: str, people: Lookup, channel_name: Callable[[str], str]) -> Markup:
    """Convert one rendered message for an Adaptive Card TextBlock. Link syntax already in the text (only a
    person could have typed it) is broken first, so only the markup our templates produce becomes links and
    mentions; the `&lt;` escapes of user text become plain characters, which a card shows as they are."""
    mentions: list[dict[str, Any]] = []
    text = text.replace("](", _BREAK_LINK)

    def token(match: re.Match[str]) -> str:
        user, channel, channel_label, url, label = match.groups()
        if user:
            known = people(user)
            if known is None:
                return "a teammate"
            teams_id, name = known
            tag = f"<at>{name}</at>"
            if not any(m["text"] == tag for m in mentions):
                mentions.append({"type": "mention", "text": tag, "mentioned": {"id": teams_id, "name": name}})
            return tag
        if channel:
            return f"**{channel_label or channel_name(channel)}**"
        return f"[{label or url}]({url})"

    text = _TOKEN.sub(token, text)
    text = _BOLD.sub(r"**\1**", text)
    for entity, plain in _ENTITIES.items():
        text = text.replace(entity, plain)
    return Markup(text.replace("\n", "\n\n"), mentions)

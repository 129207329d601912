"""How replay shows what the bot did: a readable timeline, or one JSON object per action."""
from __future__ import annotations

import json
from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot.core.actions import REPLAYED, Action
from bot.services.digest import group
from bot.templates import Renderer


def json_line(action: Action, zone: ZoneInfo) -> str:
    return json.dumps({
        "at": action.at.astimezone(zone).isoformat(),
        "action": action.kind.value,
        "ticket": action.ticket,
        "to": list(action.to),
        "principle": action.principle,
        "level": action.level,
        "text": action.text,
    }, ensure_ascii=False)


def printer(renderer: Renderer, zone: ZoneInfo, as_json: bool, write: Callable[[str], None]) -> Callable[[list[Action]], None]:
    """A callback that prints each batch of actions as it happens."""
    def show(actions: list[Action]) -> None:
        actions = [a for a in actions if a.kind in REPLAYED]
        if as_json:
            for action in actions:
                write(json_line(action, zone))
            return
        for outgoing in group(actions, renderer):
            first = outgoing.actions[0]
            kind = first.kind.value if len(outgoing.actions) == 1 else f"digest of {len(outgoing.actions)}"
            write(renderer.render(
                "replay_line.j2", at=first.at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M %Z"), kind=kind,
                number=first.ticket_number if len(outgoing.actions) == 1 else None, to=", ".join(outgoing.to),
                principle=first.principle, level=first.level if len(outgoing.actions) == 1 else None,
                late=first.late, text=outgoing.text))
    return show

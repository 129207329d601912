"""Reminders that fall due together for one team channel become one message instead of a burst."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.actions import CHANNEL_REMINDERS, Action
from bot.templates import Renderer, mention_list


@dataclass(frozen=True)
class Outgoing:
    """One message to send: the actions it carries and its text (a digest when there are several)."""

    actions: tuple[Action, ...]
    text: str

    @property
    def to(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r for a in self.actions for r in a.to))


def group(actions: Iterable[Action], renderer: Renderer) -> list[Outgoing]:
    """Channel reminders of one sweep are combined per team channel; everything else goes alone."""
    batches: dict[str, list[Action]] = {}
    out: list[Outgoing] = []
    for action in actions:
        if action.kind in CHANNEL_REMINDERS:
            batches.setdefault(action.to[0], []).append(action)
        else:
            out.append(Outgoing((action,), action.text))
    for batch in batches.values():
        if len(batch) == 1:
            out.append(Outgoing((batch[0],), batch[0].text))
        else:
            mentions = mention_list(m for a in batch for m in a.mentions)
            items = [a.summary or a.text for a in batch]
            out.append(Outgoing(tuple(batch), renderer.render("digest.j2", items=items, mentions=mentions)))
    return out

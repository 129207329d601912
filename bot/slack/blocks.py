"""Block Kit around the rendered text: the wording comes from the templates, the buttons from here."""
from __future__ import annotations

from typing import Any

from bot.core.actions import Action

Block = dict[str, Any]

HELPFUL, UNHELPFUL, MUTE = "coach_helpful", "coach_unhelpful", "coach_mute"
TAKE, SNOOZE, RESOLVE = "ticket_take", "ticket_snooze", "ticket_resolve"


def _button(action_id: str, label: str, value: str, style: str | None = None) -> Block:
    button: Block = {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": label},
                     "value": value}
    if style:
        button["style"] = style
    return button


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def nudge(action: Action, labels: dict[str, str]) -> list[Block]:
    """The coaching note with feedback buttons; `labels` are the button captions from the templates."""
    return [_section(action.text), {"type": "actions", "elements": [
        _button(HELPFUL, labels["helpful"], str(action.nudge_id)),
        _button(UNHELPFUL, labels["unhelpful"], str(action.nudge_id)),
        _button(MUTE, labels["mute"], str(action.principle)),
    ]}]


def reminder(text: str, numbers: list[int], permalinks: dict[int, str], labels: dict[str, str]) -> list[Block]:
    """A reminder (or digest) for the team channel: links to the threads, and buttons for a single ticket."""
    blocks = [_section(text)]
    links = [f"<{permalinks[n]}|#{n}>" for n in numbers if n in permalinks]
    if links:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"{labels['open']} " + " · ".join(links)}]})
    if len(numbers) == 1:
        number = str(numbers[0])
        blocks.append({"type": "actions", "elements": [
            _button(TAKE, labels["take"], number, "primary"),
            _button(SNOOZE, labels["snooze"], number),
            _button(RESOLVE, labels["resolve"], number),
        ]})
    return blocks


def plain(text: str) -> list[Block]:
    return [_section(text)]


def home(text: str) -> dict[str, Any]:
    """The App Home view: each `---`-separated section of the rendered text becomes a block."""
    sections = [part.strip() for part in text.split("\n---\n") if part.strip()]
    body: list[Block] = []
    for index, part in enumerate(sections):
        if index:
            body.append({"type": "divider"})
        body.append(_section(part))
    return {"type": "home", "blocks": body}

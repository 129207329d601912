"""The `/coach settings` modal: inputs pre-filled from a channel's effective settings, and the submitted
values turned back into settings (validated by the engine, problems shown beside each input)."""
from __future__ import annotations

from typing import Any

from bot.settings.form import TEXTS, USERS, text_value
from bot.settings.model import ChannelSettings

CALLBACK = "coach_settings"


def _input(key: str, label: str, element: dict[str, Any], optional: bool = False) -> dict[str, Any]:
    return {"type": "input", "block_id": key, "optional": optional, "label": {"type": "plain_text", "text": label},
            "element": {"action_id": "value", **element}}


def view(settings: ChannelSettings, labels: dict[str, str]) -> dict[str, Any]:
    on = {"text": {"type": "plain_text", "text": labels["watched_option"]}, "value": "on"}
    watched: dict[str, Any] = {"type": "checkboxes", "options": [on]}
    if settings.watched:
        watched["initial_options"] = [on]
    blocks = [_input("watched", labels["watched"], watched, optional=True)]
    for key in USERS:
        element: dict[str, Any] = {"type": "multi_users_select"}
        if getattr(settings, key):
            element["initial_users"] = list(getattr(settings, key))
        blocks.append(_input(key, labels[key], element, optional=True))
    blocks.append(_input("team_channel", labels["team_channel"],
                         {"type": "conversations_select", "initial_conversation": settings.team_channel}))
    for key in TEXTS:
        blocks.append(_input(key, labels[key], {"type": "plain_text_input", "initial_value": text_value(settings, key)},
                             optional=key == "escalation"))
    return {"type": "modal", "callback_id": CALLBACK, "private_metadata": settings.id,
            "title": {"type": "plain_text", "text": labels["title"][:24]},
            "submit": {"type": "plain_text", "text": labels["submit"]},
            "close": {"type": "plain_text", "text": labels["cancel"]}, "blocks": blocks}


def values(state: dict[str, Any]) -> dict[str, Any]:
    """Submitted inputs as settings values, in the forms the configuration file uses."""
    read = {key: (block.get("value") or {}) for key, block in state.items()}
    result: dict[str, Any] = {"watched": bool(read.get("watched", {}).get("selected_options"))}
    for key in USERS:
        result[key] = list(read.get(key, {}).get("selected_users") or [])
    if read.get("team_channel", {}).get("selected_conversation"):
        result["team_channel"] = read["team_channel"]["selected_conversation"]
    for key in TEXTS:
        text = (read.get(key, {}).get("value") or "").strip()
        if key == "escalation":
            result[key] = [part.strip() for part in text.split(",") if part.strip()]
        elif text:
            result[key] = text
    return result

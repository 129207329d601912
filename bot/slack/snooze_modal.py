"""The Snooze message shortcut's dialog: pick how long a ticket's reminders pause (30 minutes preselected)."""
from __future__ import annotations

import json
from typing import Any

CALLBACK = "coach_snooze"
BLOCK = "duration"
#: What the dialog offers, as `/coach snooze` durations; captions come from snooze_modal.j2.
CHOICES = ("15m", "30m", "1h", "2h", "4h", "1d")
DEFAULT = "30m"


def _option(value: str, labels: dict[str, str]) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": labels[value]}, "value": value}


def view(channel: str, message_ts: str, labels: dict[str, str]) -> dict[str, Any]:
    """The modal for the ticket of the message the shortcut was used on."""
    select = {"type": "static_select", "action_id": "value", "options": [_option(c, labels) for c in CHOICES],
              "initial_option": _option(DEFAULT, labels)}
    return {"type": "modal", "callback_id": CALLBACK,
            "private_metadata": json.dumps({"channel": channel, "ts": message_ts}),
            "title": {"type": "plain_text", "text": labels["title"]},
            "submit": {"type": "plain_text", "text": labels["submit"]},
            "close": {"type": "plain_text", "text": labels["cancel"]},
            "blocks": [{"type": "input", "block_id": BLOCK, "label": {"type": "plain_text", "text": labels["label"]},
                        "element": select}]}


def chosen(view: dict[str, Any]) -> tuple[str, str, str]:
    """(channel, message ts, duration) of a submitted dialog; an unknown duration falls back to the default."""
    meta = json.loads(view.get("private_metadata") or "{}")
    picked = (((view.get("state") or {}).get("values") or {}).get(BLOCK) or {}).get("value") or {}
    duration = (picked.get("selected_option") or {}).get("value")
    return str(meta.get("channel", "")), str(meta.get("ts", "")), duration if duration in CHOICES else DEFAULT

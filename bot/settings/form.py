"""The settings people may change from chat, as the text a form shows and reads back (Slack's modal uses
richer pickers for people and channels; Teams' Adaptive Card form is text throughout)."""
from __future__ import annotations

from typing import Any

from bot.core.durations import format_duration
from bot.settings.model import ChannelSettings

USERS = ("agents", "leads", "managers")
TEXTS = ("first_response", "first_response_urgent", "owner_followup", "escalation", "business_hours", "timezone",
         "daily_tip")
FIELDS = ("watched", *USERS, "team_channel", *TEXTS)


def text_value(settings: ChannelSettings, key: str) -> str:
    """One setting as a person would type it."""
    value = getattr(settings, key)
    if key == "watched":
        return "on" if value else "off"
    if key in USERS:
        return ", ".join(value)
    if key == "escalation":
        return ", ".join(f"{format_duration(step.after)}:{step.level}" for step in value)
    if key == "daily_tip":
        return value.strftime("%H:%M") if value else "off"
    return format_duration(value) if hasattr(value, "total_seconds") else str(value)


def from_text(entered: dict[str, Any]) -> dict[str, Any]:
    """Typed values in the forms the configuration file uses; blank fields are left unchanged."""
    result: dict[str, Any] = {}
    for key in FIELDS:
        text = str(entered.get(key) or "").strip()
        if key == "watched" and text:
            result[key] = text.lower() in ("on", "yes", "true", "1")
        elif key in USERS or key == "escalation":
            if key in entered:
                result[key] = [part.strip() for part in text.split(",") if part.strip()]
        elif text:
            result[key] = text
    return result

"""Settings changed from chat: validated with the file's own rules, stored per channel, winning over the file."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.core.roles import Role
from bot.services.context import Context
from bot.settings import ConfigError
from bot.settings.loader import apply_overrides
from bot.settings.model import ChannelSettings
from bot.store.models import ChannelSetting


def may_change(settings: ChannelSettings, user: str, is_admin: bool) -> bool:
    return is_admin or settings.role_of(user) in (Role.LEAD, Role.MANAGER)


def change(ctx: Context, session: Session, workspace: str, channel: str, user: str, is_admin: bool,
           values: dict[str, Any]) -> dict[str, str]:
    """Store the values that differ from the effective settings; returns problems by key (empty when saved)."""
    current = ctx.channel_settings(session, workspace, channel)
    if current is None:
        return {"channel": "not a configured support channel"}
    if not may_change(current, user, is_admin):
        return {"channel": "only leads and workspace admins can change these settings"}
    problems: dict[str, str] = {}
    for key, value in values.items():
        try:
            apply_overrides(current, {key: value})
        except ConfigError as error:
            problems[key] = str(error).split(": ", 1)[-1]
    if problems:
        return problems
    for key, value in values.items():
        row = session.get(ChannelSetting, (workspace, channel, key))
        if row is None:
            session.add(ChannelSetting(workspace=workspace, channel=channel, key=key, value=value))
        else:
            row.value = value
    ctx.settings_changed(session, workspace)
    return {}

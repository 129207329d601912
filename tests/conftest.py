"""Shared fixtures: where the shared data lives, and calendars."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core.calendar import BusinessCalendar

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("COACHBOT_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture
def chicago() -> BusinessCalendar:
    return BusinessCalendar.from_settings("America/Chicago", "Mon-Fri 09:00-17:00")

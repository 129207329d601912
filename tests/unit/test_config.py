"""Configuration: defaults, per-channel overrides, and errors that name the key and line."""
from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.settings import ConfigError, parse_config
from bot.settings.loader import apply_overrides

VALID = """
[workspace]
timezone = "Europe/Berlin"
business_hours = "Mon-Fri 08:00-18:00"

[defaults]
first_response = "1h30m"
escalation = []
daily_tip = "off"

[[channels]]
id = "C1"
team_channel = "T1"
agents = ["U1"]
timezone = "America/Chicago"
nudge_cap_per_hour = 5
"""


def test_defaults_flow_into_channels_and_channels_override_them():
    (channel,) = parse_config(VALID).channels
    assert channel.first_response == timedelta(hours=1, minutes=30)
    assert channel.escalation == () and channel.daily_tip is None
    assert channel.business_hours == "Mon-Fri 08:00-18:00" and channel.timezone == "America/Chicago"
    assert channel.nudge_cap_per_hour == 5 and channel.owner_followup == timedelta(minutes=30)


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[defaults]\nfirst_respons = "5m"\n', "defaults.first_respons (line 2): unknown key"),
        ('[defaults]\n\nowner_followup = "soon"\n', "defaults.owner_followup (line 3): not a duration"),
        ('[workspace]\ntimezone = "Mars/Olympus"\n', "workspace.timezone (line 2): unknown time zone"),
        ('[workspace]\nbusiness_hours = "weekdays"\n', "workspace.business_hours (line 2)"),
        ('[defaults]\nescalation = ["15m:ceo"]\n', "level must be one of team, leads, managers"),
        ('[defaults]\ndaily_tip = "9am"\n', "defaults.daily_tip"),
        ('[[channels]]\nid = "C1"\n', "channels[0].team_channel: missing required key"),
        ('[[channels]]\nid = "C1"\nteam_channel = "T"\n[[channels]]\nid = "C1"\nteam_channel = "T"\n', "configured twice"),
        ('[defaults]\nimplicit_ownership = "yes"\n', "must be true or false"),
        ("[defaults\n", "not valid TOML"),
        ('[slack]\ntoken = "x"\n', "unknown section [slack]"),
    ],
)
def test_errors_name_the_key_and_line(toml: str, expected: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(toml)
    assert expected in str(error.value)


def test_settings_stored_from_chat_win_and_are_validated():
    (channel,) = parse_config(VALID).channels
    changed = apply_overrides(channel, {"daily_tip": "10:15", "agents": ["U1", "U2"]})
    assert changed.daily_tip == time(10, 15) and changed.agents == ("U1", "U2")
    with pytest.raises(ConfigError, match="first_response"):
        apply_overrides(channel, {"first_response": "whenever"})

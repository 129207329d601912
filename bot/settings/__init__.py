"""Configuration: the TOML file, validated into frozen settings per channel."""
from bot.settings.loader import ConfigError, load_config, parse_config
from bot.settings.model import ChannelSettings, Config, Role, WorkspaceSettings

__all__ = ["ChannelSettings", "Config", "ConfigError", "Role", "WorkspaceSettings", "load_config", "parse_config"]

"""Teams credentials and the rules for running without them, read once from the environment."""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from botframework.connector.auth import AuthenticationConstants

from bot.settings import ConfigError

APP_TYPES = ("SingleTenant", "MultiTenant", "UserAssignedMSI")


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (IPv4 or IPv6)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class TeamsSettings:
    """`MicrosoftAppId` and friends; with no app id the bot is a local development bot."""

    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_type: str = "SingleTenant"
    tenant_id: str = ""
    allow_anonymous: bool = False
    trusted_service_urls: tuple[str, ...] = ()

    @property
    def authenticated(self) -> bool:
        return bool(self.app_id)

    @classmethod
    def from_env(cls, host: str, allow_anonymous: bool = False) -> TeamsSettings:
        """Read the environment; refuse to run unauthenticated on a non-loopback address unless asked to."""
        app_id = os.environ.get("MicrosoftAppId", "")
        app_type = os.environ.get("MicrosoftAppType", "SingleTenant") or "SingleTenant"
        if app_type not in APP_TYPES:
            raise ConfigError(f"MicrosoftAppType must be one of {', '.join(APP_TYPES)}, not {app_type!r}")
        tenant = os.environ.get("MicrosoftAppTenantId", "")
        if app_id and app_type == "SingleTenant" and not tenant:
            raise ConfigError("a SingleTenant bot needs MicrosoftAppTenantId (the Azure AD tenant of its registration)")
        if app_id and app_type != "UserAssignedMSI" and not os.environ.get("MicrosoftAppPassword"):
            raise ConfigError("MicrosoftAppId is set but MicrosoftAppPassword is not")
        if not app_id and not (allow_anonymous or is_loopback(host)):
            raise ConfigError(f"without MicrosoftAppId the Teams bot only listens on a loopback address, not {host!r} "
                              "(or pass --allow-anonymous to accept unauthenticated requests anyway)")
        trusted = tuple(u.strip().rstrip("/") for u in os.environ.get("COACHBOT_TRUSTED_SERVICE_URLS", "").split(",")
                        if u.strip())
        return cls(app_id, os.environ.get("MicrosoftAppPassword", ""), app_type, tenant, allow_anonymous, trusted)

    def may_call(self, service_url: str) -> bool:
        """Where replies may go. Authenticated requests carry a signed service URL; without credentials only
        loopback addresses and COACHBOT_TRUSTED_SERVICE_URLS, so no request can aim the bot at another host."""
        if self.authenticated:
            return urlsplit(service_url).scheme == "https" or service_url.rstrip("/") in self.trusted_service_urls \
                or is_loopback(urlsplit(service_url).hostname or "")
        parts = urlsplit(service_url)
        return parts.scheme in ("http", "https") and (is_loopback(parts.hostname or "")
                                                      or service_url.rstrip("/") in self.trusted_service_urls)

    def bot_configuration(self) -> object:
        """The attribute bag botbuilder's ConfigurationBotFrameworkAuthentication reads."""
        class Configuration:
            APP_ID = self.app_id
            APP_PASSWORD = self.app_password
            APP_TYPE = self.app_type if self.app_id else "MultiTenant"  # the type botbuilder runs unauthenticated
            APP_TENANTID = self.tenant_id
        metadata = os.environ.get("COACHBOT_TEAMS_OPENID_METADATA_URL")
        if metadata:
            # Where the channel's signing keys are published (tests use a local server). Naming one switches
            # botbuilder to its parameterized mode, which then needs every public-cloud value spelled out.
            public = AuthenticationConstants
            for name, value in {
                "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": metadata,
                "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": public.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER,
                "TO_CHANNEL_FROM_BOT_LOGIN_URL": public.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX + (self.tenant_id or
                                                                                            "botframework.com"),
                "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE": public.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
                "OAUTH_URL": public.OAUTH_URL,
                "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL": public.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL,
                "CALLER_ID": "urn:botframework:azure",
            }.items():
                setattr(Configuration, name, value)
        return Configuration()

    @staticmethod
    def configured() -> bool:
        return bool(os.environ.get("MicrosoftAppId"))

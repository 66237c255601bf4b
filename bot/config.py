"""Settings read from the environment, in one place (../shared/INTERFACES.md section 3)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DEFAULT_API_URL", "DEFAULT_DATABASE_URL", "Settings"]

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///oauth-triage.sqlite3"


def _database_url(value: str | None) -> str:
    """The SQLAlchemy URL; Heroku's ``postgres://`` spelling is accepted."""
    if not value:
        return DEFAULT_DATABASE_URL
    if value.startswith("postgres://"):
        return "postgresql://" + value.removeprefix("postgres://")
    return value


def _channels(value: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (value or "").split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """How ``python -m bot serve`` runs: tokens, endpoints, storage and channels."""

    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = DEFAULT_API_URL
    port: int = 3000
    database_url: str = DEFAULT_DATABASE_URL
    triage_channels: frozenset[str] = frozenset()
    escalation_channel: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: ``os.environ``)."""
        env = os.environ if env is None else env
        api_url = env.get("SLACK_API_URL") or DEFAULT_API_URL
        return cls(
            bot_token=env.get("SLACK_BOT_TOKEN") or None,
            signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            app_token=env.get("SLACK_APP_TOKEN") or None,
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            port=int(env.get("PORT") or 3000),
            database_url=_database_url(env.get("DATABASE_URL")),
            triage_channels=_channels(env.get("TRIAGE_CHANNELS")),
            escalation_channel=env.get("ESCALATION_CHANNEL") or None,
        )

    @property
    def socket_mode(self) -> bool:
        """Socket Mode when an app-level token is set, HTTP otherwise."""
        return bool(self.app_token)

    def problems(self) -> list[str]:
        """What is missing to start the app in the configured mode."""
        found = []
        if not self.bot_token:
            found.append("SLACK_BOT_TOKEN is not set (the bot token, xoxb-...)")
        if not self.socket_mode and not self.signing_secret:
            found.append("SLACK_SIGNING_SECRET is not set (needed in HTTP mode)")
        return found

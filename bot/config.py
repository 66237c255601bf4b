"""Settings read from the environment, in one place (../shared/INTERFACES.md section 3)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_DATABASE_URL",
    "DEFAULT_GRACEFUL_TIMEOUT",
    "DEFAULT_RETENTION_DAYS",
    "DEFAULT_THREADS",
    "DEFAULT_WEB_CONCURRENCY",
    "SettingError",
    "Settings",
]

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///oauth-triage.sqlite3"
DEFAULT_RETENTION_DAYS = 30
DEFAULT_WEB_CONCURRENCY = 1
#: Threads per worker. The work after each ack is CPU-bound while Slack answers quickly, and
#: Python runs one thread at a time: at 100 events/s on two cores, 8 threads kept acks
#: waiting for their turn (p99 140-220 ms), 4 kept them under 50 ms (bench/load.py).
DEFAULT_THREADS = 4
DEFAULT_GRACEFUL_TIMEOUT = 30
#: A Slack user ID: U... or, in Enterprise Grid, W...
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


class SettingError(ValueError):
    """A setting that cannot be used; the message names it first (``NAME: why``)."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name


def _database_url(value: str | None) -> str:
    """The SQLAlchemy URL; Heroku's ``postgres://`` spelling is accepted."""
    if not value:
        return DEFAULT_DATABASE_URL
    if value.startswith("postgres://"):
        return "postgresql://" + value.removeprefix("postgres://")
    return value


def _ids(value: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (value or "").split(",") if part.strip())


def _api_url(value: str | None) -> str:
    url = value or DEFAULT_API_URL
    if not re.match(r"https?://[^/\s]+", url):
        raise SettingError("SLACK_API_URL", f"{url!r} is not an http(s) URL")
    return url if url.endswith("/") else url + "/"


def _whole_number(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = (env.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise SettingError(name, f"{value!r} is not a whole number from {low} to {high}")
    return int(value)


def _admins(value: str | None) -> frozenset[str]:
    found = _ids(value)
    for user in sorted(found):
        if not _USER_ID.fullmatch(user):
            raise SettingError(
                "TRIAGE_ADMINS",
                f"{user!r} is not a Slack user ID (U... or W..., from the profile's ⋮ menu)",
            )
    return found


@dataclass(frozen=True)
class Settings:
    """How ``python -m bot serve`` runs: tokens, endpoints, storage, channels and operators."""

    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = DEFAULT_API_URL
    port: int = 3000
    database_url: str = DEFAULT_DATABASE_URL
    triage_channels: frozenset[str] = frozenset()
    escalation_channel: str | None = None
    #: Users who may switch auto-triage on and off anywhere, besides admins and creators.
    triage_admins: frozenset[str] = frozenset()
    #: Days that pastes (answers' threads, unmatched texts) are kept.
    retention_days: int = DEFAULT_RETENTION_DAYS
    #: HTTP mode: gunicorn worker processes, request threads in each, and the seconds a
    #: stopping worker has to finish its requests and listeners.
    web_concurrency: int = DEFAULT_WEB_CONCURRENCY
    threads: int = DEFAULT_THREADS
    graceful_timeout: int = DEFAULT_GRACEFUL_TIMEOUT
    #: The OAuth install flow (many workspaces): the app's client ID and secret, and the
    #: secret that signs the install links' ``state``. All three, or none.
    client_id: str | None = None
    client_secret: str | None = None
    state_secret: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: ``os.environ``).

        Raises :class:`SettingError` for a value that cannot be used.
        """
        env = os.environ if env is None else env
        return cls(
            bot_token=env.get("SLACK_BOT_TOKEN") or None,
            signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            app_token=env.get("SLACK_APP_TOKEN") or None,
            api_url=_api_url(env.get("SLACK_API_URL")),
            port=_whole_number(env, "PORT", 3000, 1, 65535),
            database_url=_database_url(env.get("DATABASE_URL")),
            triage_channels=_ids(env.get("TRIAGE_CHANNELS")),
            escalation_channel=env.get("ESCALATION_CHANNEL") or None,
            triage_admins=_admins(env.get("TRIAGE_ADMINS")),
            retention_days=_whole_number(env, "RETENTION_DAYS", DEFAULT_RETENTION_DAYS, 1, 36500),
            web_concurrency=_whole_number(env, "WEB_CONCURRENCY", DEFAULT_WEB_CONCURRENCY, 1, 64),
            threads=_whole_number(env, "THREADS", DEFAULT_THREADS, 1, 256),
            graceful_timeout=_whole_number(
                env, "GRACEFUL_TIMEOUT", DEFAULT_GRACEFUL_TIMEOUT, 1, 3600
            ),
            client_id=env.get("SLACK_CLIENT_ID") or None,
            client_secret=env.get("SLACK_CLIENT_SECRET") or None,
            state_secret=env.get("SLACK_STATE_SECRET") or None,
        )

    @property
    def socket_mode(self) -> bool:
        """Socket Mode when an app-level token is set, HTTP otherwise."""
        return bool(self.app_token)

    @property
    def oauth(self) -> bool:
        """Many workspaces: the OAuth install flow, tokens from the installation store.

        On when ``SLACK_CLIENT_ID``, ``SLACK_CLIENT_SECRET`` and ``SLACK_STATE_SECRET`` are
        all set; ``SLACK_BOT_TOKEN`` is then not used.
        """
        return bool(self.client_id and self.client_secret and self.state_secret)

    def _oauth_problems(self) -> list[str]:
        given = {
            "SLACK_CLIENT_ID": self.client_id,
            "SLACK_CLIENT_SECRET": self.client_secret,
            "SLACK_STATE_SECRET": self.state_secret,
        }
        missing = [name for name, value in given.items() if not value]
        if len(missing) in (1, 2):
            return [
                f"{missing[0]} is not set (the OAuth install flow needs SLACK_CLIENT_ID, "
                "SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together)"
            ]
        if not missing and self.socket_mode:
            return [
                "SLACK_APP_TOKEN is set, but the OAuth install flow is served in HTTP mode "
                "(unset SLACK_APP_TOKEN, or the three OAuth settings)"
            ]
        return []

    def problems(self) -> list[str]:
        """What is missing to start the app in the configured mode, each naming its setting."""
        found = self._oauth_problems()
        if not self.bot_token and not self.oauth and not found:
            found.append("SLACK_BOT_TOKEN is not set (the bot token, xoxb-...)")
        if not self.socket_mode and not self.signing_secret:
            found.append("SLACK_SIGNING_SECRET is not set (needed in HTTP mode)")
        return found

"""Many workspaces: Slack's OAuth install flow, and forgetting a workspace that uninstalls.

With ``SLACK_CLIENT_ID``, ``SLACK_CLIENT_SECRET`` and ``SLACK_STATE_SECRET`` set, Bolt serves
``GET /slack/install`` (the Add to Slack link, with a fresh ``state``) and
``GET /slack/oauth_redirect`` (Slack sends the person back there with a code; the code is
exchanged for the workspace's bot token by ``oauth.v2.access``). Installations and states
live in slack_sdk's SQLAlchemy stores, on the bot's own database engine; each request is
then answered with the bot token of the workspace it came from (Bolt puts a client with
that token in ``client``). Tokens that expire (token rotation) are refreshed before use
through the same Web API as everything else (``SLACK_API_URL``).

``app_uninstalled`` deletes everything stored for the workspace; ``tokens_revoked`` does
the same when the bot token is among the revoked ones (the bot holds no user tokens).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import logging
from pathlib import Path
from typing import Any

import yaml
from slack_bolt import App, BoltContext
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy.engine import Engine

from bot.config import SettingError, Settings

__all__ = [
    "INSTALL_PATH",
    "MANIFEST",
    "REDIRECT_PATH",
    "STATE_SECONDS",
    "Install",
    "SignedStateStore",
    "install_flow",
    "manifest_scopes",
    "register_uninstall",
]

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
#: How long an install link's ``state`` stays valid.
STATE_SECONDS = 600
#: The app manifest: its ``oauth_config.scopes.bot`` are the scopes the install asks for.
MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def manifest_scopes(path: Path = MANIFEST) -> list[str]:
    """The bot scopes ``manifest.yml`` declares, in its order.

    Raises :class:`SettingError` (naming ``SLACK_CLIENT_ID``, the setting that asks for the
    install flow) when the manifest cannot be read or declares none.
    """
    try:
        manifest = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        scopes = manifest["oauth_config"]["scopes"]["bot"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as err:
        raise SettingError(
            "SLACK_CLIENT_ID", f"the install flow reads its scopes from {path}: {err}"
        ) from None
    if not scopes or not all(isinstance(scope, str) for scope in scopes):
        raise SettingError("SLACK_CLIENT_ID", f"{path} declares no bot scopes")
    return list(scopes)


class SignedStateStore(OAuthStateStore):
    """A state store whose states carry an HMAC made with ``SLACK_STATE_SECRET``.

    A state that was not signed with the secret is refused before the database is asked;
    a signed one is still used once and expires (the wrapped store).
    """

    def __init__(self, inner: OAuthStateStore, secret: str) -> None:
        self.inner = inner
        self._secret = secret.encode()

    @property
    def logger(self) -> logging.Logger:
        return log

    def _signature(self, state: str) -> str:
        return hmac.new(self._secret, state.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = self.inner.issue(*args, **kwargs)
        return f"{state}.{self._signature(state)}"

    def consume(self, state: str) -> bool:
        raw, _, signature = state.rpartition(".")
        if not raw or not hmac.compare_digest(signature, self._signature(raw)):
            log.warning("install: refused a state that was not signed with SLACK_STATE_SECRET")
            return False
        return self.inner.consume(raw)


class Install:
    """The install flow's pieces for one app: settings for Bolt, and the two stores."""

    def __init__(self, settings: Settings, engine: Engine, client: WebClient) -> None:
        if not settings.oauth:
            raise ValueError("the OAuth install flow is not configured")
        self.client = client
        client_id = settings.client_id or ""
        self.installations = SQLAlchemyInstallationStore(
            client_id=client_id, engine=engine, logger=log
        )
        self.states = SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=engine, logger=log
        )
        self.installations.create_tables()  # creates only the tables that are missing
        self.states.create_tables()
        self.settings = OAuthSettings(
            client_id=client_id,
            client_secret=settings.client_secret,
            scopes=manifest_scopes(),
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            installation_store=self.installations,
            state_store=SignedStateStore(self.states, settings.state_secret or ""),
            state_expiration_seconds=STATE_SECONDS,
            installation_store_bot_only=True,
            logger=log,
        )
        # Bolt's own authorize refreshes rotating tokens through slack.com whatever
        # SLACK_API_URL says; this one uses the app's client (its base URL and retries).
        # Bot tokens only (the bot asks for no user scopes): looking up the person's own
        # installation too would refresh one rotating token twice in a request.
        self.authorize = InstallationStoreAuthorize(
            logger=log,
            installation_store=self.installations,
            bot_only=True,
            client_id=client_id,
            client_secret=settings.client_secret,
            token_rotation_expiration_minutes=self.settings.token_rotation_expiration_minutes,
            client=client,
        )
        self.settings.authorize = self.authorize

    def client_for(self, team_id: str | None, enterprise_id: str | None = None) -> WebClient | None:
        """A client with the workspace's bot token as of now (refreshed first when it is
        about to expire), for work done outside a request; None when it is not installed.

        Listeners need none of this: Bolt gives them such a client as ``client``.
        """
        found = self.authorize(  # checks the token with auth.test, as for a request
            context=BoltContext({"client": self.client}),
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=None,
        )
        if found is None or not found.bot_token:
            return None
        client = copy.copy(self.client)
        client.token = found.bot_token
        return client


def install_flow(settings: Settings, engine: Engine, client: WebClient) -> Install | None:
    """The install flow when the settings ask for it (tables created), else None."""
    return Install(settings, engine, client) if settings.oauth else None


def register_uninstall(app: App, install: Install) -> None:
    """Forget a workspace that uninstalls the app or revokes its bot token."""
    store = install.installations

    def forget(context: BoltContext, why: str) -> None:
        store.delete_all(enterprise_id=context.enterprise_id, team_id=context.team_id)
        log.info("%s in %s: its installation is deleted", why, context.team_id)

    def on_app_uninstalled(context: BoltContext) -> None:
        forget(context, "app uninstalled")

    def on_tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        if (event.get("tokens") or {}).get("bot"):
            forget(context, "bot token revoked")

    app.event("app_uninstalled")(on_app_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)

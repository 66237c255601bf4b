"""Build the Bolt app: a retrying Web API client, the services, dedupe, the listeners, and
the error handler; logs without request bodies; the start-up check of the token."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any
from urllib.error import URLError
from weakref import WeakKeyDictionary

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    HttpRequest,
    HttpResponse,
    RateLimitErrorRetryHandler,
    RetryState,
)
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.config import SettingError, Settings
from bot.kb import KnowledgeSource
from bot.slack.errors import handle_error
from bot.slack.install import Install, install_flow, register_uninstall
from bot.slack.listeners import register_listeners
from bot.slack.logs import quiet_library_logs
from bot.slack.outbox import Courier, OutboxPolicy
from bot.slack.services import Services, attach, services
from bot.store import Store
from bot.store.outbox import Outbox
from bot.triage import Triager

__all__ = [
    "TOKEN_ERRORS",
    "AnyServerErrorRetryHandler",
    "build_app",
    "check_token",
    "drop_repeated_events",
    "services_of",
    "stop_outbox",
    "web_client",
    "workspace_client",
]

#: ``auth.test`` errors that mean the token itself is wrong.
TOKEN_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "account_inactive",
        "not_allowed_token_type",
    }
)

#: The services each app was built with, for what runs beside Bolt (the health check).
_BUILT: WeakKeyDictionary[App, Services] = WeakKeyDictionary()
#: The install flow of each app built with one.
_INSTALLS: WeakKeyDictionary[App, Install] = WeakKeyDictionary()


class AnyServerErrorRetryHandler(ServerErrorRetryHandler):
    """slack_sdk's server-error handler, for every 5xx rather than only 500 and 503."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600


def web_client(settings: Settings) -> WebClient:
    """The Web API client: retried on 429 (after Retry-After), 5xx and connection errors."""
    return WebClient(
        # Many workspaces: no token of its own; each request's client gets its workspace's.
        token=None if settings.oauth else settings.bot_token,
        base_url=settings.api_url,
        timeout=10,
        logger=quiet_library_logs(),
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            AnyServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def check_token(settings: Settings) -> dict[str, Any]:
    """``auth.test`` with the bot token: who the bot is, in which workspace.

    Raises :class:`SettingError` naming ``SLACK_BOT_TOKEN`` when Slack refuses the token, or
    ``SLACK_API_URL`` when the Web API cannot be reached there or does not answer like it.
    """
    # The client's own logs would repeat the failure this raises: they go nowhere.
    silent = logging.getLogger("bot.slack.token_check")
    silent.propagate = False
    if not silent.handlers:
        silent.addHandler(logging.NullHandler())
    client = WebClient(
        token=settings.bot_token, base_url=settings.api_url, timeout=10, logger=silent
    )
    where = settings.api_url + "auth.test"
    try:
        answer = client.auth_test()
    except SlackApiError as err:
        error = err.response.get("error") if isinstance(err.response.data, dict) else None
        if error in TOKEN_ERRORS:
            raise SettingError(
                "SLACK_BOT_TOKEN",
                f"Slack refused the token ({error}); copy the Bot User OAuth "
                "Token (xoxb-...) from the app's OAuth & Permissions page",
            ) from None
        if error:
            raise SettingError("SLACK_BOT_TOKEN", f"auth.test failed ({error})") from None
        status = err.response.status_code
        raise SettingError(
            "SLACK_API_URL", f"{where} does not answer like Slack's Web API (HTTP {status})"
        ) from None
    except (URLError, OSError, SlackClientError) as err:
        reason = getattr(err, "reason", None) or err
        raise SettingError("SLACK_API_URL", f"cannot reach {where} ({reason})") from None
    return answer.data if isinstance(answer.data, dict) else {}


def drop_repeated_events(
    body: dict[str, Any], context: BoltContext, next: Callable[[], BoltResponse]
) -> BoltResponse:
    """Acknowledge an event already handled without handling it again.

    Slack redelivers an event (same ``event_id``) when it saw no timely ack; any delivery
    may be the first to arrive, so the first one seen is handled and the rest dropped.
    """
    event_id = body.get("event_id")
    repeated = (
        body.get("type") == "event_callback"
        and event_id
        and not services(context).store.claim(f"event:{event_id}")
    )
    return BoltResponse(status=200, body="") if repeated else next()


def build_app(
    settings: Settings,
    triager: Triager | KnowledgeSource[Triager],
    store: Store,
    *,
    listener_executor: Executor | None = None,
    outbox_policy: OutboxPolicy | None = None,
) -> App:
    """The Bolt app; events are acknowledged before the work (``process_before_response=False``).

    Its courier's worker thread starts here, draining the store's outbox (what this or an
    earlier instance could not post yet); :func:`stop_outbox` stops it. With the OAuth
    install flow configured (:attr:`Settings.oauth`), Bolt also serves the install pages
    and finds each workspace's token in the installation store, on the store's engine;
    otherwise every request uses ``SLACK_BOT_TOKEN``.
    """
    client = web_client(settings)
    install = install_flow(settings, store.engine, client)
    app = App(
        client=client,
        signing_secret=settings.signing_secret or "",
        process_before_response=False,
        listener_executor=listener_executor,
        logger=quiet_library_logs(),
        oauth_settings=install.settings if install else None,
    )
    courier = Courier(
        Outbox(store),
        app.client,
        policy=outbox_policy,
        client_for=(lambda team: workspace_client(app, team)) if install else None,
    )
    found = Services(settings, triager, store, courier)
    _BUILT[app] = found
    app.use(attach(found))
    app.use(drop_repeated_events)
    if install is not None:
        _INSTALLS[app] = install
        register_uninstall(app, install)
    register_listeners(app)
    app.error(handle_error)
    courier.start()
    return app


def stop_outbox(app: App) -> None:
    """Stop the app's outbox worker; what it has not sent waits for the next instance."""
    courier = _BUILT[app].courier
    if courier is not None:
        courier.stop()


def services_of(app: App) -> Services:
    """The services :func:`build_app` gave ``app``."""
    return _BUILT[app]


def workspace_client(
    app: App, team_id: str | None, enterprise_id: str | None = None
) -> WebClient | None:
    """For work outside a request (a retry later, a scheduled post): a client with the
    token of workspace ``team_id``, or None when the app is not installed there. With
    ``SLACK_BOT_TOKEN`` (one workspace) it is the app's own client, whatever the team.

    Inside a listener use Bolt's ``client`` argument instead: it already is this.
    """
    install = _INSTALLS.get(app)
    return app.client if install is None else install.client_for(team_id, enterprise_id)

"""Build the Bolt app: a retrying Web API client, the services, dedupe, the listeners, and
the error handler."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    HttpRequest,
    HttpResponse,
    RateLimitErrorRetryHandler,
    RetryState,
)
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.config import Settings
from bot.kb import KnowledgeSource
from bot.slack.errors import handle_error
from bot.slack.listeners import register_listeners
from bot.slack.services import Services, attach, services
from bot.store import Store
from bot.triage import Triager

__all__ = ["AnyServerErrorRetryHandler", "build_app", "drop_repeated_events", "web_client"]


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
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            AnyServerErrorRetryHandler(max_retry_count=2),
        ],
    )


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
) -> App:
    """The Bolt app; events are acknowledged before the work (``process_before_response=False``)."""
    app = App(
        client=web_client(settings),
        signing_secret=settings.signing_secret or "",
        process_before_response=False,
        listener_executor=listener_executor,
    )
    app.use(attach(Services(settings, triager, store)))
    app.use(drop_repeated_events)
    register_listeners(app)
    app.error(handle_error)
    return app

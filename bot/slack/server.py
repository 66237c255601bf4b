"""Run the app: HTTP (``POST /slack/events``, ``GET /healthz``, and with the OAuth install
flow ``GET /slack/install`` and ``GET /slack/oauth_redirect``) or Socket Mode."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.slack.app import services_of
from bot.slack.install import INSTALL_PATH, REDIRECT_PATH

__all__ = ["EVENTS_PATH", "HEALTH_PATH", "make_http_server", "socket_mode_handler", "wsgi_app"]

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
#: Slack's requests are far smaller; anything bigger is refused before it is read.
MAX_BODY_BYTES = 1_000_000


def wsgi_app(app: App) -> Callable[..., Iterable[bytes]]:
    """The WSGI application: Slack's requests for Bolt, and a health check.

    The install pages (``GET /slack/install``, ``GET /slack/oauth_redirect``) go to Bolt too;
    it answers them when the OAuth install flow is configured, 404 otherwise.

    ``GET /healthz`` answers 200 when the store answers and knowledge is loaded, 503
    otherwise, with a small JSON report either way (``{"store": "ok", "knowledge": "ok"}``).
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    found = services_of(app)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]):
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            ready, report = found.readiness()
            body = json.dumps(report).encode() + b"\n"
            start_response(
                "200 OK" if ready else "503 Service Unavailable",
                [
                    ("Content-Type", "application/json"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [] if method == "HEAD" else [body]
        if path in (INSTALL_PATH, REDIRECT_PATH) and method == "GET":
            return slack(environ, start_response)
        length = environ.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            start_response("413 Payload Too Large", [("Content-Type", "text/plain")])
            return [b"payload too large\n"]
        return slack(environ, start_response)

    return application


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)


def make_http_server(app: App, host: str, port: int) -> WSGIServer:
    """A threaded HTTP server for ``app``, bound and ready for ``serve_forever()``."""
    return make_server(
        host, port, wsgi_app(app), server_class=_ThreadingServer, handler_class=_QuietHandler
    )


def socket_mode_handler(app: App, app_token: str) -> SocketModeHandler:
    """Socket Mode over the app's own (retrying) Web API client."""
    return SocketModeHandler(app, app_token, web_client=app.client)

"""``python -m bot serve``: the Slack app, configured from the environment.

HTTP on ``$PORT`` (``POST /slack/events``, ``GET /healthz``); Socket Mode when
``SLACK_APP_TOKEN`` is set. See ../shared/INTERFACES.md section 3.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.cli.errors import triager_source_or_exit
from bot.config import Settings
from bot.slack.app import build_app
from bot.slack.server import make_http_server, socket_mode_handler
from bot.store import Store

__all__ = ["register"]

log = logging.getLogger("bot.serve")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command."""
    parser = commands.add_parser(
        "serve", help="run the Slack app (HTTP, or Socket Mode when SLACK_APP_TOKEN is set)"
    )
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address to bind (default: all)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        settings = Settings.from_env()
    except ValueError as err:
        print(f"error: bad setting: {err}", file=sys.stderr)
        return 2
    problems = settings.problems()
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 2
    source = triager_source_or_exit()
    app = build_app(settings, source, Store(settings.database_url))
    log.info("%d knowledge entries loaded", len(source.current().index.entries))
    if settings.socket_mode:
        socket_mode_handler(app, settings.app_token or "").start()
        return 0
    server = make_http_server(app, args.host, settings.port)
    log.info("listening on http://%s:%d/slack/events", args.host, server.server_port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0

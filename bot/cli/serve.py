"""``python -m bot serve``: the Slack app, configured from the environment.

HTTP on ``$PORT`` (``POST /slack/events``, ``GET /healthz``); Socket Mode when
``SLACK_APP_TOKEN`` is set. See ../shared/INTERFACES.md section 3.

Every setting is checked before the app starts: a value that cannot be used, a database
that cannot be opened, a token Slack refuses, a Web API that cannot be reached, a port
that cannot be bound. Each stops the start with one line naming the setting, exit status 1.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.cli.errors import triager_source_or_exit
from bot.config import SettingError, Settings
from bot.slack.app import build_app, check_token
from bot.slack.server import make_http_server, socket_mode_handler
from bot.store import Store, StoreError

__all__ = ["register"]

log = logging.getLogger("bot.serve")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command."""
    parser = commands.add_parser(
        "serve", help="run the Slack app (HTTP, or Socket Mode when SLACK_APP_TOKEN is set)"
    )
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address to bind (default: all)")
    parser.set_defaults(run=run)


def _refuse(problem: object) -> int:
    """Print one line naming the setting at fault; exit status 1."""
    print(f"error: {problem}", file=sys.stderr)
    return 1


def _checked() -> tuple[Settings, Store, dict[str, object]] | str:
    """The settings, the opened store and who the token is; else the one-line problem."""
    try:
        settings = Settings.from_env()
    except SettingError as err:
        return str(err)
    if settings.problems():
        return "; ".join(settings.problems())
    try:
        store = Store(settings.database_url, retention_days=settings.retention_days)
    except StoreError as err:
        return f"DATABASE_URL: {err}"
    try:
        identity = check_token(settings)
    except SettingError as err:
        store.engine.dispose()
        return str(err)
    return settings, store, identity


def run(args: argparse.Namespace) -> int:
    # Checked before logging is set up, so a refused start prints its one line and no more.
    checked = _checked()
    if isinstance(checked, str):
        return _refuse(checked)
    settings, store, identity = checked
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    log.info("signed in to %s as %s", identity.get("team"), identity.get("user"))
    purged = store.purge()
    log.info(
        "keeping pastes %d days: purged %d answers and %d unmatched texts",
        settings.retention_days,
        purged.threads,
        purged.unmatched,
    )
    source = triager_source_or_exit()
    app = build_app(settings, source, store)
    log.info("%d knowledge entries loaded", len(source.current().index.entries))
    if settings.socket_mode:
        socket_mode_handler(app, settings.app_token or "").start()
        return 0
    try:
        server = make_http_server(app, args.host, settings.port)
    except OSError as err:
        return _refuse(
            f"PORT: cannot listen on {args.host}:{settings.port} ({err.strerror or err})"
        )
    log.info("listening on http://%s:%d/slack/events", args.host, server.server_port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0

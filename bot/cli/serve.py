"""``python -m bot serve``: the Slack app, configured from the environment.

HTTP on ``$PORT`` (``POST /slack/events``, ``GET /healthz``; ``GET /slack/install`` and
``GET /slack/oauth_redirect`` with the OAuth install flow) under gunicorn, with
``WEB_CONCURRENCY`` workers of ``THREADS`` threads; Socket Mode when ``SLACK_APP_TOKEN`` is
set. See ../shared/INTERFACES.md section 3.

Every setting is checked before the app starts: a value that cannot be used, a database
that cannot be opened, a token Slack refuses, a Web API that cannot be reached, a port
that cannot be bound. Each stops the start with one line naming the setting, exit status 1.
Then each gunicorn worker opens its own store and loads its own knowledge. SIGTERM stops
gracefully: requests and listeners in flight finish (``GRACEFUL_TIMEOUT`` seconds at most).
"""

from __future__ import annotations

import argparse
import logging
import socket
import sys
from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import App

from bot.cli.errors import load_knowledge_or_exit, triager_source_or_exit
from bot.config import SettingError, Settings
from bot.kb import KnowledgeSource
from bot.slack.app import build_app, check_token, web_client
from bot.slack.install import install_flow
from bot.slack.server import socket_mode_handler
from bot.store import Store, StoreError
from bot.triage import Triager

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
    """The settings, the opened store and who the token is (nobody with the OAuth install
    flow: tokens come with each installation); else the one-line problem."""
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
        if settings.oauth:
            # Many workspaces: no token to check; the install tables exist before any fork.
            install_flow(settings, store.engine, web_client(settings))
            identity: dict[str, object] = {}
        else:
            identity = check_token(settings)
    except SettingError as err:
        store.engine.dispose()
        return str(err)
    return settings, store, identity


def _port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on, or None (the port is left free again)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family):
            return None
    except OSError as err:
        return f"PORT: cannot listen on {host}:{port} ({err.strerror or err})"


def _worker_app(settings: Settings) -> Callable[[Executor], App]:
    """What each gunicorn worker runs after the fork: its own store, knowledge and app."""

    def build(listeners: Executor) -> App:
        # Request threads, listener threads and the outbox worker each may hold one.
        connections = 2 * settings.threads + 1
        store = Store(
            settings.database_url,
            retention_days=settings.retention_days,
            connections=connections,
        )
        source = KnowledgeSource(Triager.of)
        log.info("%d knowledge entries loaded", len(source.current().index.entries))
        return build_app(settings, source, store, listener_executor=listeners)

    return build


def run(args: argparse.Namespace) -> int:
    # Checked before logging is set up, so a refused start prints its one line and no more.
    checked = _checked()
    if isinstance(checked, str):
        return _refuse(checked)
    settings, store, identity = checked
    if not settings.socket_mode:
        problem = _port_problem(args.host, settings.port)
        if problem:
            store.engine.dispose()
            return _refuse(problem)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if settings.oauth:
        log.info(
            "many workspaces: each is answered with its own token, installed at /slack/install"
        )
    else:
        log.info("signed in to %s as %s", identity.get("team"), identity.get("user"))
    purged = store.purge()
    log.info(
        "keeping pastes %d days: purged %d answers and %d unmatched texts",
        settings.retention_days,
        purged.threads,
        purged.unmatched,
    )
    if settings.socket_mode:
        source = triager_source_or_exit()
        app = build_app(settings, source, store)
        log.info("%d knowledge entries loaded", len(source.current().index.entries))
        socket_mode_handler(app, settings.app_token or "").start()
        return 0
    load_knowledge_or_exit()  # the workers load it again: a broken file stops the start here
    store.engine.dispose()  # no connection crosses the fork
    from bot.slack.web_server import GunicornServer  # gunicorn runs on Unix only

    host = f"[{args.host}]" if ":" in args.host else args.host
    log.info(
        "listening on http://%s:%d/slack/events: %d workers of %d threads",
        host,
        settings.port,
        settings.web_concurrency,
        settings.threads,
    )
    GunicornServer(
        _worker_app(settings),
        bind=f"{host}:{settings.port}",
        workers=settings.web_concurrency,
        threads=settings.threads,
        graceful_timeout=settings.graceful_timeout,
    ).run()
    return 0

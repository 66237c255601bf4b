"""The production HTTP server: gunicorn's threaded workers, started by ``python -m bot serve``.

Each worker builds its own app (store, knowledge, Bolt) after the fork, when gunicorn loads
the application in it: no database connection, pool or thread crosses the fork. On SIGTERM
a worker stops accepting, finishes the requests in flight, then waits for the listener work
Bolt runs after the ack before it exits; gunicorn kills a worker still busy after
``graceful_timeout`` seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from gunicorn.app.base import BaseApplication
from slack_bolt import App

from bot.slack.app import services_of, stop_outbox
from bot.slack.server import wsgi_app

__all__ = ["GunicornServer"]

log = logging.getLogger(__name__)


class GunicornServer(BaseApplication):
    """gunicorn serving the app that ``build`` makes in each worker.

    ``build`` is given the executor to run listeners on; the worker drains it on exit.
    """

    def __init__(
        self,
        build: Callable[[Executor], App],
        *,
        bind: str,
        workers: int,
        threads: int,
        graceful_timeout: int,
    ) -> None:
        self._build = build
        self._threads = threads
        self._options: dict[str, Any] = {
            "bind": [bind],
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "graceful_timeout": graceful_timeout,
            "preload_app": False,
            "proc_name": "oauth-triage",
            "worker_exit": _worker_exit,
        }
        self._listeners: ThreadPoolExecutor | None = None
        self._app: App | None = None
        super().__init__(prog="python -m bot serve")

    def load_config(self) -> None:
        for name, value in self._options.items():
            self.cfg.set(name, value)
        if "control_socket_disable" in self.cfg.settings:
            # gunicorn 25.1+ opens a control socket under $HOME by default; not wanted here.
            self.cfg.set("control_socket_disable", True)

    def load(self) -> Callable[..., Any]:
        """Build this worker's app (called in the worker, after the fork)."""
        self._listeners = ThreadPoolExecutor(self._threads, thread_name_prefix="listener")
        self._app = self._build(self._listeners)
        return wsgi_app(self._app)

    def drain(self) -> None:
        """Wait for the listeners still running, stop the outbox worker (what it has not
        sent waits in the store), then close the store's connections."""
        if self._listeners is not None:
            self._listeners.shutdown(wait=True)
        if self._app is not None:
            stop_outbox(self._app)
            services_of(self._app).store.engine.dispose()


def _worker_exit(server: Any, worker: Any) -> None:
    """gunicorn's ``worker_exit`` hook: the worker has stopped serving requests."""
    if isinstance(worker.app, GunicornServer):
        log.info("worker %s: waiting for the listeners still running", worker.pid)
        worker.app.drain()

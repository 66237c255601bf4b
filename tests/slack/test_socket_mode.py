"""Socket Mode against a local WebSocket stand-in: the envelope is acked, the event answered."""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import threading

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import serve

from bot.config import Settings
from bot.slack.app import build_app, stop_outbox
from bot.slack.server import socket_mode_handler
from bot.store import Store
from bot.triage import Triager
from tests.databases import database_url
from tests.slack.slack_harness import AADSTS50011, ENTRIES, event_callback, mention


def envelope(event_id: str) -> dict:
    return {
        "envelope_id": "env-1",
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": 0,
        "retry_reason": "",
        "payload": event_callback(mention(AADSTS50011, ts="1700000060.000100"), event_id=event_id),
    }


def test_socket_mode_acks_the_envelope_and_answers(slack, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    received: queue.Queue = queue.Queue()

    def session(websocket):
        websocket.send(json.dumps({"type": "hello", "num_connections": 1}))
        websocket.send(json.dumps(envelope("EvSOCKET")))
        with contextlib.suppress(ConnectionClosed):
            for raw in websocket:
                received.put(json.loads(raw))

    with serve(session, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        slack.ws_url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}/link"
        settings = Settings(
            bot_token="xoxb-test",
            app_token="xapp-test",
            api_url=slack.api_url,
            database_url=database_url(tmp_path, "socket.db"),
        )
        app = build_app(settings, Triager(ENTRIES), Store(settings.database_url))
        handler = socket_mode_handler(app, "xapp-test")
        handler.connect()
        try:
            assert received.get(timeout=5) == {"envelope_id": "env-1"}
            (post,) = slack.wait_for("chat.postMessage")
            assert post.params["thread_ts"] == "1700000060.000100"
            (opened,) = slack.calls_to("apps.connections.open")
            assert opened.headers["authorization"] == "Bearer xapp-test"
            # The envelope (and the paste in it) is not logged, DEBUG included.
            assert any(r.name.startswith("bot.slack.bolt") for r in caplog.records)
            assert "0f4211a6-4d87-4d2d-99f2-76101fca1191" not in caplog.text
            assert AADSTS50011[:60] not in caplog.text
        finally:
            handler.close()
            stop_outbox(app)
            server.shutdown()

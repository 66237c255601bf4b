"""The bot under test: a few knowledge entries and the real HTTP server, driven by signed
requests like Slack's."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bot.config import Settings
from bot.kb.model import Entry
from bot.slack.app import build_app, services_of, stop_outbox
from bot.slack.outbox import OutboxPolicy
from bot.slack.server import make_http_server
from bot.store import Store
from bot.triage import Triager
from tests.databases import database_url
from tests.slack.slack_standin import BOT_ID, BOT_USER, Call, SlackStandIn, sign

ROOT = Path(__file__).resolve().parents[2]

#: The outbox's waits, shortened so retries and pacing take tenths of a second.
FAST_OUTBOX = OutboxPolicy(
    poll_interval=0.05, base_delay=0.1, max_delay=0.5, lease=5.0, channel_interval=0.05
)

SECRET = "test-signing-secret"
AUTO_CHANNEL = "CAUTO"
ESCALATION_CHANNEL = "CESC"

ENTRIES = [
    Entry(
        id="azure-aadsts50011",
        provider="azure",
        code="AADSTS50011",
        title=(
            "The redirect URI '{uri}' specified in the request does not match the redirect "
            "URIs configured for the application '{app}'."
        ),
        cause="Entra only returns the sign-in result to addresses registered on the app.",
        fix=["Copy the redirect_uri from the failing request.", "Register it on the app."],
        checks=[
            "Does the sent URI differ in scheme, host, port, path or trailing slash?",
            "Is the URI registered under the right platform type?",
            "Is the app signing in against the registration you edited?",
        ],
        links=["https://login.microsoftonline.com/error?code=50011"],
        http_status=400,
    ),
    Entry(
        id="oauth-invalid_grant",
        provider="oauth",
        code="invalid_grant",
        title="The provided authorization grant is invalid, expired, or revoked",
        cause="The code or refresh token was used twice, expired, or was issued to another client.",
        fix=["Start the sign-in again for a fresh code.", "Use each code once."],
        checks=["Was the code used twice?", "Did more than ten minutes pass?"],
        links=["https://www.rfc-editor.org/rfc/rfc6749#section-5.2"],
    ),
    Entry(
        id="google-redirect_uri_mismatch",
        provider="google",
        code="redirect_uri_mismatch",
        title="Error 400: redirect_uri_mismatch",
        aliases=["The redirect URI in the request did not match a registered redirect URI"],
        cause="Google only redirects to URIs listed on the OAuth client.",
        fix=["Add the exact URI to the OAuth client in the Google Cloud console."],
        checks=["Is it the same OAuth client ID?", "Does http vs https differ?"],
        links=["https://developers.google.com/identity/protocols/oauth2"],
    ),
]

AADSTS50011 = (
    "AADSTS50011: The redirect URI 'https://app.example.com/cb' specified in the request does "
    "not match the redirect URIs configured for the application 'abc'. "
    "Trace ID: 0f4211a6-4d87-4d2d-99f2-76101fca1191 Correlation ID: "
    "968cca79-936b-4330-81c2-c1d4799d741b Timestamp: 2024-06-15 15:17:46Z"
)


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener executor, able to wait until every listener has finished."""

    def __init__(self) -> None:
        super().__init__(max_workers=8)
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        with self._idle:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _: Future) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> None:
        with self._idle:
            assert self._idle.wait_for(lambda: self._pending == 0, timeout), "listeners still busy"


def event_callback(event: dict[str, Any], *, event_id: str, team: str = "T1") -> dict[str, Any]:
    """The Events API body Slack sends for ``event`` from workspace ``team``."""
    return {
        "token": "unused",
        "team_id": team,
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team, "user_id": BOT_USER, "is_bot": True}],
        "event": event,
    }


class SignedRequests:
    """Requests to the bot's ``/slack/events`` signed like Slack's, built like Slack's."""

    def __init__(self, url: str, slack: SlackStandIn) -> None:
        self.url = url
        self.slack = slack
        self._events = 0

    def request(
        self,
        body: bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        secret: str = SECRET,
        path: str = "/slack/events",
    ) -> tuple[int, bytes]:
        """POST ``body`` signed like Slack; the status and body of the answer."""
        all_headers = {"Content-Type": content_type, **sign(body, secret, timestamp)}
        all_headers.update(headers or {})
        request = urllib.request.Request(self.url + path, body, all_headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        team: str = "T1",
    ) -> int:
        """Deliver an Events API callback from workspace ``team``; the HTTP status."""
        if event_id is None:
            self._events += 1
            event_id = f"Ev{self._events:04d}{time.monotonic_ns()}"
        body = event_callback(event, event_id=event_id, team=team)
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        status, _ = self.request(json.dumps(body).encode(), "application/json", headers=headers)
        return status

    def command(
        self, text: str, *, channel: str = "C1", user: str = "U1", team: str = "T1"
    ) -> tuple[int, bytes]:
        """Run the slash command in workspace ``team``; the HTTP status and body."""
        form = {
            "token": "unused",
            "team_id": team,
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "command": "/oauthhelp",
            "text": text,
            "response_url": self.slack.response_url("command"),
            "trigger_id": "1.2.3",
            "api_app_id": "A1",
        }
        return self.request(urlencode(form).encode(), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any]) -> tuple[int, bytes]:
        """Send an interactivity payload (``payload=`` form field); the status and the body."""
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.request(body, "application/x-www-form-urlencoded")

    def interact(self, payload: dict[str, Any]) -> int:
        """Send an interactivity payload (``payload=`` form field); the HTTP status."""
        return self.interaction(payload)[0]

    def click(
        self,
        button: dict[str, Any],
        *,
        user: str = "U1",
        channel: str = "C1",
        on: Call | None = None,
        team: str = "T1",
    ) -> int:
        """Press a button taken from a posted message (in workspace ``team``).

        ``on`` is the call that showed the button (a post, an update or a ``respond``), so the
        payload says which message holds it as Slack's does: its ``ts`` and, for a message in
        a channel, the message itself as it looked then. Ephemeral messages come without it.
        """
        container: dict[str, Any] = {"type": "message", "message_ts": "1.1", "channel_id": channel}
        payload: dict[str, Any] = {}
        if on is not None and on.method == "respond":
            container["is_ephemeral"] = True
        elif on is not None:
            channel = on.params["channel"]
            container |= {"message_ts": on.ts, "channel_id": channel, "is_ephemeral": False}
            payload["message"] = {
                "type": "message",
                "user": BOT_USER,
                "bot_id": BOT_ID,
                "ts": on.ts,
                "text": on.params.get("text", ""),
                "blocks": on.blocks,
                **({"thread_ts": on.params["thread_ts"]} if on.params.get("thread_ts") else {}),
            }
        return self.interact(
            {
                "type": "block_actions",
                "team": {"id": team},
                "user": {"id": user},
                "api_app_id": "A1",
                "channel": {"id": channel},
                "container": container,
                "trigger_id": "1.2.3",
                "response_url": self.slack.response_url("action"),
                "actions": [
                    {
                        "type": "button",
                        "action_id": button["action_id"],
                        "block_id": "b",
                        "value": button["value"],
                        "action_ts": "1.2",
                    }
                ],
                **payload,
            }
        )

    def shortcut(self, message: dict[str, Any], *, user: str = "U1", channel: str = "C1") -> int:
        """Run the "Explain this error" message shortcut on ``message``."""
        return self.interact(
            {
                "type": "message_action",
                "callback_id": "explain_error",
                "team": {"id": "T1"},
                "user": {"id": user},
                "channel": {"id": channel},
                "message": message,
                "message_ts": message["ts"],
                "response_url": self.slack.response_url("shortcut"),
                "trigger_id": "1.2.3",
            }
        )


class RunningBot(SignedRequests):
    """The real HTTP server on a free port, over the store of ``tmp_path`` (a SQLite file, or a
    database on ``TEST_DATABASE_URL``'s server)."""

    def __init__(
        self,
        slack: SlackStandIn,
        tmp_path: Path,
        *,
        triager: Triager | None = None,
        outbox_policy: OutboxPolicy = FAST_OUTBOX,
        **overrides: Any,
    ) -> None:
        defaults: dict[str, Any] = {
            "bot_token": "xoxb-test",
            "signing_secret": SECRET,
            "api_url": slack.api_url,
            "database_url": database_url(tmp_path, "bot.db"),
            "triage_channels": frozenset({AUTO_CHANNEL}),
            "escalation_channel": ESCALATION_CHANNEL,
        }
        self.settings = Settings(**(defaults | overrides))
        self.store = Store(self.settings.database_url)
        self.executor = TrackingExecutor()
        app = build_app(
            self.settings,
            triager or Triager(ENTRIES),
            self.store,
            listener_executor=self.executor,
            outbox_policy=outbox_policy,
        )
        self.app = app
        self.server = make_http_server(app, "127.0.0.1", 0)
        super().__init__(f"http://127.0.0.1:{self.server.server_port}", slack)
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.executor.shutdown(wait=True)
        stop_outbox(self.app)
        self.store.engine.dispose()

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every listener has finished and the outbox is empty."""
        self.executor.wait_idle(timeout)
        outbox = services_of(self.app).courier
        assert outbox is not None
        deadline = time.monotonic() + timeout
        while outbox.outbox.pending():
            assert time.monotonic() < deadline, "replies still wait in the outbox"
            time.sleep(0.02)


def mention(text: str, *, ts: str = "1700000001.000100", **extra: Any) -> dict[str, Any]:
    """An ``app_mention`` event from a person in channel C1."""
    return {
        "type": "app_mention",
        "user": "U1",
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "channel": "C1",
        "event_ts": ts,
        **extra,
    }


def message(text: str, *, channel: str = AUTO_CHANNEL, ts: str = "1700000002.000100", **extra):
    """A ``message`` event from a person in a channel (``channel_type`` channel)."""
    return {
        "type": "message",
        "user": "U1",
        "text": text,
        "ts": ts,
        "channel": channel,
        "channel_type": "channel",
        "event_ts": ts,
        **extra,
    }


#: The just-in-time token Slack gives a workflow step's execution (``bot_access_token``).
FUNCTION_TOKEN = "xwfp-test-function-token"


def function_executed(
    inputs: dict[str, Any],
    *,
    execution: str = "Fx0001",
    callback_id: str = "diagnose_sign_in_error",
) -> dict[str, Any]:
    """A ``function_executed`` event: a workflow ran the app's step ``callback_id``."""
    return {
        "type": "function_executed",
        "function": {
            "id": "Fn0001",
            "callback_id": callback_id,
            "title": "Diagnose a sign-in error",
            "type": "app",
            "app_id": "A1",
            "input_parameters": [{"type": "string", "name": "error_text", "is_required": True}],
            "output_parameters": [],
            "date_created": 1700000000,
            "date_updated": 1700000000,
            "date_deleted": 0,
        },
        "inputs": inputs,
        "function_execution_id": execution,
        "workflow_execution_id": "Wx0001",
        "event_ts": "1700000300.000100",
        "bot_access_token": FUNCTION_TOKEN,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServeProcess(SignedRequests):
    """``python -m bot serve`` in its own process group, configured only by the environment;
    ready once ``GET /healthz`` answers 200."""

    def __init__(self, slack: SlackStandIn, tmp_path: Path, **env: str) -> None:
        port = free_port()
        settings = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        settings |= {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "PORT": str(port),
            "DATABASE_URL": database_url(tmp_path, "serve.db"),
        } | env
        self.log = tmp_path / "serve.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
            cwd=ROOT,
            env=settings,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb"),
            start_new_session=True,
        )
        super().__init__(f"http://127.0.0.1:{port}", slack)
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"serve did not start: {self.output()[-2000:]}")
            time.sleep(0.05)

    def output(self) -> str:
        """What the server logged so far."""
        return self.log.read_text(errors="replace")

    def terminate(self) -> None:
        """SIGTERM to every process of the server, as Heroku stops a dyno."""
        os.killpg(self.process.pid, signal.SIGTERM)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

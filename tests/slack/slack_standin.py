"""A stand-in for Slack in tests: a Web API on 127.0.0.1 that records every call,
``response_url`` endpoints, and requests signed the way Slack signs them."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BOT_USER = "UBOT"
BOT_ID = "BBOT"
#: Who created a channel, unless ``SlackStandIn.channels`` says otherwise.
CHANNEL_CREATOR = "UCREATOR"


@dataclass(frozen=True)
class Call:
    """One request the bot made: the Web API method (or ``respond``) and its parameters."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    #: The message it made or changed: the new ``ts`` of a post, the ``ts`` of an update.
    ts: str | None = None
    #: When it arrived (``time.monotonic()``).
    at: float = field(default_factory=time.monotonic)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        raw = self.params.get("blocks") or []
        return json.loads(raw) if isinstance(raw, str) else raw

    def buttons(self) -> dict[str, dict[str, Any]]:
        """The message's buttons by action id."""
        return {
            e["action_id"]: e for b in self.blocks if b["type"] == "actions" for e in b["elements"]
        }

    @property
    def outputs(self) -> dict[str, Any]:
        """A ``functions.completeSuccess`` call's outputs (sent as a JSON string)."""
        raw = self.params.get("outputs") or "{}"
        return json.loads(raw) if isinstance(raw, str) else raw

    def all_text(self) -> str:
        """The fallback text and every block, as one string to search."""
        return str(self.params.get("text", "")) + json.dumps(self.blocks, ensure_ascii=False)


def sign(body: bytes, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's request signature: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + stamp.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


class SlackStandIn:
    """The Web API stand-in. Answers like Slack; can fail, rate-limit or hold a method."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.lock = threading.Condition()
        self.failures: dict[str, list[tuple[int, dict[str, Any], dict[str, str]]]] = defaultdict(
            list
        )
        self.gates: dict[str, threading.Event] = {}
        self.threads: dict[tuple[str, str], list[dict[str, Any]]] = {}
        #: Messages posted, as updated since, by (channel, ts); updating others fails.
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        #: ``users.info`` fields by user ID (default: a member who is no admin).
        self.users: dict[str, dict[str, Any]] = {}
        #: ``conversations.info`` fields by channel ID (default: created by CHANNEL_CREATOR).
        self.channels: dict[str, dict[str, Any]] = {}
        self.ws_url = ""
        #: Posts that succeeded, in order (``calls`` has every attempt).
        self.delivered: list[Call] = []
        #: Posts answered 429 because they came too soon after the last one in their channel.
        self.limited: list[Call] = []
        self._outage: tuple[str, float, frozenset[str], str] | None = None
        self._channel_interval: float | None = None
        self._last_post: dict[str, float] = {}
        #: Bot tokens issued by ``oauth.v2.access``, by token: the workspace (team ID).
        self.tokens: dict[str, str] = {}
        #: Refresh tokens issued, by refresh token: the workspace.
        self.refresh_tokens: dict[str, str] = {}
        #: When set, installs use token rotation: tokens expire after this many seconds.
        self.token_lifetime: int | None = None
        self._issued = itertools.count(1)
        self._ts = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/"

    @property
    def api_url(self) -> str:
        return self.url + "api/"

    def response_url(self, name: str = "r") -> str:
        return f"{self.url}respond/{name}"

    def close(self) -> None:
        reopen = getattr(self, "_reopen", None)
        if reopen is not None:
            reopen.cancel()
            reopen.join()
        for gate in self.gates.values():
            gate.set()
        self.server.shutdown()
        self.server.server_close()

    def fail(
        self,
        method: str,
        error: str = "not_in_channel",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls to ``method`` with an error."""
        body = {"ok": False, "error": error}
        self.failures[method] += [(status, body, headers or {})] * times

    def rate_limit_once(self, method: str) -> None:
        """Answer the next call to ``method`` with 429 and ``Retry-After: 1``."""
        self.fail(method, "ratelimited", status=429, headers={"Retry-After": "1"})

    def outage(
        self,
        mode: str,
        seconds: float,
        *,
        methods: tuple[str, ...] = ("chat.postMessage", "chat.update"),
        retry_after: str = "1",
    ) -> None:
        """For ``seconds``, answer every call to ``methods``: ``"500"`` (internal_error),
        ``"429"`` (ratelimited, with ``Retry-After: retry_after``), or ``"drop"`` (the
        connection is closed without an answer)."""
        assert mode in ("500", "429", "drop"), mode
        with self.lock:
            self._outage = (mode, time.monotonic() + seconds, frozenset(methods), retry_after)

    def end_outage(self) -> None:
        with self.lock:
            self._outage = None

    def refuse(self, seconds: float) -> None:
        """Stop listening (connections are refused) for ``seconds``, then listen again on
        the same port."""
        port = self.server.server_port
        self.server.shutdown()
        self.server.server_close()

        def reopen() -> None:
            self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
            self.server.daemon_threads = True
            self._thread = threading.Thread(
                target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()

        timer = threading.Timer(seconds, reopen)
        timer.daemon = True
        timer.start()
        self._reopen = timer

    def limit_channels(self, interval: float) -> None:
        """Answer 429 (``Retry-After: 1``) to a post that comes less than ``interval``
        seconds after the last post that went through in its channel, as Slack does."""
        self._channel_interval = interval

    def _refusal(
        self, method: str, channel: str
    ) -> tuple[int, dict[str, Any], dict[str, str]] | str | None:
        """What an outage or the channel limit answers now, if anything."""
        now = time.monotonic()
        with self.lock:
            if self._outage is not None:
                mode, until, methods, retry_after = self._outage
                if now >= until:
                    self._outage = None
                elif method in methods:
                    if mode == "drop":
                        return "drop"
                    if mode == "429":
                        return (
                            429,
                            {"ok": False, "error": "ratelimited"},
                            {"Retry-After": retry_after},
                        )
                    return 500, {"ok": False, "error": "internal_error"}, {}
            if method == "chat.postMessage" and self._channel_interval is not None:
                last = self._last_post.get(channel)
                if last is not None and now - last < self._channel_interval:
                    return "limited"
        return None

    def hold(self, method: str) -> threading.Event:
        """Keep calls to ``method`` waiting until the returned event is set."""
        self.gates[method] = threading.Event()
        return self.gates[method]

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until ``method`` was called ``count`` times; the calls so far."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while len([c for c in self.calls if c.method == method]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    got = [c.method for c in self.calls]
                    raise AssertionError(f"{method} called fewer than {count} times: {got}")
                self.lock.wait(left)
            return [c for c in self.calls if c.method == method]

    def posts(self) -> list[Call]:
        """Successful-looking chat.postMessage calls (failed attempts included)."""
        return self.calls_to("chat.postMessage")

    def updates(self) -> list[Call]:
        """chat.update calls (failed attempts included)."""
        return self.calls_to("chat.update")

    def _record(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)
            self.lock.notify_all()

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _keep(self, channel: str, ts: str, params: dict[str, Any]) -> None:
        """Remember a posted message, so it can be updated."""
        fields = ("text", "blocks", "thread_ts", "metadata")
        with self.lock:
            self.messages[(channel, ts)] = {k: params[k] for k in fields if k in params}

    def _forget(self, channel: str, ts: str) -> None:
        with self.lock:
            self.messages.pop((channel, ts), None)

    def _update(self, channel: str, ts: str, params: dict[str, Any]) -> dict[str, Any]:
        """``chat.update``: only a message that was posted can be changed."""
        with self.lock:
            kept = self.messages.get((channel, ts))
            if kept is None:
                return {"ok": False, "error": "message_not_found"}
            kept.update({k: params[k] for k in ("text", "blocks", "metadata") if k in params})
        return {"ok": True, "channel": channel, "ts": ts, "text": params.get("text", "")}

    def _oauth_v2_access(self, params: dict[str, Any]) -> dict[str, Any]:
        """``oauth.v2.access``: a code ``code-<team>`` (or a refresh token) for a bot token."""
        if params.get("grant_type") == "refresh_token":
            team = self.refresh_tokens.pop(params.get("refresh_token", ""), None)
            if team is None:
                return {"ok": False, "error": "invalid_refresh_token"}
        else:
            code = params.get("code", "")
            if not code.startswith("code-"):
                return {"ok": False, "error": "invalid_code"}
            team = code.removeprefix("code-")
        n = next(self._issued)
        token = f"xoxb-{team}-{n}"
        rotation: dict[str, Any] = {}
        if self.token_lifetime is not None:
            refresh = f"xoxe-1-{team}-{n}"
            rotation = {"refresh_token": refresh, "expires_in": self.token_lifetime}
        with self.lock:
            self.tokens[token] = team
            if rotation:
                self.refresh_tokens[rotation["refresh_token"]] = team
        return {
            "ok": True,
            "app_id": "A1",
            "authed_user": {"id": "U1"},
            "scope": "app_mentions:read,chat:write",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": BOT_USER,
            "team": {"id": team, "name": f"Team {team}"},
            "enterprise": None,
            "is_enterprise_install": False,
            **rotation,
        }

    @staticmethod
    def _complete_function(params: dict[str, Any], *, success: bool) -> dict[str, Any]:
        """``functions.completeSuccess`` / ``completeError``: an execution ID, and outputs
        (a JSON object) or an error message."""
        if not str(params.get("function_execution_id", "")).startswith("Fx"):
            return {"ok": False, "error": "function_execution_not_found"}
        if success:
            try:
                valid = isinstance(json.loads(params.get("outputs", "")), dict)
            except ValueError:
                valid = False
        else:
            valid = bool(params.get("error"))
        return {"ok": True} if valid else {"ok": False, "error": "invalid_arguments"}

    def _auth_test(self, token: str) -> dict[str, Any]:
        """``auth.test``: the workspace of a token ``oauth.v2.access`` issued, else T1."""
        team = self.tokens.get(token, "T1")
        return {
            "ok": True,
            "url": f"https://{team.lower()}.slack.com/",
            "team": "Test" if team == "T1" else f"Team {team}",
            "team_id": team,
            "user": "oauth-triage",
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
        }

    def _answer(
        self, method: str, params: dict[str, Any], ts: str, token: str = ""
    ) -> dict[str, Any]:
        channel = params.get("channel", "")
        answers: dict[str, Callable[[], dict[str, Any]]] = {
            "auth.test": lambda: self._auth_test(params.get("token") or token),
            "oauth.v2.access": lambda: self._oauth_v2_access(params),
            "chat.postMessage": lambda: {"ok": True, "channel": channel, "ts": ts},
            "chat.update": lambda: self._update(channel, params.get("ts", ""), params),
            "chat.postEphemeral": lambda: {"ok": True, "message_ts": ts},
            "chat.getPermalink": lambda: {
                "ok": True,
                "channel": channel,
                "permalink": f"https://test.slack.com/archives/{channel}/p"
                + params.get("message_ts", "").replace(".", ""),
            },
            "conversations.replies": lambda: {
                "ok": True,
                "messages": self.threads.get((channel, params.get("ts", "")), []),
                "has_more": False,
            },
            "conversations.open": lambda: {"ok": True, "channel": {"id": "D" + params["users"]}},
            "users.info": lambda: {
                "ok": True,
                "user": {
                    "id": params.get("user"),
                    "is_admin": False,
                    "is_owner": False,
                    "is_primary_owner": False,
                    **self.users.get(params.get("user", ""), {}),
                },
            },
            "conversations.info": lambda: {
                "ok": True,
                "channel": {
                    "id": channel,
                    "creator": CHANNEL_CREATOR,
                    **self.channels.get(channel, {}),
                },
            },
            "apps.connections.open": lambda: {"ok": True, "url": self.ws_url},
            "functions.completeSuccess": lambda: self._complete_function(params, success=True),
            "functions.completeError": lambda: self._complete_function(params, success=False),
        }
        return answers.get(method, lambda: {"ok": True})()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _reply(self, status: int, body: Any, headers: dict[str, str]) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _params(self) -> dict[str, Any]:
                url = urlsplit(self.path)
                params: dict[str, Any] = dict(parse_qsl(url.query))
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if raw and "json" in (self.headers.get("Content-Type") or ""):
                    params.update(json.loads(raw))
                elif raw:
                    params.update(parse_qsl(raw.decode()))
                return params

            def _handle(self) -> None:
                path = urlsplit(self.path).path
                params = self._params()
                headers = {k.lower(): v for k, v in self.headers.items()}
                if path.startswith("/respond/"):
                    standin._record(Call("respond", params, headers))
                    self._reply(200, b"ok", {})
                    return
                method = path.removeprefix("/api/")
                fresh = standin._next_ts()
                made = {"chat.postMessage": fresh, "chat.update": params.get("ts")}.get(method)
                post = method == "chat.postMessage"
                posted = (params.get("channel", ""), fresh) if post else None
                if posted:  # kept before the call is seen, so a test can update it at once
                    standin._keep(*posted, params)
                call = Call(method, params, headers, made)
                standin._record(call)
                gate = standin.gates.get(method)
                if gate is not None:
                    gate.wait(10)
                refusal = standin._refusal(method, params.get("channel", ""))
                with standin.lock:
                    queued = standin.failures.get(method)
                    failure = queued.pop(0) if queued and refusal is None else None
                if refusal == "limited":
                    with standin.lock:
                        standin.limited.append(call)
                    failure = (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"})
                elif isinstance(refusal, tuple):
                    failure = refusal
                if refusal == "drop" or failure is not None:
                    if posted:
                        standin._forget(*posted)
                    if refusal == "drop":
                        self.close_connection = True
                    else:
                        self._reply(*failure)
                    return
                if posted:
                    with standin.lock:
                        standin._last_post[posted[0]] = time.monotonic()
                        standin.delivered.append(call)
                token = headers.get("authorization", "").removeprefix("Bearer ")
                self._reply(200, standin._answer(method, params, fresh, token), {})

            do_GET = _handle
            do_POST = _handle

        return Handler

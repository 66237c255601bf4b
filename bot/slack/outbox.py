"""Nothing lost: replies Slack cannot take now wait in the store's outbox and are sent later.

A reply is posted at once when it can be. When Slack answers 429 (rate limited), a 5xx, or
cannot be reached, the call is kept in the outbox and retried after ``Retry-After`` or with
capped exponential backoff, by a worker thread in every instance, until it is delivered or
Slack says it never will be (the channel is gone, the bot is not in it, the token is
revoked...): then it is dropped with a log line naming the channel and the error, never the
text. Posts to one channel are paced to about one a second, Slack's limit, by queueing the
ones that come too fast instead of letting Slack refuse them; the pace is kept in the store,
so instances sharing it pace each channel together.
"""

from __future__ import annotations

import copy
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web import SlackResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.store.models import OutboxMessage
from bot.store.outbox import Outbox

__all__ = [
    "RETRYABLE_ERRORS",
    "UNDELIVERABLE_ERRORS",
    "Courier",
    "OutboxPolicy",
    "Pacer",
    "Queued",
    "is_retryable",
    "retry_after",
]

log = logging.getLogger(__name__)

#: Slack error codes worth trying again later.
RETRYABLE_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
#: Slack error codes that mean the reply can never be delivered there.
UNDELIVERABLE_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "token_revoked",
        "invalid_auth",
    }
)
#: The calls the outbox knows how to make again.
METHODS = ("chat.postMessage", "chat.update")


@dataclass(frozen=True)
class OutboxPolicy:
    """How the outbox waits. The defaults suit Slack; tests shorten them."""

    #: How often the worker looks for due calls when it has nothing sooner to do.
    poll_interval: float = 1.0
    #: The first retry's delay; each further one doubles, up to ``max_delay``.
    base_delay: float = 2.0
    max_delay: float = 300.0
    #: How long a worker holds a claimed call before another may take it.
    lease: float = 60.0
    #: At least this long between two posts to one channel (Slack allows about 1/s).
    channel_interval: float = 1.0
    #: A call still failing after this long is given up (logged).
    give_up_after: float = 86400.0
    #: How many due calls a worker claims at once.
    batch: int = 20

    def backoff(self, attempts: int) -> float:
        """The delay after the ``attempts``-th failed attempt."""
        return min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))


@dataclass(frozen=True)
class Queued:
    """A call kept in the outbox (it will be made later); its row id."""

    id: int


def _error(err: Exception) -> str:
    if isinstance(err, SlackApiError):
        return str(err.response.get("error"))
    return type(err).__name__


def retry_after(err: Exception) -> float | None:
    """The seconds a 429 answer asks to wait (``Retry-After``), if it says."""
    if not isinstance(err, SlackApiError):
        return None
    headers = {k.lower(): v for k, v in (err.response.headers or {}).items()}
    value = headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None


def is_retryable(err: Exception) -> bool:
    """Whether a failed call may succeed later: rate limited, a 5xx, no connection."""
    if isinstance(err, SlackApiError):
        status = err.response.status_code
        return status == 429 or status >= 500 or _error(err) in RETRYABLE_ERRORS
    return isinstance(err, OSError)


class Pacer:
    """The next moment each channel may take a post, kept in the store so that every
    instance paces one channel together; while the store does not answer, this process
    paces on its own (in memory)."""

    def __init__(self, interval: float, outbox: Outbox) -> None:
        self.interval = interval
        self._outbox = outbox
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def next(self, channel: str) -> float:
        """The earliest time ``channel`` may take a post."""
        with self._lock:
            mine = self._next.get(channel, float("-inf"))
        try:
            shared = self._outbox.next_slot(channel)
        except SQLAlchemyError:
            shared = None
        return mine if shared is None else max(mine, shared)

    def take(self, channel: str, now: float) -> bool:
        """Book ``now`` for a post to ``channel``; False (nothing booked) when too soon."""
        with self._lock:
            if self._next.get(channel, float("-inf")) > now:
                return False
            try:
                taken = self._outbox.take_slot(channel, now=now, interval=self.interval)
            except SQLAlchemyError as err:
                log.warning("pacing %s in this process only (%s)", channel, type(err).__name__)
                taken = True
            if taken:
                self._next[channel] = now + self.interval
            return taken

    def hold(self, channel: str, until: float) -> None:
        """Send nothing to ``channel`` before ``until`` (Slack said so)."""
        with self._lock:
            self._next[channel] = max(until, self._next.get(channel, float("-inf")))
        try:
            self._outbox.hold_slot(channel, until)
        except SQLAlchemyError as err:
            log.warning("holding %s in this process only (%s)", channel, type(err).__name__)


def _without_retries(client: WebClient) -> WebClient:
    """``client`` making each call once: the outbox retries, not the listener's thread."""
    once = copy.copy(client)
    once.retry_handlers = []
    return once


def _owner() -> str:
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Courier:
    """Posts now when it can, keeps in the outbox what must wait, and (once started) drains
    the outbox on a daemon thread with ``client``."""

    def __init__(
        self,
        outbox: Outbox,
        client: WebClient,
        *,
        policy: OutboxPolicy | None = None,
        clock: Callable[[], float] = time.time,
        client_for: Callable[[str | None], WebClient | None] | None = None,
    ) -> None:
        self.outbox = outbox
        #: The client with workspace ``team_id``'s own token (installed workspaces), or None
        #: when the app is no longer installed there; unset, ``client`` serves every row.
        self._client_for = client_for
        self._teams: dict[str, str | None] = {}
        self.policy = policy or OutboxPolicy()
        self.pacer = Pacer(self.policy.channel_interval, outbox)
        self.owner = _owner()
        self._client = _without_retries(client)
        self._clock = clock
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        #: Set by a failed call, cleared by the next that goes through: Slack is back, so
        #: the replies waiting out their backoff are sent now rather than minutes later.
        self._failing = threading.Event()

    # The fast path, from a listener.

    def call(self, client: WebClient, method: str, arguments: dict[str, Any]) -> Any:
        """Make ``method`` with ``arguments`` now, or keep it for later.

        Slack's response when it went through; :class:`Queued` when it waits in the outbox
        (paced, or failed with a retryable error). Other failures raise
        :class:`~slack_sdk.errors.SlackApiError` (or ``OSError``) as the client does, and so
        does a retryable one when the store cannot keep it.
        """
        channel = str(arguments.get("channel", ""))
        now = self._clock()
        paced = method == "chat.postMessage"
        behind = self._last_due(channel) if paced else None
        if paced and (behind is not None or not self.pacer.take(channel, now)):
            due = max(now, self.pacer.next(channel), behind or now)  # in order, after those
            try:
                return self._keep(client, method, arguments, due_at=due)
            except SQLAlchemyError as err:  # the store is away: try Slack at once instead
                log.warning("the outbox cannot keep a reply (%s)", type(err).__name__)
        try:
            response = _invoke(_without_retries(client), method, arguments)
        except (SlackApiError, OSError, SlackClientError) as err:
            if not is_retryable(err):
                raise
            self._failing.set()
            due = self._retry_at(channel, err, attempts=1, now=now)
            log.warning(
                "%s to %s failed (%s); kept in the outbox to retry in %.1fs",
                method,
                channel,
                _error(err),
                due - now,
            )
            try:
                return self._keep(
                    client, method, arguments, due_at=due, attempts=1, error=_error(err)
                )
            except SQLAlchemyError as lost:
                log.error("the outbox cannot keep a reply (%s)", type(lost).__name__)
                raise err from None
        self._recovered()
        return response

    def _recovered(self) -> None:
        """After failures, a call went through: the waiting retries are due now."""
        if not self._failing.is_set():
            return
        self._failing.clear()
        try:
            hurried = self.outbox.hurry()
        except SQLAlchemyError:
            return
        if hurried:
            log.info("Slack answers again: %d waiting replies are due now", hurried)
            self._wake.set()

    def _last_due(self, channel: str) -> float | None:
        """When the last reply waiting for ``channel`` is due (None: none, or the store is
        away), so a new one goes after it."""
        try:
            return self.outbox.last_due(channel)
        except SQLAlchemyError:
            return None

    def _keep(
        self,
        client: WebClient,
        method: str,
        arguments: dict[str, Any],
        *,
        due_at: float,
        attempts: int = 0,
        error: str | None = None,
    ) -> Queued:
        """Store the call with the workspace whose token the worker must use for it."""
        team = (client.default_params or {}).get("team_id") or self._team_of(client)
        if team:
            arguments = {**arguments, "team_id": team}
        row = self.outbox.add(method, arguments, due_at=due_at, attempts=attempts, error=error)
        self._wake.set()
        return Queued(row)

    def _retry_at(self, channel: str, err: Exception, *, attempts: int, now: float) -> float:
        wait = retry_after(err)
        if wait is not None:
            self.pacer.hold(channel, now + wait)
            return now + wait
        return now + self.policy.backoff(attempts)

    # The worker.

    def drain(self) -> int:
        """One pass over the due calls; how many were delivered."""
        rows = self.outbox.claim_due(self.owner, lease=self.policy.lease, limit=self.policy.batch)
        delivered = 0
        waiting: dict[str, int] = {}  # rows put back per channel in this pass, for pacing
        for row in rows:
            now = self._clock()
            if self._stop.is_set():
                self._put_back(row, due_at=row.due_at)
                continue
            if row.method == "chat.postMessage" and not self.pacer.take(row.channel, now):
                behind = waiting.get(row.channel, 0)
                waiting[row.channel] = behind + 1
                slot = max(now, self.pacer.next(row.channel)) + behind * self.pacer.interval
                self._put_back(row, due_at=slot)
                continue
            delivered += self._deliver(row, now)
        return delivered

    def _put_back(self, row: OutboxMessage, *, due_at: float) -> None:
        self.outbox.later(
            row.id, self.owner, due_at=due_at, attempts=row.attempts, error=row.last_error
        )

    def _team_of(self, client: WebClient) -> str | None:
        """The workspace of a listener's client whose token is not the app's own (an
        installed workspace), from ``auth.test`` once per token; None for the app's client."""
        token = client.token
        if not token or self._client_for is None or token == self._client.token:
            return None
        if token not in self._teams:
            try:
                self._teams[token] = client.auth_test().get("team_id")
            except (SlackApiError, OSError, SlackClientError) as err:
                log.warning("auth.test for a queued reply failed (%s)", _error(err))
                return None
        return self._teams[token]

    def _deliver(self, row: OutboxMessage, now: float) -> int:
        """Make one claimed call: 1 when delivered; 0 when put back or dropped."""
        client: WebClient | None = self._client
        if self._client_for is not None:
            client = self._client_for(row.arguments.get("team_id"))
        if client is None:
            log.warning(
                "dropped a %s to %s: the app is no longer installed there", row.method, row.channel
            )
            self.outbox.done(row.id)
            return 0
        try:
            _invoke(_without_retries(client), row.method, row.arguments)
        except (SlackApiError, OSError, SlackClientError) as err:
            attempts = row.attempts + 1
            error = _error(err)
            if is_retryable(err) and now - row.created < self.policy.give_up_after:
                self._failing.set()
                due = self._retry_at(row.channel, err, attempts=attempts, now=now)
                self.outbox.later(row.id, self.owner, due_at=due, attempts=attempts, error=error)
                return 0
            self.outbox.done(row.id)
            log.warning(
                "dropped a %s to %s after %d attempts: %s",
                row.method,
                row.channel,
                attempts,
                error,
            )
            return 0
        except Exception:
            self.outbox.done(row.id)
            log.exception("dropped a %s to %s: it cannot be sent", row.method, row.channel)
            return 0
        self.outbox.done(row.id)
        self._recovered()
        if row.attempts:
            log.info(
                "delivered a %s to %s after %d failed attempts",
                row.method,
                row.channel,
                row.attempts,
            )
        return 1

    def start(self) -> None:
        """Drain the outbox on a daemon thread until :meth:`stop`."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the worker; what it has not sent stays in the outbox for the next one."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            wait = self.policy.poll_interval
            try:
                self.drain()
                due = self.outbox.next_due()
            except Exception:  # the database is away: try again at the next poll
                log.exception("draining the outbox failed")
                due = None
            if due is not None:
                wait = min(wait, max(0.0, due - self._clock()))
            if wait > 0:
                self._wake.wait(wait)


def _invoke(client: WebClient, method: str, arguments: dict[str, Any]) -> SlackResponse:
    if method == "chat.postMessage":
        return client.chat_postMessage(**arguments)
    if method == "chat.update":
        return client.chat_update(**arguments)
    raise ValueError(f"the outbox cannot make {method}")

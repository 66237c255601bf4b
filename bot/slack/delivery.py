"""Getting a message to a person without crashing a listener.

Replies go in the thread; when Slack refuses (``not_in_channel``, an archived channel...),
the answer goes to the person by DM instead. Private answers go through ``response_url``.
Links and media are never unfurled. Given a :class:`~bot.slack.outbox.Courier`, posts and
updates are made once, at once, and kept in the outbox when Slack rate-limits, fails (5xx)
or cannot be reached, to be retried until delivered; posts to one channel are paced. Without
one, the client's own retries apply (:func:`bot.slack.app.web_client`). What fails for good
is logged and reported to the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import Message, notice
from bot.slack.outbox import Courier, Queued

__all__ = [
    "NO_UNFURL",
    "Place",
    "Queued",
    "post",
    "post_or_dm",
    "respond_privately",
    "send_dm",
    "update",
]

log = logging.getLogger(__name__)

NO_UNFURL: dict[str, Any] = {"unfurl_links": False, "unfurl_media": False}


@dataclass(frozen=True)
class Place:
    """Where an answer goes: a thread in ``channel``, or privately to ``user``."""

    channel: str
    thread_ts: str | None
    user: str | None
    private: bool = False


def _error(err: Exception) -> str:
    if isinstance(err, SlackApiError):
        return str(err.response.get("error"))
    return type(err).__name__


def post(
    client: WebClient,
    channel: str,
    thread_ts: str | None,
    message: Message,
    *,
    courier: Courier | None = None,
) -> str | Queued | None:
    """``chat.postMessage``: the new message's ``ts``; :class:`Queued` when it waits in the
    outbox (it will be posted); None when it failed for good (logged)."""
    arguments = {"channel": channel, "thread_ts": thread_ts, **message.kwargs(), **NO_UNFURL}
    try:
        if courier is not None:
            response = courier.call(client, "chat.postMessage", arguments)
            if isinstance(response, Queued):
                return response
        else:
            response = client.chat_postMessage(**arguments)
    except (SlackApiError, OSError) as err:
        log.warning("chat.postMessage to %s failed: %s", channel, _error(err))
        return None
    return response.get("ts")


def permalink(client: WebClient, channel: str, ts: str | None) -> str | None:
    """A link to the message ``ts`` in ``channel``, or None when Slack gives none (logged)."""
    if not ts:
        return None
    try:
        return client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except (SlackApiError, OSError) as err:
        log.warning("chat.getPermalink failed: %s", _error(err))
        return None


def update(
    client: WebClient, channel: str, ts: str, message: Message, *, courier: Courier | None = None
) -> bool:
    """``chat.update`` of the message at ``ts`` (or kept in the outbox to be made later);
    False when it cannot be updated (logged), e.g. ``message_not_found`` once it is deleted,
    so the caller can post instead."""
    arguments = {"channel": channel, "ts": ts, **message.kwargs()}
    try:
        if courier is not None:
            courier.call(client, "chat.update", arguments)
        else:
            client.chat_update(**arguments)
    except (SlackApiError, OSError) as err:
        log.warning("chat.update in %s failed: %s", channel, _error(err))
        return False
    return True


def _open_dm(client: WebClient, user: str) -> str | None:
    try:
        return client.conversations_open(users=user)["channel"]["id"]
    except (SlackApiError, OSError) as err:
        log.warning("conversations.open with %s failed: %s", user, _error(err))
        return None


def send_dm(
    client: WebClient, user: str, *messages: Message, courier: Courier | None = None
) -> Place | None:
    """Send ``messages`` to ``user`` in a DM; where the last one landed (its ``ts`` unknown
    while it waits in the outbox), or None."""
    channel = _open_dm(client, user)
    sent: str | Queued | None = None
    for message in messages:
        sent = post(client, channel, None, message, courier=courier) if channel else None
    if not channel or sent is None:
        return None
    return Place(channel, sent if isinstance(sent, str) else None, user)


def post_or_dm(
    client: WebClient, place: Place, message: Message, *, courier: Courier | None = None
) -> Place | None:
    """Post in the place's thread, or DM the person when Slack refuses; where it landed
    (or will land: a reply kept in the outbox is delivered there)."""
    if post(client, place.channel, place.thread_ts, message, courier=courier) is not None:
        return place
    if not place.user:
        return None
    note = notice(f"I couldn't reply in <#{place.channel}>, so here it is.")
    return send_dm(client, place.user, note, message, courier=courier)


def respond_privately(
    respond: Callable[..., Any], message: Message, *, replace_original: bool = False
) -> None:
    """An ephemeral reply through the request's ``response_url`` (failures are logged)."""
    try:
        response = respond(
            **message.kwargs(),
            response_type="ephemeral",
            replace_original=replace_original,
            **NO_UNFURL,
        )
    except OSError as err:
        log.warning("response_url failed: %s", _error(err))
        return
    if getattr(response, "status_code", 200) != 200:
        log.warning("response_url answered %s", response.status_code)

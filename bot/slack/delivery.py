"""Getting a message to a person without crashing a listener.

Replies go in the thread; when Slack refuses (``not_in_channel``, an archived channel...),
the answer goes to the person by DM instead. Private answers go through ``response_url``.
Links and media are never unfurled. Rate limits, server errors and dropped connections are
retried by the client itself (:func:`bot.slack.app.web_client`); what still fails is logged
and reported to the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import Message, notice

__all__ = [
    "NO_UNFURL",
    "Place",
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


def post(client: WebClient, channel: str, thread_ts: str | None, message: Message) -> str | None:
    """``chat.postMessage``; the new message's ``ts``, or None when it failed (logged)."""
    try:
        response = client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, **message.kwargs(), **NO_UNFURL
        )
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


def update(client: WebClient, channel: str, ts: str, message: Message) -> bool:
    """``chat.update`` of the message at ``ts``; False when it cannot be updated (logged),
    e.g. ``message_not_found`` once it is deleted, so the caller can post instead."""
    try:
        client.chat_update(channel=channel, ts=ts, **message.kwargs())
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


def send_dm(client: WebClient, user: str, *messages: Message) -> Place | None:
    """Send ``messages`` to ``user`` in a DM; where the last one landed, or None."""
    channel = _open_dm(client, user)
    ts = None
    for message in messages:
        ts = post(client, channel, None, message) if channel else None
    return Place(channel, ts, user) if channel and ts else None


def post_or_dm(client: WebClient, place: Place, message: Message) -> Place | None:
    """Post in the place's thread, or DM the person when Slack refuses; where it landed."""
    if post(client, place.channel, place.thread_ts, message):
        return place
    if not place.user:
        return None
    note = notice(f"I couldn't reply in <#{place.channel}>, so here it is.")
    return send_dm(client, place.user, note, message)


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

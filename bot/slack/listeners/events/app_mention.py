"""@mentions anywhere: answer in the same thread (or, for a top-level mention where the
channel's policy says so, in the channel). A mention holding no error explains the thread's
parent message instead."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.explain import Explanation, Problem
from bot.slack.answers import answer_paste
from bot.slack.delivery import Place
from bot.slack.listeners.events.common import is_from_bot, message_key
from bot.slack.paste import read_paste
from bot.slack.policy import policy_for
from bot.slack.services import services
from bot.triage import Triager

__all__ = ["handle_app_mention"]

log = logging.getLogger(__name__)


def _parent(
    triager: Triager, client: WebClient, channel: str, thread_ts: str
) -> tuple[Explanation, str | None] | None:
    """The thread's parent message read as a paste, and its author (``conversations.replies``)."""
    try:
        replies = client.conversations_replies(
            channel=channel, ts=thread_ts, limit=1, inclusive=True
        )
    except (SlackApiError, OSError) as err:
        log.warning("conversations.replies failed: %s", err)
        return None
    messages = replies.get("messages") or []
    if not messages:
        return None
    return read_paste(triager, messages[0].get("text", ""), asked=True), messages[0].get("user")


def handle_app_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Answer the mention (or its thread's parent) in the thread, or where the policy says."""
    if is_from_bot(event):
        return
    found = services(context)
    channel, ts = event["channel"], event["ts"]
    if not found.store.claim(message_key(channel, ts)):
        return
    triager = found.triager
    paste, author = read_paste(triager, event.get("text", ""), asked=True), event.get("user")
    parent_ts = event.get("thread_ts")
    if parent_ts and parent_ts != ts and not paste.triage.matches:
        parent = _parent(triager, client, channel, parent_ts)
        if parent is not None and (parent[0].triage.matches or paste.problem is Problem.EMPTY):
            paste, author = parent
    in_thread = parent_ts not in (None, ts) or policy_for(found, channel).in_thread
    place = Place(channel, parent_ts or ts if in_thread else None, event.get("user"))
    answer_paste(found, triager, client, place, paste, asked=True, author=author)

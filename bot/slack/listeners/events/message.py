"""Direct messages, and auto-triage of new top-level messages in channels whose policy is
``auto`` or ``drafts``."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.slack.answers import answer_paste
from bot.slack.delivery import Place
from bot.slack.drafts import send_draft
from bot.slack.listeners.events.common import is_from_bot, message_key
from bot.slack.paste import read_paste
from bot.slack.policy import policy_for, responders_for, unasked
from bot.slack.services import services
from bot.store.policies import Mode

__all__ = ["handle_message"]


def handle_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Answer DMs; in auto-triaged channels, answer only a match as sure as the channel's
    policy asks: in the thread (or the channel), or as a draft to its responders.

    Edits, joins and other subtypes, bots, and messages that mention the bot (answered by
    ``app_mention``) are left alone.
    """
    if event.get("subtype") or is_from_bot(event) or not event.get("user"):
        return
    found = services(context)
    channel, ts = event["channel"], event["ts"]
    direct = event.get("channel_type") == "im"
    top_level = event.get("thread_ts") in (None, ts)
    text = event.get("text", "")
    bot = context.bot_user_id
    mentioned = f"<@{bot}>" in text or f"<@{bot}|" in text
    if direct:
        if not found.store.claim(message_key(channel, ts)):
            return
        triager, asked = found.triager, top_level
        paste = read_paste(triager, text, asked=asked)
        place = Place(channel, event.get("thread_ts") or ts, event["user"])
        answer_paste(found, triager, client, place, paste, asked=asked)
        return
    if not top_level or mentioned:
        return
    policy = policy_for(found, channel)
    if policy.mode is Mode.MENTION or not found.store.claim(message_key(channel, ts)):
        return
    triager = found.triager
    paste = unasked(read_paste(triager, text, asked=False), policy)
    place = Place(channel, ts if policy.in_thread else None, event["user"])
    if policy.mode is Mode.DRAFTS:
        responders = responders_for(found, policy)
        send_draft(found, triager, client, place, paste, message_ts=ts, responders=responders)
        return
    answer_paste(found, triager, client, place, paste, asked=False)

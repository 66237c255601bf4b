"""Direct messages, and auto-triage of new top-level messages in watched channels."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.slack.answers import answer_paste
from bot.slack.delivery import Place
from bot.slack.listeners.events.common import is_from_bot, message_key
from bot.slack.paste import read_paste
from bot.slack.services import Services, services

__all__ = ["handle_message"]


def _auto_triaged(found: Services, channel: str) -> bool:
    return channel in found.settings.triage_channels or found.store.is_watched(channel)


def handle_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Answer DMs; in watched channels, reply in a thread only to a confident match.

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
    if not direct and (not top_level or mentioned or not _auto_triaged(found, channel)):
        return
    if not found.store.claim(message_key(channel, ts)):
        return
    triager, asked = found.triager, direct and top_level
    paste = read_paste(triager, text, asked=asked)
    place = Place(channel, event.get("thread_ts") or ts, event["user"])
    answer_paste(found, triager, client, place, paste, asked=asked)

"""The "Explain this error" message shortcut: a private answer, with a button to share it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack.answers import answer_paste
from bot.slack.delivery import Place
from bot.slack.paste import read_paste
from bot.slack.services import services

__all__ = ["handle_explain_error"]


def handle_explain_error(
    ack: Ack, shortcut: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
) -> None:
    """Explain the message to whoever ran the shortcut; sharing replies in its thread."""
    ack()
    found = services(context)
    message = shortcut.get("message") or {}
    thread_ts = message.get("thread_ts") or message.get("ts")
    place = Place(shortcut["channel"]["id"], thread_ts, shortcut["user"]["id"], private=True)
    triager = found.triager
    paste = read_paste(triager, message.get("text", ""), asked=True)
    answer_paste(found, triager, client, place, paste, asked=True, respond=respond)

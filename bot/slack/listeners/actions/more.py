""" "More" on an answer: every fix step and check, the support bundle and the links."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import blocks
from bot.slack.answers import place_of, send
from bot.slack.delivery import respond_privately
from bot.slack.listeners.actions.common import GONE, resolve
from bot.slack.services import services
from bot.triage import extract

__all__ = ["handle_more"]


def handle_more(
    ack: Ack, action: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
) -> None:
    """Post the answer's details where the answer is (privately for a private answer)."""
    ack()
    found = services(context)
    clicked = resolve(found, action)
    if clicked is None or clicked.entry is None:
        respond_privately(respond, GONE)
        return
    thread = clicked.thread
    facts = extract(thread.paste, clicked.triager.providers)
    message = blocks.details_message(clicked.entry, facts, paste=thread.paste)
    send(found, client, place_of(thread), message, respond=respond)

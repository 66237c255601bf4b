""" "Escalate": a summary of the thread to the escalation channel, once."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import blocks
from bot.slack.answers import place_of, send
from bot.slack.delivery import post, respond_privately
from bot.slack.listeners.actions.common import GONE, resolve
from bot.slack.services import services
from bot.store.models import TriageThread
from bot.triage import extract

__all__ = ["handle_escalate"]

log = logging.getLogger(__name__)


def _permalink(client: WebClient, thread: TriageThread) -> str | None:
    if not thread.thread_ts:
        return None
    try:
        return client.chat_getPermalink(channel=thread.channel, message_ts=thread.thread_ts).get(
            "permalink"
        )
    except (SlackApiError, OSError) as err:
        log.warning("chat.getPermalink failed: %s", err)
        return None


def handle_escalate(
    ack: Ack,
    action: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
) -> None:
    """Post the key, the facts, the checks ruled out and a link to the thread."""
    ack()
    found = services(context)
    channel = found.settings.escalation_channel
    clicked = resolve(found, action)
    entry = clicked.entry if clicked else None
    if not channel:
        respond_privately(respond, blocks.notice("No escalation channel is set up."))
        return
    if clicked is None or entry is None:
        respond_privately(respond, GONE)
        return
    thread = clicked.thread
    user = body["user"]["id"]
    permalink = _permalink(client, thread)
    if not found.store.claim_escalation(thread.id, user, permalink):
        respond_privately(respond, blocks.notice("This was already escalated."))
        return
    summary = blocks.escalation_message(
        entry,
        extract(thread.paste, clicked.triager.providers),
        ruled_out=entry.checks[: thread.check_index],
        user=user,
        permalink=permalink,
        paste=thread.paste,
    )
    if post(client, channel, None, summary, courier=found.courier) is None:
        found.store.release_escalation(thread.id)
        respond_privately(
            respond,
            blocks.notice(f"I couldn't post in <#{channel}>. `/invite` me there and try again."),
        )
        return
    send(
        found,
        client,
        place_of(thread),
        blocks.notice(f"Escalated to <#{channel}>."),
        respond=respond,
    )

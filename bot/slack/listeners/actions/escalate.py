""" "Escalate": a summary of the thread to the escalation channel, once."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import blocks
from bot.slack.answers import place_of, send
from bot.slack.delivery import permalink, post, respond_privately
from bot.slack.listeners.actions.common import GONE, resolve
from bot.slack.services import services
from bot.triage import extract

__all__ = ["handle_escalate"]


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
    link = permalink(client, thread.channel, thread.thread_ts)
    if not found.store.claim_escalation(thread.id, user, link):
        respond_privately(respond, blocks.notice("This was already escalated."))
        return
    summary = blocks.escalation_message(
        entry,
        extract(thread.paste, clicked.triager.providers),
        ruled_out=entry.checks[: thread.check_index],
        user=user,
        permalink=link,
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

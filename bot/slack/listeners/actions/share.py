""" "Share in channel": post a private answer publicly where it was asked, saying who shared
it and quoting the first line of the paste."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import blocks
from bot.slack.delivery import post, respond_privately
from bot.slack.listeners.actions.common import GONE, resolve
from bot.slack.metadata import tagged
from bot.slack.services import services
from bot.slack.share_blocks import shared_message
from bot.triage import extract

__all__ = ["handle_share"]


def handle_share(
    ack: Ack,
    action: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
) -> None:
    """Post the answer in the channel (in the message's thread for the shortcut)."""
    ack()
    found = services(context)
    clicked = resolve(found, action)
    if clicked is None or not clicked.matches:
        respond_privately(respond, GONE)
        return
    thread = clicked.thread
    if not thread.private:
        respond_privately(respond, blocks.notice("That answer is already in the channel."))
        return
    facts = extract(thread.paste, clicked.triager.providers)
    answer = blocks.answer_message(clicked.matches, facts, thread_id=thread.id, paste=thread.paste)
    shared = shared_message(answer, user=body["user"]["id"], paste=thread.paste)
    message = tagged(shared, clicked.matches[0], thread_id=thread.id)
    sent = post(client, thread.channel, thread.thread_ts, message, courier=found.courier)
    if sent is None:
        respond_privately(
            respond,
            blocks.notice(
                f"I can't post in <#{thread.channel}>. `/invite` me there, then press Share again."
            ),
        )
        return
    ts = sent if isinstance(sent, str) else None  # unknown while it waits in the outbox
    found.store.move_thread(thread.id, thread.channel, thread.thread_ts or ts, restart=True)
    respond_privately(respond, blocks.notice("Shared in the channel."), replace_original=True)

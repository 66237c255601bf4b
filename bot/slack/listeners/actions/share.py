""" "Share in channel": post a private answer publicly where it was asked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.slack import blocks
from bot.slack.answers import matches_of
from bot.slack.delivery import post, respond_privately
from bot.slack.listeners.actions.common import GONE, thread_of
from bot.slack.services import services
from bot.triage import extract

__all__ = ["handle_share"]


def handle_share(
    ack: Callable[..., Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Callable[..., Any],
    context: dict[str, Any],
) -> None:
    """Post the answer in the channel (in the message's thread for the shortcut)."""
    ack()
    found = services(context)
    thread, _ = thread_of(found, action)
    matches = matches_of(found, thread) if thread else []
    if thread is None or not matches:
        respond_privately(respond, GONE)
        return
    if not thread.private:
        respond_privately(respond, blocks.notice("That answer is already in the channel."))
        return
    message = blocks.answer_message(matches, extract(thread.paste), thread_id=thread.id)
    ts = post(client, thread.channel, thread.thread_ts, message)
    if ts is None:
        respond_privately(
            respond,
            blocks.notice(
                f"I can't post in <#{thread.channel}>. `/invite` me there, then press Share again."
            ),
        )
        return
    found.store.move_thread(thread.id, thread.channel, thread.thread_ts or ts, restart=True)
    respond_privately(respond, blocks.notice("Shared in the channel."), replace_original=True)

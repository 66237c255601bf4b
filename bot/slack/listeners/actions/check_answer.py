""" "That's it" / "Next check": the thread moves on to the fix, the next check, or escalation."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import blocks, check_blocks, ids
from bot.slack.answers import place_of, send
from bot.slack.delivery import respond_privately
from bot.slack.listeners.actions.common import GONE, resolve
from bot.slack.services import services
from bot.store.state import ThreadStatus
from bot.triage import extract

__all__ = ["handle_check_answer"]

_STALE = blocks.notice("That check was already answered; the thread has moved on.")


def handle_check_answer(
    ack: Ack, action: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
) -> None:
    """Record the answer to a check and post what comes next in the thread."""
    ack()
    found = services(context)
    clicked = resolve(found, action)
    entry = clicked.entry if clicked else None
    index = clicked.button.check_index if clicked else None
    if clicked is None or entry is None or index is None:
        respond_privately(respond, GONE)
        return
    confirmed = action["action_id"] == ids.CHECK_CONFIRM
    thread = found.store.answer_check(clicked.thread.id, index, confirmed=confirmed)
    if thread is None:
        respond_privately(respond, _STALE)
        return
    if confirmed:
        message = check_blocks.confirmed_message(entry, thread.check_index, thread.id)
    elif thread.status is ThreadStatus.OPEN and thread.check_index < len(entry.checks):
        message = check_blocks.check_message(entry, thread.check_index, thread.id)
    else:
        message = check_blocks.exhausted_message(
            entry,
            extract(thread.paste, clicked.triager.providers),
            thread.id,
            escalation_channel=found.settings.escalation_channel,
        )
    send(found, client, place_of(thread), message, thread_id=thread.id, respond=respond)

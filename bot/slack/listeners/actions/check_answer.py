""" "That's it" / "Next check": the thread moves on to the fix, the next check, or escalation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.slack import blocks, ids
from bot.slack.answers import place_of, send
from bot.slack.delivery import respond_privately
from bot.slack.listeners.actions.common import GONE, thread_of
from bot.slack.services import services
from bot.triage import extract

__all__ = ["handle_check_answer"]

_STALE = blocks.notice("That check was already answered; the thread has moved on.")


def handle_check_answer(
    ack: Callable[..., Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Callable[..., Any],
    context: dict[str, Any],
) -> None:
    """Record the answer to a check and post what comes next in the thread."""
    ack()
    found = services(context)
    thread, rest = thread_of(found, action)
    entry = found.triager.index.by_id.get(thread.entry_id or "") if thread else None
    if thread is None or entry is None or not rest.isdigit():
        respond_privately(respond, GONE)
        return
    confirmed = action["action_id"] == ids.CHECK_CONFIRM
    thread = found.store.answer_check(thread.id, int(rest), confirmed=confirmed)
    if thread is None:
        respond_privately(respond, _STALE)
        return
    if confirmed:
        message = blocks.confirmed_message(entry, thread.check_index, thread.id)
    elif thread.status == "open" and thread.check_index < len(entry.checks):
        message = blocks.check_message(entry, thread.check_index, thread.id)
    else:
        message = blocks.exhausted_message(
            entry,
            extract(thread.paste),
            thread.id,
            escalation_channel=found.settings.escalation_channel,
        )
    send(found, client, place_of(thread), message, thread_id=thread.id, respond=respond)

""" "Helpful" / "Not helpful": one vote per person per answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.slack import blocks, ids
from bot.slack.delivery import respond_privately
from bot.slack.listeners.actions.common import GONE, thread_of
from bot.slack.services import services

__all__ = ["handle_feedback"]

_THANKS = blocks.notice("Thanks, noted. It helps decide which answers to improve.")


def handle_feedback(
    ack: Callable[..., Any],
    action: dict[str, Any],
    body: dict[str, Any],
    respond: Callable[..., Any],
    context: dict[str, Any],
) -> None:
    """Store the vote and thank the voter privately."""
    ack()
    found = services(context)
    thread, _ = thread_of(found, action)
    if thread is None:
        respond_privately(respond, GONE)
        return
    helpful = action["action_id"] == ids.FEEDBACK_HELPFUL
    found.store.record_feedback(thread.id, body["user"]["id"], helpful)
    respond_privately(respond, _THANKS)

""" "Helpful" / "Not helpful": one vote per person per answer."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.slack import blocks, ids
from bot.slack.delivery import respond_privately
from bot.slack.listeners.actions.common import GONE, resolve
from bot.slack.services import services

__all__ = ["handle_feedback"]

_THANKS = blocks.notice("Thanks, noted. It helps decide which answers to improve.")


def handle_feedback(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    """Store the vote and thank the voter privately."""
    ack()
    found = services(context)
    clicked = resolve(found, action)
    if clicked is None:
        respond_privately(respond, GONE)
        return
    helpful = action["action_id"] == ids.FEEDBACK_HELPFUL
    found.store.record_feedback(clicked.thread.id, body["user"]["id"], helpful)
    respond_privately(respond, _THANKS)

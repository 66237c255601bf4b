"""The entry search (``block_suggestion``): knowledge entries whose key or title holds what
was typed; the correction modal's search also offers "None of these"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot.slack import ids
from bot.slack.correction_blocks import entry_options
from bot.slack.services import services

__all__ = ["handle_entry_search"]


def handle_entry_search(ack: Ack, payload: dict[str, Any], context: BoltContext) -> None:
    """Answer with the matching entries, searched in the knowledge as loaded now."""
    entries = services(context).triager.index.entries
    correcting = payload.get("action_id") == ids.CORRECTION_ENTRY
    ack(options=entry_options(entries, str(payload.get("value", "")), none_of_these=correcting))

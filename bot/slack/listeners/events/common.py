"""Filters shared by the message listeners."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["is_from_bot", "message_key"]


def is_from_bot(event: Mapping[str, Any]) -> bool:
    """Whether a bot (this one or another) wrote the message."""
    return bool(event.get("bot_id") or event.get("bot_profile")) or (
        event.get("subtype") == "bot_message"
    )


def message_key(channel: str, ts: str) -> str:
    """The store key that stops one message being answered twice (mention and message)."""
    return f"message:{channel}:{ts}"

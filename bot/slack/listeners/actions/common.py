"""Reading the button values the Block Kit builders wrote (``thread_id`` or ``thread_id:rest``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.slack.blocks import Message, notice
from bot.slack.services import Services
from bot.store.models import TriageThread

__all__ = ["GONE", "thread_of"]

#: The reply to a button whose answer is no longer known.
GONE: Message = notice("I no longer have that answer; paste the error again.")


def thread_of(found: Services, action: Mapping[str, Any]) -> tuple[TriageThread | None, str]:
    """The thread a button belongs to, and the rest of its value after ``thread_id:``."""
    head, _, rest = str(action.get("value", "")).partition(":")
    thread = found.store.thread(int(head)) if head.isdigit() else None
    return thread, rest

"""The step every button shares: which thread it belongs to and what that thread answered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.kb import Entry
from bot.slack.blocks import Message, notice
from bot.slack.services import Services
from bot.store.models import TriageThread
from bot.store.state import ButtonValue
from bot.triage import Match, Triager

__all__ = ["GONE", "Clicked", "resolve"]

#: The reply to a button whose answer is no longer known.
GONE: Message = notice("I no longer have that answer; paste the error again.")


@dataclass(frozen=True)
class Clicked:
    """A pressed button with its thread, and the thread's answers as known now."""

    button: ButtonValue
    thread: TriageThread
    #: The engine this request reads (the one version for the whole request).
    triager: Triager
    #: The first answer's entry (the one its checks are about), if still known.
    entry: Entry | None
    #: Every answer whose entry is still known, best first.
    matches: tuple[Match, ...]


def resolve(found: Services, action: Mapping[str, Any]) -> Clicked | None:
    """Decode the button's value, load its thread and look its answers up (the knowledge as
    loaded now first, else the entry kept with the thread); None when the thread is gone."""
    button = ButtonValue.decode(str(action.get("value", "")))
    thread = found.store.thread(button.thread_id) if button else None
    if button is None or thread is None:
        return None
    triager = found.triager
    answers = thread.stored_answers
    entries = [answer.lookup(triager.index.by_id) for answer in answers]
    matches = tuple(
        Match(entry, answer.score, answer.reason)
        for answer, entry in zip(answers, entries, strict=True)
        if entry is not None
    )
    return Clicked(button, thread, triager, entries[0] if entries else None, matches)

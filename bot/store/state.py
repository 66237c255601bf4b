"""The follow-up state of an answer, typed, and the one place it is encoded and decoded:
the answers a thread showed, the thread's status, and the values its buttons carry.

>>> ButtonValue.decode(ButtonValue(42, "1").encode())
ButtonValue(thread_id=42, detail='1')
>>> ButtonValue.decode("42:1").check_index, ButtonValue.decode("x:1")
(1, None)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from bot.kb import Entry

__all__ = ["ButtonValue", "StoredAnswer", "ThreadStatus"]

log = logging.getLogger(__name__)

#: A database id: ASCII digits that fit a 64-bit integer.
_ID = re.compile(r"[0-9]{1,18}")


class ThreadStatus(StrEnum):
    """Where a thread's follow-up checks stand."""

    #: A check is being asked (``check_index``).
    OPEN = "open"
    #: A check found the cause (``check_index``) and the fix was shown.
    CONFIRMED = "confirmed"
    #: Every check was ruled out.
    EXHAUSTED = "exhausted"


@dataclass(frozen=True)
class StoredAnswer:
    """One answer a thread showed. ``entry`` keeps the whole knowledge entry when the shared
    index does not hold it (a code missing from the knowledge base), so it outlives reloads.

    Stored as ``{"id", "key", "score", "reason"}`` plus ``"entry"`` when kept.
    """

    entry_id: str
    key: str
    score: float
    reason: str
    entry: Entry | None = None

    def encode(self) -> dict[str, Any]:
        """The JSON stored in ``TriageThread.answers``."""
        stored: dict[str, Any] = {
            "id": self.entry_id,
            "key": self.key,
            "score": self.score,
            "reason": self.reason,
        }
        if self.entry is not None:
            stored["entry"] = self.entry.model_dump(mode="json")
        return stored

    @classmethod
    def decode(cls, stored: Mapping[str, Any]) -> StoredAnswer:
        """Read :meth:`encode`'s JSON; rows from before entries were kept have none.

        An entry that no longer fits the entry schema is dropped (logged), as if never kept.
        """
        entry = None
        if stored.get("entry") is not None:
            try:
                entry = Entry.model_validate(stored["entry"])
            except ValidationError as err:
                log.warning("stored entry %s no longer loads: %s", stored["id"], err)
        return cls(stored["id"], stored["key"], stored["score"], stored["reason"], entry)

    def lookup(self, by_id: Mapping[str, Entry]) -> Entry | None:
        """The entry as the knowledge ``by_id`` describes it now, else as stored, else None."""
        current = by_id.get(self.entry_id)
        return current if current is not None else self.entry


@dataclass(frozen=True)
class ButtonValue:
    """What a button carries: its thread and, for some buttons, a detail (a check's index
    or a suggested entry's id). Written ``thread_id`` or ``thread_id:detail``."""

    thread_id: int
    detail: str = ""

    def encode(self) -> str:
        """The button's ``value``."""
        return f"{self.thread_id}:{self.detail}" if self.detail else str(self.thread_id)

    @classmethod
    def decode(cls, value: str) -> ButtonValue | None:
        """Read a button's ``value``; None when it names no thread."""
        head, _, detail = value.partition(":")
        return cls(int(head), detail) if _ID.fullmatch(head) else None

    @property
    def check_index(self) -> int | None:
        """The detail as a check's index, if it is one."""
        return int(self.detail) if _ID.fullmatch(self.detail) else None

"""Knowledge that can change while the bot runs: reloaded when a file changes, and a broken
file keeps the last good knowledge serving (the problem is logged with file and line).

>>> live = LiveTriager(Triager.load())
>>> live.current().triage("AADSTS50011").matches[0].key
'azure:aadsts50011'
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.kb.loader import KnowledgeError, knowledge_dirs
from bot.triage.match import Triager

__all__ = ["LiveTriager"]

log = logging.getLogger(__name__)

_Signature = tuple[tuple[str, int, int], ...]


def _signature(folders: Sequence[Path]) -> _Signature:
    """Every knowledge file with its modification time and size."""
    found = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.y*ml")):
            try:
                stat = path.stat()
            except OSError:
                continue
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


class LiveTriager:
    """Hands out the engine, reloading it when a knowledge file has changed.

    Files are checked at most every ``interval`` seconds, on the request that asks.
    """

    def __init__(
        self,
        triager: Triager,
        *,
        folders: Sequence[Path] | None = None,
        interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._triager = triager
        self._folders = list(folders) if folders is not None else None
        self._interval = interval
        self._clock = clock
        self._signature = _signature(self._watched())
        self._checked = clock()

    def _watched(self) -> list[Path]:
        return self._folders if self._folders is not None else knowledge_dirs()

    def current(self) -> Triager:
        """The engine over the newest knowledge that loads without problems."""
        now = self._clock()
        if now - self._checked < self._interval:
            return self._triager
        self._checked = now
        signature = _signature(self._watched())
        if signature != self._signature:
            self._signature = signature
            try:
                self._triager = Triager.load(self._folders)
                log.info("knowledge reloaded: %d entries", len(self._triager.index.entries))
            except KnowledgeError as err:
                log.error("knowledge not reloaded, still serving the previous version:\n%s", err)
        return self._triager

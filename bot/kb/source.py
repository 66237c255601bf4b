"""Knowledge that can change while the bot runs, handed out one consistent version at a time.

A :class:`KnowledgeSource` loads the knowledge folders and builds what the caller needs
from them (the engine's index). Files are checked at most every ``interval`` seconds;
a changed file is reloaded by one caller at a time under a lock, and a broken file keeps
the last good version serving (the problem is logged with its file and line). Each
request asks :meth:`KnowledgeSource.current` once and keeps that version.

>>> source = KnowledgeSource(lambda knowledge: len(knowledge.entries))
>>> source.current() > 800
True
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from bot.kb.loader import Knowledge, KnowledgeError, knowledge_dirs, load_knowledge

__all__ = ["KnowledgeSource"]

log = logging.getLogger(__name__)

T = TypeVar("T")
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


class KnowledgeSource(Generic[T]):
    """The newest knowledge that loads without problems, built into a ``T`` by ``build``.

    ``folders`` defaults to the built-in knowledge plus ``KNOWLEDGE_PATH`` (read at each
    check). Loading the first version raises :class:`~bot.kb.KnowledgeError` when broken.
    """

    def __init__(
        self,
        build: Callable[[Knowledge], T],
        *,
        folders: Sequence[Path] | None = None,
        interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._build = build
        self._folders = list(folders) if folders is not None else None
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._signature = _signature(self._watched())
        self._value = build(load_knowledge(self._folders))
        self._checked = clock()

    def _watched(self) -> list[Path]:
        return self._folders if self._folders is not None else knowledge_dirs()

    @property
    def folders(self) -> list[Path]:
        """The folders loaded, built-in knowledge first (later ones take precedence)."""
        return list(self._watched())

    def current(self) -> T:
        """The current version; reloaded first when a file changed (one caller at a time)."""
        if self._clock() - self._checked < self._interval:
            return self._value
        if not self._lock.acquire(blocking=False):
            return self._value  # another request is reloading; this one keeps the last version
        try:
            self._reload_if_changed()
        finally:
            self._lock.release()
        return self._value

    def _reload_if_changed(self) -> None:
        self._checked = self._clock()
        signature = _signature(self._watched())
        if signature == self._signature:
            return
        self._signature = signature
        try:
            self._value = self._build(load_knowledge(self._folders))
            log.info("knowledge reloaded")
        except KnowledgeError as err:
            log.error("knowledge not reloaded, still serving the previous version:\n%s", err)

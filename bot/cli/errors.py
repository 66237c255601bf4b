"""Shared start-up for commands: load the knowledge base or exit with file:line messages."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from bot.kb import Entry, KnowledgeError, load_entries
from bot.triage import Triager

__all__ = ["load_entries_or_exit", "load_triager_or_exit"]

T = TypeVar("T")


def _or_exit(load: Callable[[], T]) -> T:
    """``load()``; on broken knowledge, print every file:line problem and exit 1."""
    try:
        return load()
    except KnowledgeError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        raise SystemExit(1) from None


def load_triager_or_exit() -> Triager:
    """The engine over the configured knowledge (built-in plus ``KNOWLEDGE_PATH``)."""
    return _or_exit(Triager.load)


def load_entries_or_exit() -> list[Entry]:
    """The configured knowledge entries, validated."""
    return _or_exit(load_entries)

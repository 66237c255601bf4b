"""Shared start-up for commands: load the knowledge base or exit with file:line messages."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from bot.kb import Entry, Knowledge, KnowledgeError, KnowledgeSource, load_knowledge
from bot.triage import Triager

__all__ = [
    "load_entries_or_exit",
    "load_knowledge_or_exit",
    "load_triager_or_exit",
    "triager_source_or_exit",
]

T = TypeVar("T")


def _or_exit(load: Callable[[], T]) -> T:
    """``load()``; on broken knowledge, print every file:line problem and exit 1."""
    try:
        return load()
    except KnowledgeError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        raise SystemExit(1) from None


def load_knowledge_or_exit() -> Knowledge:
    """The configured knowledge (built-in plus ``KNOWLEDGE_PATH``), validated."""
    return _or_exit(load_knowledge)


def load_entries_or_exit() -> list[Entry]:
    """The configured knowledge entries, validated."""
    return list(load_knowledge_or_exit().entries)


def load_triager_or_exit() -> Triager:
    """The engine over the configured knowledge."""
    return Triager.of(load_knowledge_or_exit())


def triager_source_or_exit() -> KnowledgeSource[Triager]:
    """The engine over the configured knowledge, rebuilt when a knowledge file changes."""
    return _or_exit(lambda: KnowledgeSource(Triager.of))

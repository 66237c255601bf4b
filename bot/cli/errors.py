"""Shared start-up for commands: load the knowledge base or exit with file:line messages."""

from __future__ import annotations

import sys

from bot.kb import KnowledgeError
from bot.triage import Triager

__all__ = ["load_triager_or_exit"]


def load_triager_or_exit() -> Triager:
    """The engine over the configured knowledge; exit 1 naming every broken file and line."""
    try:
        return Triager.load()
    except KnowledgeError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        raise SystemExit(1) from None

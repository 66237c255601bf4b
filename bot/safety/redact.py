"""Find pasted secrets and replace them with a marker showing only their kind and length.

>>> redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl").text
'Authorization: Bearer [redacted jwt, 49 chars]'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Redacted", "Secret", "redact"]


@dataclass(frozen=True)
class Secret:
    """A secret found in a paste: its kind and length, never its value."""

    kind: str
    length: int


@dataclass(frozen=True)
class Redacted:
    """The paste with every secret replaced, and what was found."""

    text: str
    secrets: tuple[Secret, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """Distinct kinds found, in order of appearance."""
        return tuple(dict.fromkeys(s.kind for s in self.secrets))


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("jwt", re.compile(r"\beyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]*")),
    ("slack token", re.compile(r"\bxox[abposr]-[\w-]{10,}")),
    ("bearer token", re.compile(r"(?<=Bearer )[\w~+/.=-]{16,}", re.IGNORECASE)),
)


def redact(text: str) -> Redacted:
    """Replace each secret in ``text`` with ``[redacted KIND, N chars]``."""
    found: list[Secret] = []

    def replace(kind: str):
        def _sub(match: re.Match[str]) -> str:
            found.append(Secret(kind, len(match.group(0))))
            return f"[redacted {kind}, {len(match.group(0))} chars]"

        return _sub

    for kind, pattern in _PATTERNS:
        text = pattern.sub(replace(kind), text)
    return Redacted(text, tuple(found))

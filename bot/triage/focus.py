"""Which part of a long paste is worth fuzzy matching: the lines that read like errors.

>>> focus("short pastes are kept whole")
'short pastes are kept whole'
>>> focus("INFO starting\\n" * 200 + "WARN the reply url doesnt match the app\\n")
'warn the reply url doesnt match the app'
"""

from __future__ import annotations

import re

__all__ = ["focus"]

_FOCUS_FROM = 1_500
_FOCUS_BUDGET = 3_000
_ERROR_LINE = re.compile(
    r"(?m)^.*?(?:error|fail|invalid|incorrect|denied|unauthori|forbidden|expired|mismatch|not "
    r"|n't|nt |unable|cannot|refused|revoked|blocked|exception|aadsts|reason|message|must|requir"
    r"|missing|wrong|idx\d|denied).*$"
)


def focus(text: str) -> str:
    """The part of a long paste worth fuzzy matching: the lines that read like errors.

    Codes are extracted from the whole paste; only wording is matched on this part,
    so the cost of a match stays flat however long the paste.
    """
    if len(text) <= _FOCUS_FROM:
        return text
    kept: list[str] = []
    budget = _FOCUS_BUDGET
    for line in _ERROR_LINE.findall(text.lower()):
        kept.append(line[:1_000])
        budget -= len(kept[-1])
        if budget <= 0:
            break
    return "\n".join(kept)

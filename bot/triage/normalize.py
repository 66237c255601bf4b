"""Turn pastes and knowledge templates into comparable token streams.

Variable parts become the placeholder ``_v_`` on both sides: ``{uri}`` in a
template, and URLs, GUIDs, e-mails, numbers, timestamps and quoted names in a
paste. Words are lower-cased and lightly stemmed.

>>> normalize("Application with identifier 'a1b2c3d4-0000-4000-8000-123456789abc' was not found.")
'application with identifier _v_ was not found _b_'
>>> normalize("Application with identifier '{app}' was not found")
'application with identifier _v_ was not found'
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["BOUNDARY", "PLACEHOLDER", "STOPWORDS", "normalize", "stem", "tokens"]

PLACEHOLDER = "_v_"
#: Marks a sentence or line end; fuzzy windows pay extra to span one.
BOUNDARY = "_b_"

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "for",
        "in",
        "on",
        "at",
        "by",
        "from",
        "with",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "as",
        "your",
        "you",
        "we",
        "our",
        "i",
        "my",
        "me",
        "please",
    ]
)

_VARIABLE = re.compile(
    r"""(?x)
    \{[a-z_]{1,20}\}                                   # template placeholder
    |\[redacted[^\]\n]{0,60}\]                          # a secret removed by bot.safety
    |\b[a-z][a-z0-9+.-]{1,15}://[^\s'"<>`)\]]+          # URL
    |\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b                   # e-mail
    |\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b   # GUID
    |\b\d{4}-\d\d-\d\d(?:[t ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?z?)?\b       # timestamp
    |'[^'\s]{1,80}'|"[^"\s]{1,80}"|`[^`\s]{1,80}`|‘[^’\s]{1,80}’|“[^”\s]{1,80}”   # quoted name
    |\b(?:aadsts)?\d+\b                                 # numbers, AADSTS codes
    """
)
_WORD = re.compile(r"[a-z0-9_]+")
_SENTENCE_END = re.compile(r"[.!?;]+(?:\s|$)|\n|```|\|")
_SUFFIXES = ("ing", "ed", "es", "s")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Strip one common English suffix so 'expired', 'expires' and 'expire' agree.

    >>> [stem(w) for w in ("expired", "expires", "tokens", "access")]
    ['expir', 'expir', 'token', 'access']
    """
    if len(word) > 4 and not word.endswith("ss"):
        for suffix in _SUFFIXES:
            if word.endswith(suffix):
                return word[: -len(suffix)]
        if word.endswith("e"):
            return word[:-1]
    return word


def normalize(text: str) -> str:
    """Lower-case ``text`` and replace its variable parts with the placeholder."""
    replaced = _VARIABLE.sub(f" {PLACEHOLDER} ", text.lower())
    replaced = _SENTENCE_END.sub(f" {BOUNDARY} ", replaced)
    return " ".join(_WORD.findall(replaced))


def tokens(normalized: str) -> list[str]:
    """Stemmed content words (and boundaries) of a normalized text, stopwords dropped.

    >>> tokens(normalize("The code is expired"))
    ['code', 'expir']
    """
    return [stem(w) for w in normalized.split() if w not in STOPWORDS]

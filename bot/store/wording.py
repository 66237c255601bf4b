"""A paste's wording with its variable parts masked, so the same error pasted again (another
user, trace ID, URL or time) reads the same; and the fingerprint corrections are found by.

>>> wording("AADSTS50011 at https://x.example/cb  Trace ID: 0f4211a6-4d87-4d2d-99f2-76101fca1191")
'aadsts50011 at {url} trace id: {id}'
>>> wording("Session 4711 blocked for bob@example.com") == wording("session 4711 for a@b.io")
False
>>> wording("Session 4711 blocked for bob@example.com") == wording("session 4711 blocked for a@b.c")
True
>>> wording("zoom error 4733") == wording("zoom error 4700")
False
>>> template("Portal:  ERR-7 for bob@example.com at https://x.example/cb [redacted JWT, 9 chars]")
'Portal: ERR-7 for {user} at {uri} {secret}'
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["fingerprint", "template", "wording"]

#: Wording beyond this many characters is not compared (a long log is still one error).
MAX_WORDING = 2000

#: What varies between pastes of one error, found the same in any case.
_SECRET = re.compile(r"\[redacted [^\]\n]{1,80}\]")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]{1,20}://\S+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_GUID = re.compile(
    r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE
)

_MASKS = (
    (_SECRET, "{secret}"),
    (_URL, "{url}"),
    (_EMAIL, "{email}"),
    (_GUID, "{id}"),
    (re.compile(r"\b\d{4}-\d\d-\d\d(?:[t ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?z?)?\b"), "{time}"),
    (re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{16,}\b"), "{id}"),
    # Short whole numbers stay: they are codes as often as not (zoom 4733, error 50011).
    (re.compile(r"(?<![\w.])(?:\d{7,}|\d+(?:[.,:]\d+)+)(?![\w.])"), "{n}"),
)


def wording(text: str) -> str:
    """``text`` lower-cased, secrets' markers, URLs, e-mails, GUIDs, times, long hex IDs and
    long or dotted numbers masked, whitespace collapsed; codes (``aadsts50011``, 4733) kept."""
    masked = text.lower()
    for pattern, mask in _MASKS:
        masked = pattern.sub(mask, masked)
    return " ".join(masked.split())[:MAX_WORDING]


def fingerprint(text: str) -> str:
    """The SHA-256 of :func:`wording`, hex: equal for the same error worded the same way."""
    return hashlib.sha256(wording(text).encode()).hexdigest()


#: An alias written from a paste is cut to this many characters (at a word).
MAX_TEMPLATE = 300

#: The same parts as knowledge placeholders, the case of the rest kept.
_TEMPLATE_MASKS = ((_SECRET, "{secret}"), (_URL, "{uri}"), (_EMAIL, "{user}"), (_GUID, "{id}"))


def template(text: str) -> str:
    """A (redacted) paste as a knowledge alias: secrets' markers, URLs, e-mails and GUIDs
    become ``{placeholders}``, whitespace is collapsed, and it is cut at a word."""
    shown = text
    for pattern, mask in _TEMPLATE_MASKS:
        shown = pattern.sub(mask, shown)
    shown = " ".join(shown.split())
    if len(shown) > MAX_TEMPLATE:
        shown = shown[:MAX_TEMPLATE].rsplit(" ", 1)[0]
    return shown

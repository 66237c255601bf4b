"""Knowledge titles with their ``{placeholders}`` filled from the paste, or read naturally.

A title is the literal message a provider returns, with its variable parts marked
``{uri}``, ``{app}``, ``{id}``. Where the paste quotes the message, the values it holds
are put back; where it does not, the placeholder is left out so the sentence still
reads well. No reply ever shows a raw ``{placeholder}``.

>>> title = "The redirect URI '{uri}' specified in the request does not match the app '{app}'."
>>> fill(title, "AADSTS50011: The redirect URI 'http://localhost/cb' specified in the request "
...      "does not match the app 'a1b2'.")
Filled(text="The redirect URI 'http://localhost/cb' specified in the request does not match \
the app 'a1b2'.", values=(('uri', 'http://localhost/cb'), ('app', 'a1b2')))
>>> plain(title)
'The redirect URI specified in the request does not match the app.'
>>> plain("Application with ID '{id}' named '{name}' was not found.")
'Application was not found.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Filled", "fill", "plain"]

_PLACEHOLDER = re.compile(r"\{([a-z_]{1,20})\}")
_OPEN, _CLOSE = "'\"‘“", "'\"’”"
#: Words that only introduce a value ("named 'x'", "with ID 'x'") go with it when it is left out.
_LEAD_IN = r"(?:\s+(?:named|called|with (?:the )?(?:id|identifier|name)|identifier|id|for))?"
#: How far into a paste the message is looked for, and the longest value taken from it.
_SCAN = 20_000
_MAX_VALUE = 300


@dataclass(frozen=True)
class Filled:
    """A title as shown, and the values of its placeholders found in the paste."""

    text: str
    values: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=4_096)
def _pattern(template: str) -> re.Pattern[str] | None:
    """A pattern finding ``template`` in a paste, one group per placeholder (None: none)."""
    if "{" not in template:
        return None
    parts: list[str] = []
    last = 0
    for number, match in enumerate(_PLACEHOLDER.finditer(template)):
        literal = template[last : match.start()]
        parts.append(r"\s+".join(re.escape(word) for word in literal.split(" ")))
        quoted = literal[-1:] in _OPEN
        value = rf"[^{_CLOSE}\n]{{1,{_MAX_VALUE}}}?" if quoted else rf"\S[^\n]{{0,{_MAX_VALUE}}}?"
        parts.append(f"(?P<v{number}>{value})")
        last = match.end()
    parts.append(r"\s+".join(re.escape(word) for word in template[last:].rstrip(".").split(" ")))
    return re.compile("".join(parts), re.IGNORECASE)


def fill(template: str, paste: str) -> Filled:
    """``template`` with the values the paste holds for its placeholders; where the paste
    does not quote the message, :func:`plain` (the placeholders left out)."""
    pattern = _pattern(template)
    if pattern is None:
        return Filled(template)
    found = pattern.search(paste[:_SCAN])
    if found is None:
        return Filled(plain(template))
    names = [m.group(1) for m in _PLACEHOLDER.finditer(template)]
    values = tuple((name, found.group(f"v{i}").strip()) for i, name in enumerate(names))
    pieces = iter(value for _, value in values)
    return Filled(_PLACEHOLDER.sub(lambda _: next(pieces), template), values)


#: Placeholders the sentence cannot do without (after a colon, an article or a verb) get
#: a plain noun instead of being left out.
_NEEDS_OBJECT = re.compile(
    r"(?:[:(\[]|\b(?:a|an|the|contain|contains|accepts|only|to|of|in|from|by|is|was|are))\s*[{_O}]?$".replace(
        "{_O}", _OPEN
    ),
    re.IGNORECASE,
)
_NOUNS = {
    "app": "the app",
    "application": "the app",
    "user": "the user",
    "tenant": "the tenant",
    "scope": "the scope",
    "uri": "the URI",
    "resource": "the resource",
}


@lru_cache(maxsize=4_096)
def plain(template: str) -> str:
    """``template`` read without its placeholders: quoted ones and the words that introduce
    them are left out, so "the application '{app}'" reads "the application"; one the
    sentence needs ("Access blocked: {app} can only...") becomes a plain noun or "…"."""
    if "{" not in template:
        return template
    text = re.sub(r",\s*\{[a-z_]+\}\s*,", "", template)

    def replace(match: re.Match[str]) -> str:
        if _NEEDS_OBJECT.search(text[: match.start()]) and not match.group(1):
            return " " + _NOUNS.get(match.group(2), "…")
        return ""

    pattern = rf"({_LEAD_IN})\s*[{_OPEN}]?\{{([a-z_]+)\}}[{_CLOSE}]?"
    text = re.sub(pattern, replace, text, flags=re.IGNORECASE)
    text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip(" ,;:")

"""Text shared by the knowledge tools and the engine: one tokeniser for templates and pastes.

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

__all__ = ["BOUNDARY", "MAX_PASTE_CHARS", "PLACEHOLDER", "STOPWORDS", "normalize", "stem", "tokens"]

#: Slack's message limit: a paste is read up to here (by :func:`bot.explain.explain`, once)
#: and stored up to here.
MAX_PASTE_CHARS = 40_000

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

#: Variable parts, each pass run only when its marker occurs in the text (in this order:
#: a URL holds numbers, a quoted name may hold a URL).
_VARIABLE_PASSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("{", re.compile(r"\{[a-z_]{1,20}\}")),  # template placeholder
    ("[redacted", re.compile(r"\[redacted[^\]\n]{0,60}\]")),  # a secret removed by bot.safety
    ("://", re.compile(r"\b[a-z][a-z0-9+.-]{1,15}://[^\s'\"<>`)\]]+")),  # URL
    ("@", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),  # e-mail
    ("-", re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")),  # GUID
    ("-", re.compile(r"\b\d{4}-\d\d-\d\d(?:[t ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?z?)?\b")),  # time
    ("", re.compile(r"\b(?:aadsts)?\d+\b")),  # numbers, AADSTS codes
)
#: A quoted name in a paste: a value ('contoso') or a literal ('client_id'), so both are kept.
_QUOTED = re.compile(
    r"""'([^'\s]{1,80})'|"([^"\s]{1,80})"|`([^`\s]{1,80})`|‘([^’\s]{1,80})’|“([^”\s]{1,80})”"""
)
_URL_WORD = re.compile(r"\burl(?=s?\b)")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]{0,40}")
_CONTRACTIONS = (("can't", "cannot"), ("won't", "will not"), ("n't", " not"))
_SPACED_PLACEHOLDER = f" {PLACEHOLDER} "
#: Words: Latin letters (accented ones too, for error pages in other languages) and digits,
#: or runs of Chinese, Japanese or Korean characters, which are split into pairs below.
_WORD = re.compile(r"[a-z0-9_\u00df-\u024f]+|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?;]+(?:\s|$)|\n|```|\|")
_SUFFIXES = ("ing", "ed", "es", "s")
#: Words providers and people use interchangeably, after stemming.
_SYNONYMS = {
    "application": "app",
    "identifier": "id",
    "register": "configur",
    "registration": "configur",
    "signin": "login",
    "logon": "login",
    "mismatch": "match",
    "reply": "redirect",  # reply URL (Entra) = redirect URI
    "directory": "tenant",  # Entra's directory is the tenant
}
#: Two-word forms of one word: "sign in", "log-in", "sign on" are all "login".
_LOGIN = re.compile(r"\b(?:sign|log)[- ]?(?:in|on)\b")


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


def _quoted(match: re.Match[str]) -> str:
    inner = next(g for g in match.groups() if g is not None)
    if _IDENTIFIER.fullmatch(inner):
        return f" {PLACEHOLDER} {inner} "
    return _SPACED_PLACEHOLDER


def normalize(text: str, *, template: bool = False) -> str:
    """Lower-case ``text`` and replace its variable parts with the placeholder.

    In a ``template`` (a knowledge title or alias) variables are marked ``{name}``,
    so quoted words there are literal and kept as they are.

    >>> normalize("Tenant 'contoso' isn't valid"), normalize("Tenant '{tenant}'", template=True)
    ('tenant _v_ contoso is not valid', 'tenant _v_')
    """
    replaced = text.lower()
    if "'" in replaced:
        for contraction, expansion in _CONTRACTIONS:
            replaced = replaced.replace(contraction, expansion)
    for marker, pattern in _VARIABLE_PASSES:
        if marker in replaced:
            replaced = pattern.sub(_SPACED_PLACEHOLDER, replaced)
    if not template:
        replaced = _QUOTED.sub(_quoted, replaced)
    if "url" in replaced:
        replaced = _URL_WORD.sub("uri", replaced)  # providers say either; people too
    if " in" in replaced or " on" in replaced or "-" in replaced:
        replaced = _LOGIN.sub("login", replaced)
    replaced = _SENTENCE_END.sub(f" {BOUNDARY} ", replaced)
    return " ".join(_pairs(w) if _CJK.match(w) else w for w in _WORD.findall(replaced))


def _pairs(run: str) -> str:
    """A run of CJK characters (written without spaces) as its overlapping character pairs.

    >>> _pairs("無効です")
    '無効 効で です'
    """
    if len(run) < 3:
        return run
    return " ".join(run[i : i + 2] for i in range(len(run) - 1))


def tokens(normalized: str) -> list[str]:
    """Stemmed content words (and boundaries) of a normalized text, stopwords dropped.

    >>> tokens(normalize("The code is expired"))
    ['code', 'expir']
    """
    stems = (stem(w) for w in normalized.split() if w not in STOPWORDS)
    return [_SYNONYMS.get(w, w) for w in stems]

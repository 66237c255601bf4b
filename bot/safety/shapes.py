"""What a value looks like: an identifier, a number, a placeholder, a code reference, a file
location, or something random enough to be a credential.

These predicates judge a value by its shape alone; :mod:`bot.safety.redact` combines them with
where the value stands (the name before it, the text around it). Every pattern is linear:
possessive or atomic groups, and long values are never parsed as identifiers.

>>> is_identifier("InvalidAuthenticationToken"), is_identifier("Authorization_RequestDenied")
(True, True)
>>> is_identifier("IDX10223"), is_identifier("E0000011"), is_identifier("interaction_in_progress")
(True, True, True)
>>> is_identifier("SplxlOBeZQQYbYS6WxSbIA_0"), is_identifier("5b4bd1e4a3f7c0a8d9e2")
(False, False)
>>> never_secret("RefreshTokenClient.mjs:155:26"), never_secret("process.env.CLIENT_SECRET")
(True, True)
>>> never_secret("<your-secret>"), never_secret("********"), never_secret("{client_secret")
(True, True, True)
>>> never_secret("Qx7~p9Vt.Z2mK_w8Rb4sLn3Yc6Hd1Fg5Jq0Ae")
False
>>> looks_random("a9F3kLm2Qp8Rs7Tv6Wx5Yz4Bc3Dd2Ee1Ff0Gg", min_length=20)
True
"""

from __future__ import annotations

import math
import re
from collections import Counter

__all__ = [
    "entropy",
    "is_guid",
    "is_identifier",
    "is_placeholder",
    "looks_random",
    "never_secret",
    "shape_of",
]

#: One word of an identifier, taken whole (atomic) so a run of capitals is never re-split:
#: an acronym before a capitalised word (``HTTP`` in HTTPError, ``O`` in OAuth), an acronym at
#: the end of a run (``IDX``, ``AADSTS``, ``E`` in E0000011), or a word of two or more
#: lower-case letters, capitalised or not.
_WORD = r"(?>[A-Z]+(?=[A-Z][a-z])|[A-Z]++(?![a-z])|[A-Z]?[a-z]{2,}+)"
#: One part between separators: words with trailing digits (``AADSTS50011``, ``oauth2``),
#: digits with at most one letter before them (``v2``, ``404``), or a single letter (``x``).
_PART = rf"(?:{_WORD}++\d*+|[A-Za-z]?\d++|[A-Za-z])"
_IDENTIFIER = re.compile(rf"{_PART}(?:[._-]++{_PART})*+")
_MAX_IDENTIFIER = 120

#: A dotted reference into code or configuration: ``process.env.CLIENT_SECRET``,
#: ``settings.GOOGLE_OAUTH2_CLIENT_SECRET``, ``os.environ[``, ``getSecret(``.
_SEGMENT = r"[A-Za-z_$][A-Za-z0-9_$]*+"
_CODE_REFERENCE = re.compile(rf"{_SEGMENT}(?:\.{_SEGMENT})++[(\[]?|{_SEGMENT}[(\[]")
#: A source location from a stack trace: ``RefreshTokenClient.mjs:155:26``, ``client.js:406``,
#: ``TokenService.cs:line``, optionally behind a path.
_LOCATION = re.compile(
    r"(?:[\w@~.$+-]*+[/\\])*+[\w@~.$+-]*?\.[A-Za-z][A-Za-z0-9]{0,5}(?::\d++){1,2}|"
    r"(?:[\w@~.$+-]*+[/\\])*+[\w@~.$+-]*?\.[A-Za-z][A-Za-z0-9]{0,5}:line"
)
#: A file system path whose segments read as names: ``/home/app``, ``./certs``, ``C:\src``.
_PATH = re.compile(r"(?:~|\.{1,2}|[A-Za-z]:)?[/\\][\w.@+-]*+(?:[/\\][\w.@+-]*+)*+")
#: Numbers, dates, times, versions and positions: ``124``, ``0x80070005`` (an HRESULT, not a
#: 64-digit hex key), ``155:26``, ``2024-01-31T09:14:52Z``, ``10/10/2023``, ``-2147024891``.
_NUMBER_LIKE = re.compile(
    r"[0-9]++|[-+]?(?:0[xX][0-9a-fA-F]{1,16}|[0-9][0-9.,:/+-]{0,30}+(?:T[0-9.:]{1,20}+)?Z?)"
)
_URL = re.compile(r"(?i)[a-z][a-z0-9+.-]{0,20}://")
_GUID = re.compile(r"\{?[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\}?")
#: Words that stand for "no value" or "value hidden".
_EMPTY_WORDS = frozenset(
    {"true", "false", "null", "nil", "none", "undefined", "redacted", "hidden", "empty", "n/a"}
)
#: Characters used to mask a value (``********``, ``xxxx``, ``•••``); with separators, a
#: masked GUID ``xxxxxxxx-xxxx-...`` counts too.
_MASK = frozenset("*xX•#?")
_MASK_SEPARATORS = frozenset(".-_ ")
#: Template variables and documentation placeholders: ``{{token}}``, ``${SECRET}``,
#: ``$(cat secret)``, ``{client_secret}``, ``$CLIENT_SECRET``, ``$env:CLIENT_SECRET``,
#: ``%API_KEY%``, ``<your-secret>``, ``[PII is hidden]``, ``(hidden)``. A value that merely
#: starts with ``%`` or ``{`` (``%21aB9...``, URL-encoded) is not one.
_TEMPLATE = re.compile(
    r"(?:\{\{|\$\{|\$\(|<).*+"
    r"|\{[ \t]*+[A-Za-z_][\w.-]*+\}?"
    r"|\$(?:env:)?[A-Za-z_]\w*+"
    r"|%[A-Za-z_]\w*+%"
    r"|[\[(][A-Za-z].*+",
    re.DOTALL,
)


def entropy(value: str) -> float:
    """Shannon entropy per character, in bits, of the value's first 256 characters (plenty
    to tell a credential from a repeated word, and a paste of 40,000 keys stays linear)."""
    value = value[:256]
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def shape_of(value: str) -> str:
    """The value as judged: a sentence's full stop or a label's colon is not part of it."""
    return value.rstrip(".:,")


def is_identifier(value: str) -> bool:
    """Words joined by case, ``_``, ``-`` or ``.``, digits only at the end of a part.

    Error code names (``ErrorAccessDenied``, ``invalid_grant``, ``AADSTS50011``,
    ``CERT_HAS_EXPIRED``), type and file names. A random string almost always breaks the
    pattern (a digit mid-part, a capital followed by a single lower-case letter).
    """
    return len(value) <= _MAX_IDENTIFIER and _IDENTIFIER.fullmatch(value) is not None


def is_guid(value: str) -> bool:
    """A GUID: a request, trace, correlation, tenant or object ID."""
    return _GUID.fullmatch(value) is not None


def is_placeholder(value: str) -> bool:
    """A template variable, a masked value or a word meaning "none"."""
    if value.lower() in _EMPTY_WORDS or _TEMPLATE.fullmatch(value):
        return True
    masked = set(value) - _MASK_SEPARATORS
    return bool(masked) and masked <= _MASK


def never_secret(value: str) -> bool:
    """Whatever the name before it: a placeholder, a number or date, a URL, a code reference
    or a file location."""
    value = shape_of(value)
    return (
        not value
        or is_placeholder(value)
        or _NUMBER_LIKE.fullmatch(value) is not None
        or _URL.match(value) is not None
        or _is_code_reference(value)
        or (len(value) <= 400 and _LOCATION.fullmatch(value) is not None)
        or (_PATH.fullmatch(value) is not None and _path_reads_as_names(value))
    )


def _is_code_reference(value: str) -> bool:
    if _CODE_REFERENCE.fullmatch(value) is None:
        return False
    segments = value.rstrip("([").split(".")
    return all(is_identifier(s.strip("_$")) for s in segments)


def _path_reads_as_names(value: str) -> bool:
    segments = [s for s in re.split(r"[/\\]", value) if s and s not in {"~", ".", ".."}]
    return all(is_identifier(s) or s.endswith(":") for s in segments)


def looks_random(
    value: str, *, min_length: int, min_entropy: float = 2.5, numbered_names: bool = True
) -> bool:
    """Long and varied enough to be a credential, and shaped like none of the above.

    ``numbered_names=False`` where a name with digits (``abc123``, ``Summer2024``) is more
    likely a credential than a code name, as after ``Bearer`` or under ``token``.
    """
    value = shape_of(value)
    named = is_identifier(value) and (numbered_names or not any(c.isdigit() for c in value))
    return (
        len(value) >= min_length
        and not never_secret(value)
        and not named
        and entropy(value) >= min_entropy
    )

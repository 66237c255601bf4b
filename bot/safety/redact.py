"""Find pasted secrets and replace them with a marker showing only their kind and length.

Runs before anything is stored, logged, matched or posted. Patterns are linear
(no nested quantifiers) so a 40,000-character paste is scanned in milliseconds.
JWTs are decoded on the way (locally, no signature check) so their claims can
explain the error without the token ever leaving this module.

A value is a secret by its format where the format is certain (JWT, ``xoxb-``, ``ghp_``,
``AKIA``, PEM, Basic credentials), and otherwise by what it looks like *and* where it stands
(:mod:`bot.safety.shapes` judges the look): under a plain credential name (``client_secret``,
``password``) anything but a placeholder, number, code reference or error constant; under a
vague one (``token``, ``secret``) only a random-looking value; under ``code`` only a value
with an authorization code's format or randomness, so Graph's ``"code": "ErrorAccessDenied"``
or ``IDX10223`` stay in the text for matching. A name is read from its last dotted part and
its last word: ``RefreshTokenClient.mjs:155:26`` is a stack frame, ``token_type`` a type.

>>> redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl").text
'Authorization: Bearer [redacted JWT, 49 chars]'
>>> redact("client_id=abc&client_secret=s3cr3t-Value_123").text
'client_id=abc&client_secret=[redacted client secret, 16 chars]'
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.safety import shapes

__all__ = ["Redacted", "Secret", "redact"]


@dataclass(frozen=True)
class Secret:
    """A secret found in a paste: its kind and length, never its value.

    ``claims`` holds a decoded JWT's payload; ``client_id`` the user part of a
    Basic credential when that part does not look secret.
    """

    kind: str
    length: int
    claims: dict[str, Any] = field(default_factory=dict, compare=False)
    client_id: str | None = None


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
    (
        "private key",
        re.compile(
            r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[A-Za-z0-9+/=\s\\:,]{0,10000}+"
            r"(?:-----END (?:[A-Z]+ )?PRIVATE KEY-----)?"
        ),
    ),
    ("JWT", re.compile(r"\beyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]*")),
    ("Slack token", re.compile(r"\b(?:xox[abposre]|xapp|xoxe\.xox[bp])-[\w-]{8,}")),
    ("Google access token", re.compile(r"\bya29\.[\w.-]{20,}")),
    ("GitHub token", re.compile(r"\b(?:gh[opusr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{30,})")),
    ("AWS access key", re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b")),
    ("Bearer credential", re.compile(r"(?i)(?<=\bBearer )(?!\[redacted|\{\{|\$)[^\s\"'<>,;]{8,}")),
    ("Basic credential", re.compile(r"(?i)(?<=\bBasic )(?!\[redacted)[A-Za-z0-9+/]{8,}={0,2}")),
    (
        "URL password",
        re.compile(r"(?<=://)[^\s/:@\"'<>]{1,100}:(?P<value>[^\s/@\"'<>]{1,200})(?=@)"),
    ),
)
#: Lower-case text one of which must occur before a pattern is worth running.
_MARKERS: dict[str, tuple[str, ...]] = {
    "private key": ("private key-----",),
    "JWT": ("eyj",),
    "Slack token": ("xox", "xapp-"),
    "Google access token": ("ya29.",),
    "GitHub token": ("gho_", "ghp_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "AWS access key": ("akia", "asia", "agpa", "aida", "aroa"),
    "Bearer credential": ("bearer ",),
    "Basic credential": ("basic ",),
    "URL password": ("://",),
}

#: Kinds of named secrets by the secret word that ends the name (``ZOOM_CLIENT_SECRET``,
#: ``clientSecret``, ``refresh-token``), written without separators, most specific first.
_NAME_KINDS: tuple[tuple[str, str], ...] = (
    ("clientsecret", "client secret"),
    ("clientassertion", "client assertion"),
    ("secretaccesskey", "AWS secret key"),
    ("refreshtoken", "refresh token"),
    ("accesstoken", "access token"),
    ("idtoken", "ID token"),
    ("sessiontoken", "session token"),
    ("codeverifier", "PKCE code verifier"),
    ("devicecode", "device code"),
    ("privatekey", "private key"),
    ("accountkey", "Azure storage key"),
    ("apikey", "API key"),
    ("password", "password"),
    ("passwd", "password"),
    ("pwd", "password"),
    ("secret", "secret"),
    ("token", "token"),
    ("assertion", "client assertion"),
    ("sig", "Azure SAS signature"),
    ("code", "authorization code"),
)
#: Names that say plainly the value is a credential: whatever stands there is redacted unless
#: it is a placeholder, a number, a code reference or an error constant. Vaguer names
#: (``token``, ``secret``, ``code``) need a value that looks random.
_PLAIN_WORDS = frozenset(
    {
        "clientsecret",
        "clientassertion",
        "secretaccesskey",
        "refreshtoken",
        "accesstoken",
        "idtoken",
        "sessiontoken",
        "codeverifier",
        "privatekey",
        "accountkey",
        "apikey",
        "password",
        "passwd",
        "pwd",
    }
)
#: Words that may follow the secret word without changing what the name holds
#: (``SECRET_KEY``, ``client_secret_value``, ``PASSWORD2``).
_QUALIFIERS = frozenset(
    {"key", "value", "val", "str", "string", "text", "raw", "plain", "enc", "encoded", "b64"}
    | {"base64", "hex", "hash", "data", "bytes"}
)
_NAME_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
#: OAuth parameters public by design that carry a secret word: the PKCE challenge is a hash
#: sent through the browser, like ``state`` and ``nonce``.
_PUBLIC_NAME = re.compile(r"code[_-]?challenge", re.IGNORECASE)
#: A key and its separator: ``name=`` in query strings, form bodies and env files,
#: ``"name": `` in JSON or reprs, ``name: `` in headers and YAML. Only the key is consumed,
#: so a value never hides the next key; :func:`_name_role` then decides whether the name is
#: secret-like, so prefixed names such as ``OKTA_CLIENT_SECRET`` or ``clientSecret`` count.
_KEY = re.compile(
    r"""(?<![\w.-])["']?(?P<name>[\w.-]{2,60}+)["']?[ \t]*+(?:=>|=|:)[ \t]*+["']?(?!//)"""
)
_VALUE = re.compile(r"""(?!\[redacted)[^\s"'&,;<>)}\]]{4,4000}""")
#: Postman and similar exports: ``{"key": "clientSecret", "value": "..."}``.
_KEY_THEN_VALUE = re.compile(
    r"""["']key["']\s*+:\s*+["'](?P<name>[\w.-]{2,60}+)["']\s*+,\s*+["']value["']\s*+:\s*+["']"""
)
#: ``curl -u client:secret``.
_CURL_USER = re.compile(r"""(?:\s-u|--user)\s+["']?[^\s:"']{1,100}:""")
#: An authorization code mentioned in prose: "Invalid authorization code AbC123...".
_CODE_IN_PROSE = re.compile(
    r"(?i)(?<=\bcode)\b(?P<sep>\s*[\[(:]?\s*)(?P<value>(?!\[redacted)[A-Za-z0-9_\-.~]{16,512})"
)
#: Authorization codes whose format is certain: Microsoft identity platform (``0.AVYA...``),
#: Microsoft accounts (``M.R3_BAY.c0...``), Google (``4/0AX4XfWh...``).
_CODE_FORMAT = re.compile(
    r"[01]\.A[\w.-]{10,}|M\.[A-Z]\d{1,4}_[A-Z0-9]{2,6}\.[\w.!*-]{8,}|4/[\w-]{10,}"
)
#: Words that put a ``code`` into an OAuth request or callback rather than an error body.
_OAUTH_CONTEXT = re.compile(
    r"grant_type|redirect_uri|code_verifier|client_id|client_secret|\bstate\b", re.IGNORECASE
)
_OAUTH_WINDOW = 300
#: An authorization code in an OAuth request needs this many characters; a ``code`` anywhere
#: else (an error body's ``"code"``, a log's ``code:``) needs as many as a real code has.
_CODE_MIN_IN_REQUEST = 10
_CODE_MIN_ELSEWHERE = 20
_UPPER_CONSTANT = re.compile(r"[A-Z][A-Z0-9]*+(?:_[A-Z0-9]++)+")
_LOWER_WORDS = re.compile(r"[a-z]++(?:_[a-z]++)*+")


@dataclass(frozen=True)
class _Role:
    """What a name says about its value: the kind of secret, and how plainly it says so.

    ``plain``: the name ends in an unambiguous credential word (``client_secret``,
    ``password``). ``vague``: it ends in ``token``, ``secret``, ``code`` and the like.
    ``inner``: a secret word stands inside a longer name (``token_type``, ``code_id``,
    ``CLIENT_SECRET_PROD``), so only an unmistakably random value counts.
    """

    kind: str
    strength: str


def _name_role(name: str) -> _Role | None:
    """The role of a key name, from its last dotted part (``RefreshTokenClient.mjs`` is a
    file name, ``spring...client-secret`` a secret).

    >>> _name_role("ZOOM_CLIENT_SECRET"), _name_role("SECRET_KEY").strength
    (_Role(kind='client secret', strength='plain'), 'vague')
    >>> _name_role("x-ms-error-code").kind, _name_role("token_type").strength
    ('authorization code', 'inner')
    >>> _name_role("RefreshTokenClient.mjs") is None, _name_role("code_challenge") is None
    (True, True)
    """
    last = name.rsplit(".", 1)[-1]
    words = [w.lower() for w in _NAME_WORD.findall(last)]
    everything = "".join(words)
    inner = next((kind for word, kind in _NAME_KINDS if word in everything), None)
    if inner is None or _PUBLIC_NAME.search(last):
        return None
    while words:
        compact = "".join(words)
        for word, kind in _NAME_KINDS:
            if compact.endswith(word):
                return _Role(kind, "plain" if word in _PLAIN_WORDS else "vague")
        if len(words) == 1 or not (words[-1] in _QUALIFIERS or words[-1].isdigit()):
            break
        words.pop()
    return _Role(inner, "inner")


def _plain_value_is_secret(value: str, *, prose: bool) -> bool:
    """Under a plain name anything counts but a placeholder, a number, a code reference, an
    error constant or a lower-case word; and a bare word that opens a sentence
    (``password: Password requirements were not met``)."""
    shape = shapes.shape_of(value)
    if shapes.never_secret(shape):
        return False
    if _UPPER_CONSTANT.fullmatch(shape) or _LOWER_WORDS.fullmatch(shape):
        return False  # an error constant such as CERT_HAS_EXPIRED, or a word: bearer, required
    return not (prose and shape.isalpha())


def _code_is_secret(value: str, *, in_request: bool) -> bool:
    """A ``code``: an authorization code only by its format or by looking random, more so
    outside an OAuth request."""
    if _CODE_FORMAT.fullmatch(value):
        return True
    minimum = _CODE_MIN_IN_REQUEST if in_request else _CODE_MIN_ELSEWHERE
    return shapes.looks_random(value, min_length=minimum, min_entropy=3.0)


def _jwt_claims(token: str) -> dict[str, Any]:
    try:
        payload = token.split(".")[1]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(decoded)
    except (IndexError, ValueError, binascii.Error, UnicodeDecodeError):
        return {}
    return claims if isinstance(claims, dict) else {}


def _basic_client_id(value: str) -> str | None:
    try:
        user, _, _ = base64.b64decode(value + "=" * (-len(value) % 4)).decode().partition(":")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    safe = re.fullmatch(r"[\w.@-]{1,64}", user) and (len(user) < 20 or "-" in user or "@" in user)
    return user if safe and not _looks_high_entropy_token(user) else None


def _looks_high_entropy_token(value: str) -> bool:
    return len(value) >= 32 and "-" not in value and shapes.entropy(value) > 4.0


def _bearer_is_secret(value: str) -> bool:
    """Not a placeholder (``{access_token}``, ``undefined``), a word (``Bearer authentication``,
    ``YOUR_ACCESS_TOKEN``) or an auth parameter (``Bearer realm=...``)."""
    return re.match(r"[A-Za-z_-]+=", value) is None and shapes.looks_random(
        value, min_length=8, min_entropy=0.0, numbered_names=False
    )


def _basic_is_secret(value: str) -> bool:
    """Base64 of ``user:password``, or at least nothing that reads as a word
    (``Basic authentication``, ``Basic Information``)."""
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4)).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        decoded = ""
    return ":" in decoded or not (shapes.never_secret(value) or shapes.is_identifier(value))


#: Checks on a pattern's match before it counts; a kind not listed always counts.
_CHECKS: dict[str, Callable[[str], bool]] = {
    "Bearer credential": _bearer_is_secret,
    "Basic credential": _basic_is_secret,
    "URL password": lambda value: not shapes.is_placeholder(value),  # ``user:****@host``
    "Slack token": lambda value: any(c.isdigit() for c in value),  # not ``xoxb-your-token``
}


def _marker(kind: str, length: int) -> str:
    return f"[redacted {kind}, {length} chars]"


def redact(text: str) -> Redacted:
    """Replace each secret in ``text`` with ``[redacted KIND, N chars]``.

    >>> r = redact('{"refresh_token": "1//0gAbCdEfGh-IjKlMnOp", "code": 124}')
    >>> r.text, r.kinds
    ('{"refresh_token": "[redacted refresh token, 22 chars]", "code": 124}', ('refresh token',))
    >>> redact('{"error":{"code":"InvalidAuthenticationToken"}}').secrets
    ()
    """
    found: list[Secret] = []

    def fixed(kind: str):
        check = _CHECKS.get(kind)

        def substitute(match: re.Match[str]) -> str:
            group = "value" if "value" in match.re.groupindex else 0
            value = match.group(group)
            if check is not None and not check(value):
                return match.group(0)
            claims = _jwt_claims(value) if kind == "JWT" else {}
            client_id = _basic_client_id(value) if kind == "Basic credential" else None
            found.append(Secret(kind, len(value), claims, client_id))
            keep = match.group(0)[: match.start(group) - match.start()]
            return keep + _marker(kind, len(value))

        return substitute

    def named_values(text: str) -> str:
        spans: list[tuple[int, int, str]] = []
        keys = [(m.group("name"), m.start("name"), m.end()) for m in _KEY.finditer(text)]
        if "key" in text:
            keys += [(m.group("name"), -1, m.end()) for m in _KEY_THEN_VALUE.finditer(text)]
        if "-u" in text:
            keys += [("password", -1, m.end()) for m in _CURL_USER.finditer(text)]
        context: list[int] | None = None  # where OAuth request words stand, found once

        def in_request(name_start: int, start: int) -> bool:
            nonlocal context
            if name_start > 0 and text[name_start - 1] in "?&#":
                return True
            if context is None:
                context = [m.start() for m in _OAUTH_CONTEXT.finditer(text)]
            i = bisect.bisect_left(context, start - _OAUTH_WINDOW)
            return i < len(context) and context[i] <= start + _OAUTH_WINDOW

        covered = 0  # a key inside the value just redacted is part of that value
        for name, name_start, start in sorted(keys, key=lambda key: key[2]):
            role = _name_role(name) if start >= covered else None
            value = _VALUE.match(text, start) if role else None
            if role is None or value is None:
                continue
            found_value = value.group(0)
            if role.strength == "plain":
                prose = text[start - 1] not in "\"'" and bool(
                    re.match(r" [a-z]", text[value.end() : value.end() + 2])
                )
                secret = _plain_value_is_secret(found_value, prose=prose)
            elif role.strength == "inner":  # an ID, a type, a URL: only a random value counts
                secret = not shapes.is_guid(found_value) and shapes.looks_random(
                    found_value, min_length=8
                )
            elif role.kind == "authorization code":
                secret = _code_is_secret(found_value, in_request=in_request(name_start, start))
            else:
                secret = shapes.looks_random(found_value, min_length=6, numbered_names=False)
            if secret:
                spans.append((value.start(), value.end(), role.kind))
                covered = value.end()
        pieces: list[str] = []
        last = 0
        for start, end, kind in sorted(spans):
            if start < last:
                continue
            found.append(Secret(kind, end - start))
            pieces += [text[last:start], _marker(kind, end - start)]
            last = end
        return "".join([*pieces, text[last:]])

    def code_in_prose(match: re.Match[str]) -> str:
        value = match.group("value")
        shape = shapes.shape_of(value)
        if shapes.never_secret(shape) or shapes.is_identifier(shape):
            return match.group(0)
        if not _looks_high_entropy_token(value) and not re.search(
            r"[A-Z].*[0-9_-]|[0-9_-].*[A-Z]", value
        ):
            return match.group(0)
        found.append(Secret("authorization code", len(value)))
        return match.group("sep") + _marker("authorization code", len(value))

    lowered = text.lower()
    for kind, pattern in _PATTERNS:
        if any(marker in lowered for marker in _MARKERS[kind]):
            text = pattern.sub(fixed(kind), text)
    text = named_values(text)
    if "code" in lowered:
        text = _CODE_IN_PROSE.sub(code_in_prose, text)
    return Redacted(text, tuple(found))

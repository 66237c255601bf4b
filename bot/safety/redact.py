"""Find pasted secrets and replace them with a marker showing only their kind and length.

Runs before anything is stored, logged, matched or posted. Patterns are linear
(no nested quantifiers) so a 40,000-character paste is scanned in milliseconds.
JWTs are decoded on the way (locally, no signature check) so their claims can
explain the error without the token ever leaving this module.

>>> redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl").text
'Authorization: Bearer [redacted JWT, 49 chars]'
>>> redact("client_id=abc&client_secret=s3cr3t-Value_123").text
'client_id=abc&client_secret=[redacted client secret, 16 chars]'
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

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

#: Kinds of named secrets, by the last secret-like word of the name (``ZOOM_CLIENT_SECRET``,
#: ``clientSecret``, ``refresh-token``), most specific first.
_NAME_KINDS: tuple[tuple[str, str], ...] = (
    ("client_secret", "client secret"),
    ("client_assertion", "client assertion"),
    ("secret_access_key", "AWS secret key"),
    ("refresh_token", "refresh token"),
    ("access_token", "access token"),
    ("id_token", "ID token"),
    ("session_token", "session token"),
    ("code_verifier", "PKCE code verifier"),
    ("device_code", "device code"),
    ("private_key", "private key"),
    ("accountkey", "Azure storage key"),
    ("api_key", "API key"),
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
_SECRET_WORD = (
    r"client[_-]?secret|client[_-]?assertion|secret[_-]?access[_-]?key|refresh[_-]?token"
    r"|access[_-]?token|id[_-]?token|session[_-]?token|code[_-]?verifier|device[_-]?code"
    r"|private[_-]?key|accountkey|api[_-]?key|password|passwd|pwd|secret|token|assertion|sig|code"
)
_SECRET_NAME = re.compile(_SECRET_WORD, re.IGNORECASE)
_PLAIN_SECRET_NAME = re.compile(
    r"client[_-]?secret|client[_-]?assertion|secret[_-]?access[_-]?key|refresh[_-]?token"
    r"|access[_-]?token|id[_-]?token|session[_-]?token|code[_-]?verifier|private[_-]?key"
    r"|accountkey|api[_-]?key|password|passwd|pwd",
    re.IGNORECASE,
)
#: A key and its separator: ``name=`` in query strings, form bodies and env files,
#: ``"name": `` in JSON or reprs, ``name: `` in headers and YAML. Only the key is consumed,
#: so a value never hides the next key; :data:`_SECRET_NAME` then decides whether the name is
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
    r"(?i)(?<=\bcode)(?P<sep>\s*[\[(:]?\s*)(?P<value>(?!\[redacted)[A-Za-z0-9_\-.~]{16,512})"
)
_LOW_ENTROPY_VALUES = frozenset({"true", "false", "null", "none", "undefined", "xxxx", "redacted"})


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _looks_secret(value: str, *, named_plainly: bool = False) -> bool:
    """A value that is neither a placeholder nor an obvious word or number.

    A value under a plainly secret name (``client_secret``, ``password``) needs no
    randomness to count; one under a vaguer name (``token``, ``code``) does.
    """
    if value.lower() in _LOW_ENTROPY_VALUES or set(value) <= {"x", "X", "*", "."}:
        return False
    if value.startswith(("{{", "$", "<", "%", "[")) or value.isdigit():
        return False
    if re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", value):
        return False  # an error constant such as CERT_HAS_EXPIRED
    if re.match(r"(?i)[a-z][a-z0-9+.-]*://", value) or re.fullmatch(r"[a-z]+(?:_[a-z]+)*", value):
        return False  # a URL (token_endpoint) or a word (token_type: bearer, grant_type values)
    return named_plainly or (len(value) >= 6 and _entropy(value) >= 2.5)


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
    return len(value) >= 32 and "-" not in value and _entropy(value) > 4.0


def _kind_of(name: str) -> str:
    flat = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("-", "_")
    return next(
        (kind for word, kind in _NAME_KINDS if flat.endswith(word) or word in flat), "secret"
    )


def _marker(kind: str, length: int) -> str:
    return f"[redacted {kind}, {length} chars]"


def redact(text: str) -> Redacted:
    """Replace each secret in ``text`` with ``[redacted KIND, N chars]``.

    >>> r = redact('{"refresh_token": "1//0gAbCdEfGh-IjKlMnOp", "code": 124}')
    >>> r.text, r.kinds
    ('{"refresh_token": "[redacted refresh token, 22 chars]", "code": 124}', ('refresh token',))
    """
    found: list[Secret] = []

    def fixed(kind: str):
        def substitute(match: re.Match[str]) -> str:
            group = "value" if "value" in match.re.groupindex else 0
            value = match.group(group)
            claims = _jwt_claims(value) if kind == "JWT" else {}
            client_id = _basic_client_id(value) if kind == "Basic credential" else None
            found.append(Secret(kind, len(value), claims, client_id))
            keep = match.group(0)[: match.start(group) - match.start()]
            return keep + _marker(kind, len(value))

        return substitute

    def named_values(text: str) -> str:
        spans: list[tuple[int, int, str]] = []
        keys = [(m.group("name"), m.end()) for m in _KEY.finditer(text)]
        if "key" in text:
            keys += [(m.group("name"), m.end()) for m in _KEY_THEN_VALUE.finditer(text)]
        if "-u" in text:
            keys += [("password", m.end()) for m in _CURL_USER.finditer(text)]
        covered = 0  # a key inside the value just redacted is part of that value
        for name, start in sorted(keys, key=lambda key: key[1]):
            if start < covered or not _SECRET_NAME.search(name):
                continue
            value = _VALUE.match(text, start)
            plainly = bool(_PLAIN_SECRET_NAME.search(name))
            if value and _looks_secret(value.group(0), named_plainly=plainly):
                spans.append((value.start(), value.end(), _kind_of(name)))
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

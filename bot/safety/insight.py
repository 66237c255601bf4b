"""Insight drawn from a paste without echoing it: JWT claims and redirect-URI differences.

>>> notes = jwt_notes({"exp": 1_000, "aud": "api://x", "scp": "User.Read"}, now=1_000 + 3 * 3600)
>>> notes[0]
'The token expired 3 hours ago.'
>>> uri_differences("http://localhost:3000/callback/", "https://localhost:3000/callback")
['scheme: sent http, registered https', 'trailing slash: sent with one, registered without']
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz

__all__ = ["RedirectInsight", "jwt_notes", "redirect_insight", "uri_differences"]

_V1_ISSUER = re.compile(r"https://sts\.windows\.net/([0-9a-f-]{36})/?")
_V2_ISSUER = re.compile(r"https://login\.microsoftonline\.com/([0-9a-f-]{36})/v2\.0")


def _ago(seconds: float) -> str:
    seconds = abs(int(seconds))
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def jwt_notes(claims: Mapping[str, Any], *, now: float | None = None) -> list[str]:
    """Plain-language notes on a decoded token's claims: validity, audience, issuer, scopes.

    Identity claims (name, e-mail, upn, oid) are never repeated.
    """
    now = time.time() if now is None else now
    notes: list[str] = []
    exp, nbf = claims.get("exp"), claims.get("nbf")
    if isinstance(exp, int | float):
        if exp <= now:
            notes.append(f"The token expired {_ago(now - exp)} ago.")
        else:
            notes.append(f"The token is valid for another {_ago(exp - now)}.")
    if isinstance(nbf, int | float) and nbf > now:
        notes.append(f"The token is not valid yet: it starts in {_ago(nbf - now)} (clock skew?).")
    if "aud" in claims:
        audiences = ", ".join(_as_list(claims["aud"]) or [str(claims["aud"])])
        notes.append(f"Audience (aud): {audiences}. The API must expect exactly this value.")
    issuer = str(claims.get("iss", ""))
    if issuer:
        tenant = _V1_ISSUER.match(issuer) or _V2_ISSUER.match(issuer)
        detail = f" (tenant {tenant.group(1)})" if tenant else ""
        notes.append(f"Issuer (iss): {issuer}{detail}.")
    version = claims.get("ver")
    if version:
        endpoint = "v1 (sts.windows.net)" if str(version) == "1.0" else f"v{version}"
        notes.append(f"Token version: {endpoint}; an API expecting the other version rejects it.")
    scopes = _as_list(claims.get("scp"))
    roles = _as_list(claims.get("roles"))
    if scopes:
        notes.append(f"Delegated scopes (scp): {', '.join(scopes)}.")
    if roles:
        notes.append(f"App roles (roles): {', '.join(roles)}.")
    if not scopes and not roles and ("aud" in claims or "scope" in claims):
        extra = _as_list(claims.get("scope"))
        notes.append(
            f"Scopes (scope): {', '.join(extra)}."
            if extra
            else "The token carries no scopes or roles."
        )
    client = claims.get("appid") or claims.get("azp") or claims.get("client_id")
    if client:
        notes.append(f"Issued to client: {client}.")
    return notes


def uri_differences(sent: str, registered: str) -> list[str]:
    """How two redirect URIs differ: scheme, host, port, path, trailing slash, case, encoding."""
    a, b = urlsplit(sent.strip()), urlsplit(registered.strip())
    diffs: list[str] = []
    if a.scheme.lower() != b.scheme.lower():
        diffs.append(f"scheme: sent {a.scheme or 'none'}, registered {b.scheme or 'none'}")
    if (a.hostname or "") != (b.hostname or ""):
        diffs.append(f"host: sent {a.hostname}, registered {b.hostname}")
    elif a.netloc.split("@")[-1].split(":")[0] != b.netloc.split("@")[-1].split(":")[0]:
        diffs.append("host: same name but different letter case")
    if a.port != b.port:
        diffs.append(f"port: sent {a.port or 'default'}, registered {b.port or 'default'}")
    path_a, path_b = a.path or "/", b.path or "/"
    if path_a.rstrip("/") == path_b.rstrip("/") and path_a != path_b:
        with_slash = "with one" if path_a.endswith("/") else "without"
        without = "without" if path_a.endswith("/") else "with one"
        diffs.append(f"trailing slash: sent {with_slash}, registered {without}")
    elif path_a.lower() == path_b.lower() and path_a != path_b:
        diffs.append(f"path letter case: sent {path_a}, registered {path_b}")
    elif unquote(path_a) == unquote(path_b) and path_a != path_b:
        diffs.append("encoding: the same path, percent-encoded differently")
    elif path_a.rstrip("/").lower() != path_b.rstrip("/").lower():
        diffs.append(f"path: sent {path_a}, registered {path_b}")
    if a.query != b.query:
        diffs.append("query string: sent and registered URIs carry different query strings")
    return diffs


_SENT = re.compile(
    r"""(?ix)(?:redirect[ _]ur[il]|reply[ ](?:url|address)|the[ ]url|callback[ ]url)
    [^'"\n]{0,40}?["'‘“]?(?P<uri>[a-z][a-z0-9+.-]*://[^\s'"’”,<>]+)"""
)
_QUERY_REDIRECT = re.compile(r"(?i)[?&]redirect_uri=([^&\s'\"<>]+)")
_ANY_URI = re.compile(r"(?i)\b[a-z][a-z0-9+.-]{1,15}://[^\s'\"’”,<>]+")
_IDP_HOSTS = re.compile(
    r"(?i)login\.microsoftonline|login\.windows|accounts\.google|googleapis|github\.com/login|"
    r"developer\.github|docs\.github|auth0\.com/docs|learn\.microsoft|aka\.ms|okta\.com/oauth2"
)


class RedirectInsight:
    """The redirect URI a paste sent, the closest registered one shown, and their differences."""

    def __init__(self, sent: str, registered: str | None, differences: Sequence[str]) -> None:
        self.sent = sent
        self.registered = registered
        self.differences = list(differences)

    def __repr__(self) -> str:
        return f"RedirectInsight({self.sent!r}, {self.registered!r}, {self.differences!r})"


def redirect_insight(text: str) -> RedirectInsight | None:
    """Compare the redirect URI a paste sent with the registered ones it lists, if any.

    >>> r = redirect_insight('Callback URL mismatch. The url "http://app.test/cb/" is not in the '
    ...                      'list of allowed callback URLs: https://app.test/cb, https://other.test/x')
    >>> r.registered
    'https://app.test/cb'
    >>> r.differences
    ['scheme: sent http, registered https', 'trailing slash: sent with one, registered without']
    """
    text = text[:20_000]
    sent_match = _SENT.search(text)
    if sent_match:
        sent = sent_match.group("uri")
    else:
        query = _QUERY_REDIRECT.search(text)
        if not query:
            return None
        sent = unquote(query.group(1))
    sent = sent.rstrip(".);]")
    others = [
        u.rstrip(".);]")
        for u in _ANY_URI.findall(text)
        if u.rstrip(".);]") != sent and not _IDP_HOSTS.search(u) and "redirect_uri=" not in u
    ]
    if not others:
        return RedirectInsight(sent, None, [])
    registered = max(others, key=lambda u: fuzz.ratio(u.lower(), sent.lower()))
    return RedirectInsight(sent, registered, uri_differences(sent, registered))

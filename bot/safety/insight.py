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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

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


def _validity(claims: Mapping[str, Any], now: float) -> list[str]:
    """When the token stops (or starts) being valid."""
    notes = []
    exp, nbf = claims.get("exp"), claims.get("nbf")
    if isinstance(exp, int | float):
        if exp <= now:
            notes.append(f"The token expired {_ago(now - exp)} ago.")
        else:
            notes.append(f"The token is valid for another {_ago(exp - now)}.")
    if isinstance(nbf, int | float) and nbf > now:
        notes.append(f"The token is not valid yet: it starts in {_ago(nbf - now)} (clock skew?).")
    return notes


def _audience_and_issuer(claims: Mapping[str, Any]) -> list[str]:
    """Who the token is for, who issued it, and which token version it is."""
    notes = []
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
    return notes


def _permissions(claims: Mapping[str, Any]) -> list[str]:
    """Delegated scopes, app roles, or a plain ``scope`` claim, or that there are none."""
    scopes, roles = _as_list(claims.get("scp")), _as_list(claims.get("roles"))
    notes = []
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
    return notes


def jwt_notes(claims: Mapping[str, Any], *, now: float | None = None) -> list[str]:
    """Plain-language notes on a decoded token's claims: validity, audience, issuer, scopes.

    Identity claims (name, e-mail, upn, oid) are never repeated.

    >>> jwt_notes({"exp": 1_000, "aud": "api://orders", "scp": "Orders.Read"}, now=4_600)
    ['The token expired 1 hour ago.', 'Audience (aud): api://orders. The API must expect \
exactly this value.', 'Delegated scopes (scp): Orders.Read.']
    """
    now = time.time() if now is None else now
    notes = [*_validity(claims, now), *_audience_and_issuer(claims), *_permissions(claims)]
    client = claims.get("appid") or claims.get("azp") or claims.get("client_id")
    if client:
        notes.append(f"Issued to client: {client}.")
    return notes


def _origin_differences(a: SplitResult, b: SplitResult) -> list[str]:
    """Scheme, host and port."""
    diffs = []
    if a.scheme.lower() != b.scheme.lower():
        diffs.append(f"scheme: sent {a.scheme or 'none'}, registered {b.scheme or 'none'}")
    if (a.hostname or "") != (b.hostname or ""):
        diffs.append(f"host: sent {a.hostname}, registered {b.hostname}")
    elif a.netloc.split("@")[-1].split(":")[0] != b.netloc.split("@")[-1].split(":")[0]:
        diffs.append("host: same name but different letter case")
    if a.port != b.port:
        diffs.append(f"port: sent {a.port or 'default'}, registered {b.port or 'default'}")
    return diffs


def _path_difference(sent: str, registered: str) -> str | None:
    """The one way two paths differ, the most telling first."""
    if sent == registered:
        return None
    if sent.rstrip("/") == registered.rstrip("/"):
        ends = ("with one", "without") if sent.endswith("/") else ("without", "with one")
        return f"trailing slash: sent {ends[0]}, registered {ends[1]}"
    if sent.lower() == registered.lower():
        return f"path letter case: sent {sent}, registered {registered}"
    if unquote(sent) == unquote(registered):
        return "encoding: the same path, percent-encoded differently"
    if sent.rstrip("/").lower() != registered.rstrip("/").lower():
        return f"path: sent {sent}, registered {registered}"
    return None


def uri_differences(sent: str, registered: str) -> list[str]:
    """How two redirect URIs differ: scheme, host, port, path, trailing slash, case, encoding.

    >>> uri_differences("http://app.test/cb/", "https://app.test/cb")
    ['scheme: sent http, registered https', 'trailing slash: sent with one, registered without']
    """
    a, b = urlsplit(sent.strip()), urlsplit(registered.strip())
    diffs = _origin_differences(a, b)
    path = _path_difference(a.path or "/", b.path or "/")
    diffs += [path] if path else []
    if a.query != b.query:
        diffs.append("query string: sent and registered URIs carry different query strings")
    return diffs


_SENT = re.compile(
    r"""(?ix)(?:redirect[ _]ur[il]|reply[ ](?:url|address)|the[ ]url|callback[ ]url)
    [^'"\n]{0,40}?["'‘“]?(?P<uri>[a-z][a-z0-9+.-]*://[^\s'"’”,<>]+)"""
)
_QUERY_REDIRECT = re.compile(r"(?i)[?&]redirect_uri=([^&\s'\"<>]+)")
_ANY_URI = re.compile(r"(?i)\b[a-z][a-z0-9+.-]{1,15}://[^\s'\"’”,<>]+")
_TRAILING = ".);]"


@dataclass(frozen=True)
class RedirectInsight:
    """The redirect URI a paste sent, the closest registered one shown, and their differences."""

    sent: str
    registered: str | None = None
    differences: list[str] = field(default_factory=list)


def _sent_uri(text: str) -> str | None:
    """The redirect URI the paste says was sent (in prose, or as a ``redirect_uri`` parameter)."""
    stated = _SENT.search(text)
    if stated:
        return stated.group("uri").rstrip(_TRAILING)
    query = _QUERY_REDIRECT.search(text)
    return unquote(query.group(1)).rstrip(_TRAILING) if query else None


def redirect_insight(text: str, *, known_hosts: Iterable[str] = ()) -> RedirectInsight | None:
    """Compare the redirect URI a paste sent with the registered ones it lists, if any.

    URIs on ``known_hosts`` (the providers' own endpoints and pages, from the registry) are
    never taken for a registered redirect URI.

    >>> r = redirect_insight('Callback URL mismatch. The url "http://app.test/cb/" is not in the '
    ...                      'list of allowed callback URLs: https://app.test/cb, https://other.test/x')
    >>> r.registered
    'https://app.test/cb'
    >>> r.differences
    ['scheme: sent http, registered https', 'trailing slash: sent with one, registered without']
    """
    text = text[:20_000]
    sent = _sent_uri(text)
    if sent is None:
        return None
    hosts = tuple(h.lower() for h in known_hosts)
    others = [
        uri
        for uri in (u.rstrip(_TRAILING) for u in _ANY_URI.findall(text))
        if uri != sent and "redirect_uri=" not in uri and not any(h in uri.lower() for h in hosts)
    ]
    if not others:
        return RedirectInsight(sent)
    registered = max(others, key=lambda u: fuzz.ratio(u.lower(), sent.lower()))
    return RedirectInsight(sent, registered, uri_differences(sent, registered))

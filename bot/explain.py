"""One paste, end to end without Slack: screen -> redact -> triage -> insight.

Every front end (CLI, Slack) calls :func:`explain`, so a secret is redacted
before matching, and nothing downstream ever sees the raw paste.

>>> from bot.triage import Triager
>>> result = explain(Triager.load(), "AADSTS50011 ... Authorization: Bearer abcdefgh12345678xyz")
>>> result.triage.matches[0].key, result.redacted.kinds
('azure:aadsts50011', ('Bearer credential',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.safety.insight import RedirectInsight, jwt_notes, redirect_insight
from bot.safety.redact import Redacted, redact
from bot.triage import Triage, Triager

__all__ = ["MAX_PASTE_CHARS", "Explanation", "explain"]

#: Slack's message limit; longer input is cut here before anything else happens.
MAX_PASTE_CHARS = 40_000
_BINARY_SHARE = 0.10
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")
_ABOUT_REDIRECTS = re.compile(r"(?i)redirect|callback|reply (?:url|address)")


@dataclass(frozen=True)
class Explanation:
    """What the bot can say about a paste, with every secret already removed."""

    redacted: Redacted
    triage: Triage
    token_notes: tuple[str, ...] = ()
    redirect: RedirectInsight | None = None
    refused: str | None = None
    truncated: bool = False


def _control_share(text: str) -> float:
    """The share of control, surrogate and private-use characters at the start of ``text``."""
    sample = text[:4_000]
    return len(_CONTROL.findall(sample)) / len(sample) if sample else 0.0


def explain(triager: Triager, text: str, *, now: float | None = None) -> Explanation:
    """Screen, redact and triage ``text``; add token and redirect-URI insight."""
    truncated = len(text) > MAX_PASTE_CHARS
    text = text[:MAX_PASTE_CHARS]
    if _control_share(text) > _BINARY_SHARE:
        empty = triager.triage("")
        refused = "This looks like binary data rather than an error message."
        return Explanation(Redacted("", ()), empty, refused=refused, truncated=truncated)
    redacted = redact(_CONTROL.sub(" ", text))
    result = triager.triage(redacted.text)
    notes: list[str] = []
    for secret in redacted.secrets:
        if secret.claims:
            notes += jwt_notes(secret.claims, now=now)
            break
    client_ids = {s.client_id for s in redacted.secrets if s.client_id}
    notes += [f"The Basic credential is for client ID {c}." for c in sorted(client_ids)]
    redirect = None
    if any(_ABOUT_REDIRECTS.search(f"{m.entry.code} {m.entry.title}") for m in result.matches):
        redirect = redirect_insight(redacted.text)
    return Explanation(redacted, result, tuple(notes), redirect, truncated=truncated)

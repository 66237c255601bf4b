"""One paste, end to end without Slack: screen -> redact -> triage -> insight.

Every front end (CLI, Slack) calls :func:`explain` and renders the one
:class:`Explanation` it returns, so a secret is redacted before matching, the
paste is cut at :data:`~bot.text.MAX_PASTE_CHARS` once, and nothing downstream
ever sees the raw paste.

>>> from bot.triage import Triager
>>> result = explain(Triager.load(), "AADSTS50011 ... Authorization: Bearer abcdefgh12345678xyz")
>>> result.triage.matches[0].key, result.redacted.kinds
('azure:aadsts50011', ('Bearer credential',))
>>> explain(Triager.load(), "   ").problem
<Problem.EMPTY: 'empty'>
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.safety.insight import RedirectInsight, jwt_notes, redirect_insight
from bot.safety.redact import Redacted, redact
from bot.text import MAX_PASTE_CHARS
from bot.triage import Triage, Triager

__all__ = ["Explanation", "Insights", "Problem", "explain"]

_BINARY_SHARE = 0.10
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")
_ABOUT_REDIRECTS = re.compile(r"(?i)redirect|callback|reply (?:url|address)")


class Problem(StrEnum):
    """Why a paste gets no answer of its own."""

    #: Nothing but whitespace (or only a mention).
    EMPTY = "empty"
    #: Mostly control or private-use characters: a file, not an error text.
    BINARY = "binary"
    #: Longer than :data:`MAX_PASTE_CHARS` and nothing known in the part that was read.
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class Insights:
    """What the paste itself reveals, beyond which error it is."""

    #: Readings of a pasted token's claims and of a Basic credential's client ID.
    token_notes: tuple[str, ...] = ()
    #: How the redirect URI sent differs from the registered ones the paste shows.
    redirect: RedirectInsight | None = None

    def __bool__(self) -> bool:
        return bool(self.token_notes or (self.redirect and self.redirect.differences))


@dataclass(frozen=True)
class Explanation:
    """Everything the bot can say about one paste, with every secret already removed."""

    redacted: Redacted
    triage: Triage
    #: Characters received, before the paste was cut.
    length: int = 0
    problem: Problem | None = None
    insights: Insights = field(default_factory=Insights)

    @property
    def truncated(self) -> bool:
        """Whether only the first :data:`MAX_PASTE_CHARS` characters were read."""
        return self.length > MAX_PASTE_CHARS

    @property
    def text(self) -> str:
        """The paste as read, secrets replaced by markers."""
        return self.redacted.text


def _control_share(text: str) -> float:
    """The share of control, surrogate and private-use characters at the start of ``text``."""
    sample = text[:4_000]
    return len(_CONTROL.findall(sample)) / len(sample) if sample else 0.0


def _insights(
    redacted: Redacted, triage: Triage, known_hosts: Sequence[str], *, now: float | None
) -> Insights:
    """Token claims and Basic client IDs among the secrets; the redirect URI when it matters."""
    notes: list[str] = []
    claims = next((s.claims for s in redacted.secrets if s.claims), None)
    if claims:
        notes += jwt_notes(claims, now=now)
    client_ids = sorted({s.client_id for s in redacted.secrets if s.client_id})
    notes += [f"The Basic credential is for client ID {c}." for c in client_ids]
    about_redirects = any(
        _ABOUT_REDIRECTS.search(f"{m.entry.code} {m.entry.title}") for m in triage.matches
    )
    redirect = redirect_insight(redacted.text, known_hosts=known_hosts) if about_redirects else None
    return Insights(tuple(notes), redirect)


def explain(
    triager: Triager, text: str, *, asked: bool = False, now: float | None = None
) -> Explanation:
    """Screen, cut, redact and triage ``text`` (``asked``: sent to the bot directly, see
    :meth:`Triager.triage`); add token and redirect-URI insight."""
    text = text.strip()
    length = len(text)
    if not text:
        return Explanation(Redacted("", ()), triager.triage(""), 0, Problem.EMPTY)
    text = text[:MAX_PASTE_CHARS]
    if _control_share(text) > _BINARY_SHARE:
        return Explanation(Redacted("", ()), triager.triage(""), length, Problem.BINARY)
    redacted = redact(_CONTROL.sub(" ", text))
    triage = triager.triage(redacted.text, asked=asked)
    problem = Problem.TOO_LONG if length > MAX_PASTE_CHARS and not triage.matches else None
    insights = _insights(redacted, triage, triager.providers.known_hosts, now=now)
    return Explanation(redacted, triage, length, problem, insights)

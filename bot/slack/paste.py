"""Read a paste as Slack delivers it: decode Slack's markup, then :func:`bot.explain.explain`
(screen, redact, triage the redacted text).

>>> slack_to_plain("<@U1> see <https://app/cb?error=access_denied&amp;state=1|link> &lt;x&gt;")
' see https://app/cb?error=access_denied&state=1 <x>'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.explain import MAX_PASTE_CHARS, Explanation, explain
from bot.triage import Triage, Triager

__all__ = ["MAX_PASTE_CHARS", "Paste", "read_paste", "slack_to_plain"]

_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def slack_to_plain(text: str) -> str:
    """The text as typed: mentions dropped, links unwrapped, ``&amp; &lt; &gt;`` decoded."""

    def unwrap(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith(("@", "!")):
            return ""
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("mailto:"):
            return label or target.removeprefix("mailto:")
        return target

    plain = _MARKUP.sub(unwrap, text)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass(frozen=True)
class Paste:
    """A paste, redacted, with its triage; ``problem`` says why there is nothing to answer.

    Problems: ``empty``, ``binary``, and ``too_long`` (cut at ``MAX_PASTE_CHARS`` and
    nothing recognised in what was read). ``truncated`` marks an answer from the first part.
    """

    text: str
    secret_kinds: tuple[str, ...] = ()
    problem: str | None = None
    length: int = 0
    result: Triage | None = None
    truncated: bool = False
    insights: tuple[str, ...] = ()
    author: str | None = None


def _insights(found: Explanation) -> tuple[str, ...]:
    """What the paste itself reveals: token claims, and how a redirect URI differs."""
    lines = list(found.token_notes)
    redirect = found.redirect
    if redirect and redirect.differences:
        lines.append(
            f"Redirect URI sent: {redirect.sent}; closest registered: {redirect.registered}."
        )
        lines += [f"Difference in {d}." for d in redirect.differences]
    return tuple(lines)


def read_paste(triager: Triager, raw: str, *, author: str | None = None) -> Paste:
    """Decode, screen, redact and triage one paste (``raw`` as Slack sent it, by ``author``)."""
    plain = slack_to_plain(raw).strip()
    if not plain:
        return Paste("", problem="empty", author=author)
    found = explain(triager, plain)
    kinds = found.redacted.kinds
    if found.refused:
        return Paste("", kinds, "binary", len(plain), author=author)
    if found.truncated and not found.triage.matches:
        return Paste("", kinds, "too_long", len(plain), author=author)
    return Paste(
        found.redacted.text,
        kinds,
        None,
        len(plain),
        found.triage,
        found.truncated,
        _insights(found),
        author,
    )

"""Read a paste as Slack delivers it: decode Slack's markup, refuse what cannot be read,
redact secrets, then triage the redacted text.

>>> slack_to_plain("<@U1> see <https://app/cb?error=access_denied&amp;state=1|link> &lt;x&gt;")
' see https://app/cb?error=access_denied&state=1 <x>'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.safety import redact
from bot.triage import Triage, Triager
from bot.triage.extract import MAX_SCAN_CHARS

__all__ = ["MAX_PASTE_CHARS", "Paste", "read_paste", "slack_to_plain"]

#: Longer pastes get a polite refusal: the engine reads no further.
MAX_PASTE_CHARS = MAX_SCAN_CHARS
_BINARY_SHARE = 0.1
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


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    odd = sum(1 for ch in sample if (ch < " " and ch not in "\n\r\t") or ch == "\ufffd")
    return "\x00" in text or odd > len(sample) * _BINARY_SHARE


@dataclass(frozen=True)
class Paste:
    """A paste, redacted, with its triage; ``problem`` says why it was not triaged."""

    text: str
    secret_kinds: tuple[str, ...] = ()
    problem: str | None = None
    length: int = 0
    result: Triage | None = None


def read_paste(triager: Triager, raw: str) -> Paste:
    """Decode, check, redact and triage one paste (``raw`` as Slack sent it)."""
    plain = slack_to_plain(raw).strip()
    if not plain:
        return Paste("", problem="empty")
    redacted = redact(plain)
    kinds = redacted.kinds
    if len(plain) > MAX_PASTE_CHARS:
        return Paste("", kinds, "too_long", len(plain))
    if _looks_binary(plain):
        return Paste("", kinds, "binary", len(plain))
    return Paste(redacted.text, kinds, None, len(plain), triager.triage(redacted.text))

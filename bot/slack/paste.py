"""Read a paste as Slack delivers it: decode Slack's markup, then :func:`bot.explain.explain`
(screen, redact, triage the redacted text).

>>> slack_to_plain("<@U1> see <https://app/cb?error=access_denied&amp;state=1|link> &lt;x&gt;")
' see https://app/cb?error=access_denied&state=1 <x>'
"""

from __future__ import annotations

import re

from bot.explain import Explanation, explain
from bot.triage import Triager

__all__ = ["read_paste", "slack_to_plain"]

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


def read_paste(triager: Triager, raw: str, *, asked: bool) -> Explanation:
    """Decode ``raw`` as Slack sent it, then screen, cut, redact and triage it (``asked``:
    sent to the bot directly rather than seen in an auto-triage channel)."""
    return explain(triager, slack_to_plain(raw), asked=asked)

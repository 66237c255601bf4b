"""Plain-text rendering of a triage result, for people at a terminal."""

from __future__ import annotations

import textwrap

from bot.explain import Explanation, Insights, Problem
from bot.text import MAX_PASTE_CHARS
from bot.triage import Match, fill, plain

__all__ = ["format_explanation"]


def _wrap(text: str, indent: str, *, hang: int = 0) -> str:
    """``text`` filled to 88 columns; continuation lines ``hang`` further in than ``indent``."""
    return textwrap.fill(
        " ".join(text.split()),
        width=88,
        initial_indent=indent,
        subsequent_indent=indent + " " * hang,
    )


def _format_match(number: int, match: Match, paste: str) -> list[str]:
    entry = match.entry
    lines = [
        f"{number}. {entry.key}  {fill(entry.title, paste).text}",
        f"   why: {match.reason} (score {match.score:.0f})",
    ]
    lines += ["", "   What it means:", _wrap(entry.cause, "     ")]
    lines += ["", "   What to do:"]
    lines += [_wrap(f"{i}. {step}", "     ", hang=3) for i, step in enumerate(entry.fix, 1)]
    lines += ["", "   Check next:"]
    lines += [_wrap(f"- {check}", "     ", hang=2) for check in entry.checks]
    lines += [f"   More: {link}" for link in entry.links[:2]]
    return lines


_PROBLEMS = {
    Problem.EMPTY: "Nothing to look up: give the error text as arguments or on stdin.",
    Problem.BINARY: "This looks like binary data rather than an error message.",
    Problem.TOO_LONG: (
        f"Nothing known in the first {MAX_PASTE_CHARS:,} characters; pass just the error: "
        "the message, the code and the lines around it."
    ),
}


def _format_insights(insights: Insights) -> list[str]:
    lines = []
    if insights.token_notes:
        lines += ["Token insight:", *(f"  - {n}" for n in insights.token_notes)]
    redirect = insights.redirect
    if redirect and redirect.differences:
        lines.append(
            f"Redirect URI sent: {redirect.sent}; closest registered: {redirect.registered}"
        )
        lines += [f"  - {d}" for d in redirect.differences]
    return lines


def format_explanation(explanation: Explanation) -> str:
    """The report printed by ``python -m bot lookup`` without ``--json``."""
    if explanation.problem is not None:
        return _PROBLEMS[explanation.problem]
    result = explanation.triage
    lines: list[str] = []
    if explanation.redacted.secrets:
        kinds = ", ".join(explanation.redacted.kinds)
        lines += [f"Note: the paste holds secrets ({kinds}); rotate them. They were not used.", ""]
    if explanation.truncated:
        lines += [f"Note: only the first {MAX_PASTE_CHARS:,} characters were read.", ""]
    for number, match in enumerate(result.matches, 1):
        lines += [*_format_match(number, match, explanation.text), ""]
    if not result.matches:
        lines.append("No known error recognised in this text.")
        if result.suggestions:
            lines.append("Closest candidates:")
            lines += [
                f"  - {m.key}  {plain(m.entry.title)} (score {m.score:.0f})"
                for m in result.suggestions
            ]
    lines += _format_insights(explanation.insights)
    facts = result.facts
    details = [f"{kind} id: {value}" for kind, value in facts.ids]
    details += [f"timestamp: {stamp}" for stamp in facts.timestamps[:2]]
    if details:
        lines += ["Facts for a support ticket:", *(f"  {d}" for d in details)]
    lines.append(f"(matched in {result.elapsed_ms:.2f} ms)")
    return "\n".join(lines).rstrip()

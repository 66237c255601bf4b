"""The Workflow Builder step "Diagnose a sign-in error": one paste in, the bot's answer out
as values a workflow can route on. Pure: the listener makes the Slack calls.

Nothing matched confidently is an answer too (an empty ``key``), so a workflow can route
on it; only a paste that cannot be read at all (empty, binary, too long) is refused.
Every value comes from the redacted paste, never the raw one.
"""

from __future__ import annotations

from bot.explain import Explanation, Problem
from bot.text import MAX_PASTE_CHARS
from bot.triage import Facts, fill

__all__ = ["INPUT", "NO_MATCH_TITLE", "OUTPUTS", "outputs", "refusal"]

#: The step's one input parameter: the pasted error text.
INPUT = "error_text"
#: The title when nothing known matches with confidence.
NO_MATCH_TITLE = "No known error found"
#: The step's output parameters, every one always given ("" or 0 when unknown).
OUTPUTS = (
    "key",
    "title",
    "provider",
    "confidence",
    "first_step",
    "link",
    "trace_id",
    "correlation_id",
    "request_id",
    "timestamp",
)
#: Which extracted ID kinds fill which output.
_ID_OUTPUTS = {
    "trace": "trace_id",
    "correlation": "correlation_id",
    "request": "request_id",
    "x-request": "request_id",
    "client-request": "request_id",
}


def refusal(paste: Explanation) -> str | None:
    """Why the step fails for this paste (empty, binary, or too long with nothing known in
    the part read), or None when it completes."""
    if paste.problem is Problem.EMPTY:
        return (
            "The error text is empty. Pass the error message: the code, the error and "
            "error_description fields, or the URL the browser stopped at."
        )
    if paste.problem is Problem.BINARY:
        return "The error text looks like binary data, not an error message. Pass the text."
    if paste.problem is Problem.TOO_LONG:
        return (
            f"The error text is {paste.length:,} characters and nothing known is in the first "
            f"{MAX_PASTE_CHARS:,}. Pass just the error and the lines around it."
        )
    return None


def _support_bundle(facts: Facts) -> dict[str, str]:
    """The trace, correlation and request IDs and the timestamp the paste states (first each)."""
    found = {"trace_id": "", "correlation_id": "", "request_id": "", "timestamp": ""}
    for kind, value in facts.ids:
        name = _ID_OUTPUTS.get(kind)
        if name and not found[name]:
            found[name] = value
    if facts.timestamps:
        found["timestamp"] = facts.timestamps[0]
    return found


def outputs(paste: Explanation) -> dict[str, str | float]:
    """The step's outputs for a readable paste: the confident answer (the one the bot would
    post unasked), its title and first fix step filled from the paste, its first link, and
    the support bundle's IDs; an empty ``key`` and :data:`NO_MATCH_TITLE` when none."""
    bundle = _support_bundle(paste.triage.facts)
    if not paste.triage.matches:
        empty = {"key": "", "provider": "", "first_step": "", "link": ""}
        return {**empty, "title": NO_MATCH_TITLE, "confidence": 0, **bundle}
    top = paste.triage.matches[0]
    entry = top.entry
    return {
        "key": entry.shown_key,
        "title": fill(entry.title, paste.text).text,
        "provider": entry.provider,
        "confidence": round(top.score, 1),
        "first_step": fill(entry.fix[0], paste.text).text,
        "link": entry.links[0] if entry.links else "",
        **bundle,
    }

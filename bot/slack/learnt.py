"""What corrections taught: a paste worded like one someone corrected is answered with the
entry they picked (while that correction is kept, ``RETENTION_DAYS``)."""

from __future__ import annotations

from dataclasses import replace

from bot.explain import Explanation
from bot.slack.services import Services
from bot.store.corrections import Corrections
from bot.triage import Match, Triager

__all__ = ["LEARNT_REASON", "with_learnt"]

LEARNT_REASON = "someone here corrected my answer to this wording"


def with_learnt(services: Services, triager: Triager, paste: Explanation) -> Explanation:
    """``paste`` answered first (and confidently) with the entry a correction picked for the
    same wording, the other answers after it; unchanged when no correction applies."""
    if paste.problem is not None or not paste.text:
        return paste
    entry_id = Corrections(services.store.engine).learnt(paste.text)
    entry = triager.index.by_id.get(entry_id) if entry_id else None
    if entry is None:
        return paste
    rest = tuple(m for m in paste.triage.matches if m.entry.id != entry.id)[:2]
    triage = replace(
        paste.triage,
        matches=(Match(entry, 100.0, LEARNT_REASON), *rest),
        suggestions=(),
        confident=True,
    )
    return replace(paste, triage=triage)

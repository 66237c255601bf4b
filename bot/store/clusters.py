"""Unmatched pastes and corrections grouped by similar wording, most frequent first: what a
knowledge curator looks at (the App Home's curator view and ``python -m bot kb suggest``).

>>> found = cluster([
...     Sample("u1", "Portal says ERR-PORTAL-7 device posture failed"),
...     Sample("u2", "portal says err-portal-7 device posture failed for bob@example.com"),
...     Sample("c3", "lunch at noon?", entry_id="oauth-invalid_grant"),
... ])
>>> [(c.ref, c.size) for c in found]
[('u1', 2), ('c3', 1)]
>>> found[1].entry_id
'oauth-invalid_grant'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.store.wording import wording

__all__ = ["SIMILAR", "Cluster", "Sample", "cluster"]

#: ``token_set_ratio`` of two wordings at or above which they are the same error.
SIMILAR = 85.0
#: Wording compared, per sample (the start of a paste says which error it is).
_COMPARED = 500


@dataclass(frozen=True)
class Sample:
    """One redacted text: an unmatched paste (``ref`` ``u<id>``) or a correction (``c<id>``)
    with the entry picked (if any) and what the person wrote (if anything)."""

    ref: str
    text: str
    entry_id: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Cluster:
    """Samples worded alike, the first (newest) one standing for them all."""

    samples: tuple[Sample, ...]

    @property
    def ref(self) -> str:
        """The first sample's ``ref``: how a button names the cluster."""
        return self.samples[0].ref

    @property
    def text(self) -> str:
        """The first sample's redacted text."""
        return self.samples[0].text

    @property
    def size(self) -> int:
        return len(self.samples)

    @property
    def entry_id(self) -> str | None:
        """The entry corrections picked most often for these texts, if any did."""
        picked = Counter(s.entry_id for s in self.samples if s.entry_id)
        return picked.most_common(1)[0][0] if picked else None

    @property
    def descriptions(self) -> tuple[str, ...]:
        """What people wrote these errors are, each once."""
        return tuple(dict.fromkeys(s.description for s in self.samples if s.description))


def cluster(samples: Iterable[Sample], *, similar: float = SIMILAR) -> list[Cluster]:
    """Group ``samples`` (newest first) whose wordings score ``similar`` or more by rapidfuzz's
    ``token_set_ratio`` with a cluster's first one; largest clusters first, ties newest first."""
    heads: list[str] = []
    groups: list[list[Sample]] = []
    for sample in samples:
        words = wording(sample.text)[:_COMPARED]
        best = process.extractOne(words, heads, scorer=fuzz.token_set_ratio, score_cutoff=similar)
        if best is None:
            heads.append(words)
            groups.append([sample])
        else:
            groups[best[2]].append(sample)
    order = sorted(range(len(groups)), key=lambda i: (-len(groups[i]), i))
    return [Cluster(tuple(groups[i])) for i in order]

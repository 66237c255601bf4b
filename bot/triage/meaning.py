"""Entries by meaning, for texts that share few words with any entry ("Wrong reply URL").

A small static embedding model (WordLlama: 256-dimension token vectors whose weights
ship inside its wheel, so nothing is fetched at run time) turns each entry's title,
first aliases and symptoms into unit vectors once, when the index is built (a tenth of
a second for the whole knowledge base). A short text is embedded the same way (well
under a millisecond) and compared by cosine similarity. This stage only proposes
candidates; :mod:`bot.triage.match` decides how much a similarity counts.

>>> from bot.kb import load_entries
>>> wanted = {"azure:aadsts50011", "azure:aadsts50076", "oauth:invalid_scope"}
>>> index = MeaningIndex([e for e in load_entries() if e.key in wanted], default_embedder())
>>> index.search("wrong reply url", limit=1)[0].entry.key
'azure:aadsts50011'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from bot.kb import Entry

__all__ = ["Embedder", "MeaningHit", "MeaningIndex", "default_embedder"]

#: Aliases per entry embedded besides its title (later ones are usually SDK wrappings).
_ALIASES = 4
#: Texts looked at per query before keeping the best one per entry.
_SCAN = 60


class Embedder(Protocol):
    """Turns texts into unit-length vectors, one row per text."""

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


class _WordLlama:
    """WordLlama's bundled 256-dimension model, loaded from the installed package only."""

    def __init__(self) -> None:
        import wordllama
        from wordllama import WordLlama

        # The wheel holds the weights and the tokenizer; pointing the cache at the package
        # finds both, and disable_download turns any miss into an error, never a download.
        self._model = WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent, disable_download=True
        )

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.asarray(self._model.embed(list(texts), norm=True), dtype=np.float32)


@lru_cache(maxsize=1)
def default_embedder() -> Embedder | None:
    """The bundled model, or None when it is not installed (the stage is then skipped)."""
    try:
        return _WordLlama()
    except (ImportError, OSError, ValueError):
        return None


@dataclass(frozen=True)
class MeaningHit:
    """An entry whose wording means about the same as the text."""

    entry: Entry
    similarity: float
    #: The entry's text it is closest to (title, alias or symptom).
    text: str


class MeaningIndex:
    """Unit vectors of every entry's title, first aliases and symptoms."""

    def __init__(self, entries: Sequence[Entry], embedder: Embedder) -> None:
        self._embedder = embedder
        self._entries = list(entries)
        self._texts: list[str] = []
        owners: list[int] = []
        for number, entry in enumerate(self._entries):
            for text in dict.fromkeys([entry.title, *entry.aliases[:_ALIASES], *entry.symptoms]):
                self._texts.append(text)
                owners.append(number)
        self._owners = np.asarray(owners, dtype=np.int32)
        empty = np.zeros((0, 1), dtype=np.float32)
        self._vectors = embedder.embed(self._texts) if self._texts else empty

    def search(self, text: str, *, limit: int) -> list[MeaningHit]:
        """The ``limit`` entries closest in meaning to ``text``, closest first."""
        if not self._texts or not text.strip():
            return []
        similarities = self._vectors @ self._embedder.embed([text])[0]
        scan = min(_SCAN, len(similarities))
        nearest = np.argpartition(-similarities, scan - 1)[:scan]
        hits: dict[int, MeaningHit] = {}
        for row in nearest[np.argsort(-similarities[nearest])]:
            owner = int(self._owners[row])
            if owner not in hits:
                entry = self._entries[owner]
                hits[owner] = MeaningHit(entry, float(similarities[row]), self._texts[row])
                if len(hits) == limit:
                    break
        return list(hits.values())

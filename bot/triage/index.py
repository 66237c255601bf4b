"""The knowledge index, built once at load: codes by key, and message templates for fuzzy search.

Fuzzy search is two-staged so its cost stays flat as the knowledge base grows:
an inverted index of stemmed words (weighted by rarity) picks the few templates
that share rare words with the paste, then rapidfuzz scores only those.

>>> from bot.kb import load_entries
>>> index = KnowledgeIndex(load_entries())
>>> index.by_key["azure:aadsts50011"][0].code
'AADSTS50011'
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.kb.model import Entry
from bot.triage.extract import extract
from bot.triage.normalize import BOUNDARY, normalize, tokens

__all__ = ["FuzzyHit", "KnowledgeIndex"]

#: Providers whose entries are found from extracted codes only, never by wording.
CODE_ONLY_PROVIDERS = frozenset({"http"})
_MAX_CANDIDATES = 12
_MAX_PASTE_TOKENS = 12_000
_BOUNDARY_GAP = 3
_MAX_PLACES_PER_WORD = 64
#: At most this many unknown words of a paste are looked up as typos.
_MAX_CORRECTIONS = 12
_TYPO_SCORE = 85.0
_CODE_TYPO_SCORE = 90.0
_WORDING_SCORE = 95.0
_MAX_REMEMBERED = 50_000
_CODE_PREFIX = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+:\s+(.{8,})$", re.DOTALL)
_TYPO_CANDIDATE = re.compile(r"[a-z][a-z_]{4,40}")
#: A sentence of a longer template is indexed alone when it has this many words ...
_MIN_PART = 3
#: ... and its matches count a little less than the whole template's.
_PART_FACTOR = 0.95
#: Scores above this count as equally perfect; more matched wording then decides.
_PERFECT = 95.0
_MIN_COVERAGE = 0.5
#: Templates whose rare-word weight is below this are short and generic; their score is damped.
_FULL_WEIGHT = 16.0


@dataclass(frozen=True)
class _Template:
    entry: int
    text: str
    words: tuple[str, ...]
    weights: dict[str, float]
    total: float
    part: bool = False


@dataclass(frozen=True)
class FuzzyHit:
    """A template that matches the paste, with the scores behind it."""

    entry: Entry
    template: str
    score: float
    coverage: float
    similarity: float
    weight: float
    damping: float = 1.0


def _sentences(words: list[str]) -> list[list[str]]:
    """Split a token stream at sentence boundaries, dropping empty sentences."""
    sentences: list[list[str]] = [[]]
    for word in words:
        if word == BOUNDARY:
            sentences.append([])
        else:
            sentences[-1].append(word)
    return [s for s in sentences if s]


def _strength(hit: FuzzyHit) -> tuple[float, float]:
    """Near-perfect matches are told apart by how much specific wording they cover."""
    return min(hit.score, _PERFECT), hit.weight * hit.coverage


class KnowledgeIndex:
    """Entries by key and code, and a word index over titles and aliases."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: list[Entry] = list(entries)
        self.by_key: dict[str, list[Entry]] = defaultdict(list)
        self.by_id: dict[str, Entry] = {}
        for entry in self.entries:
            self.by_key[entry.key].append(entry)
            self.by_id[entry.id] = entry
        self.by_key = dict(self.by_key)
        self.codes_by_provider: dict[str, set[str]] = defaultdict(set)
        for entry in self.entries:
            self.codes_by_provider[entry.provider].add(entry.code.lower())
        self._position = {entry.id: i for i, entry in enumerate(self.entries)}
        self._templates, self._postings = self._build_templates()
        self._templates_of: dict[int, list[int]] = defaultdict(list)
        for i, template in enumerate(self._templates):
            self._templates_of[template.entry].append(i)
        self._wording = [
            " ".join(w for w in normalize(t.text).split() if w != BOUNDARY) for t in self._templates
        ]
        self._corrections: dict[str, str | None] = {}
        # Typos keep the first letter far more often than not: bucket by it and by length.
        self._by_length: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self.idf:
            if _TYPO_CANDIDATE.fullmatch(word):
                for length in range(len(word) - 1, len(word) + 2):
                    self._by_length[word[0], length].append(word)
        self._code_corrections: dict[str, str | None] = {}
        self._codes_by_length: dict[int, list[str]] = defaultdict(list)
        for code in sorted({c for cs in self.codes_by_provider.values() for c in cs if "_" in c}):
            for length in range(len(code) - 2, len(code) + 3):
                self._codes_by_length[length].append(code)

    def _build_templates(self) -> tuple[list[_Template], dict[str, np.ndarray]]:
        raw: list[tuple[int, str, list[str], bool]] = []
        document_frequency: dict[str, int] = defaultdict(int)
        for position, entry in enumerate(self.entries):
            if entry.provider in CODE_ONLY_PROVIDERS:
                continue
            for text in dict.fromkeys([entry.title, *entry.aliases, *entry.symptoms]):
                sentences = _sentences(tokens(normalize(text, template=True)))
                words = [w for sentence in sentences for w in sentence]
                if not words:
                    continue
                raw.append((position, text, words, False))
                for word in set(words):
                    document_frequency[word] += 1
                # Pastes are often cut after one sentence, and people quote a message without
                # the code in front of it: each long sentence, and the message after a
                # "code:" prefix, stand alone too.
                parts = sentences if len(sentences) > 1 else []
                prefixed = _CODE_PREFIX.match(text)
                if prefixed:
                    parts = [
                        *parts,
                        *_sentences(tokens(normalize(prefixed.group(1), template=True))),
                    ]
                if text.lstrip().startswith("{"):
                    # A JSON-shaped alias: its "reason" or "error_description" is the message.
                    for message in extract(text).descriptions:
                        parts += _sentences(tokens(normalize(message, template=True)))
                raw += [(position, text, s, True) for s in parts if len(s) >= _MIN_PART]
        count = max(sum(not part for *_, part in raw), 1)
        self.idf = {w: math.log(1 + count / df) for w, df in document_frequency.items()}
        templates: list[_Template] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for position, text, words, part in raw:
            weights = {w: self.idf[w] for w in words}
            total = sum(weights.values())
            templates.append(_Template(position, text, tuple(words), weights, total, part))
            for word in weights:
                postings[word].append(len(templates) - 1)
        self._totals = np.array([t.total for t in templates], dtype=np.float64)
        return templates, {w: np.array(ids, dtype=np.int32) for w, ids in postings.items()}

    def correct(self, word: str) -> str | None:
        """The knowledge word ``word`` most likely misspells, if one is close enough.

        >>> from bot.kb import load_entries
        >>> KnowledgeIndex(load_entries()).correct("inactivty")
        'inactivity'
        """
        if word in self._corrections:
            return self._corrections[word]
        bucket = self._by_length.get((word[0], len(word)), ())
        found = process.extractOne(word, bucket, scorer=fuzz.ratio, score_cutoff=_TYPO_SCORE)
        if len(self._corrections) < _MAX_REMEMBERED:
            self._corrections[word] = found[0] if found else None
        return found[0] if found else None

    def correct_code(self, code: str) -> str | None:
        """The known error code ``code`` most likely misspells (``code_alredy_used``)."""
        if code not in self._code_corrections:
            near = self._codes_by_length.get(len(code), ())
            found = process.extractOne(code, near, scorer=fuzz.ratio, score_cutoff=_CODE_TYPO_SCORE)
            if len(self._code_corrections) < _MAX_REMEMBERED:
                self._code_corrections[code] = found[0] if found else None
            return found[0] if found else None
        return self._code_corrections[code]

    def provider_wording(self, provider: str, description: str) -> Entry | None:
        """The ``provider`` entry whose title or an alias contains ``description``.

        For a provider that answers with RFC error strings plus its own description
        (Zoom's ``{"reason": "Invalid Token!", "error": "invalid_grant"}``).
        """
        wording = " ".join(w for w in normalize(description).split() if w != BOUNDARY)
        words = [w for w in dict.fromkeys(tokens(wording)) if w in self._postings]
        if len(wording.split()) < 2 or not words:
            return None
        shared = self._postings[words[0]]
        for word in words[1:]:
            shared = np.intersect1d(shared, self._postings[word], assume_unique=True)
        for i in shared.tolist():
            template = self._templates[i]
            entry = self.entries[template.entry]
            if (
                entry.provider == provider
                and not template.part
                and fuzz.partial_ratio(wording, self._wording[i]) >= _WORDING_SCORE
            ):
                return entry
        return None

    def entries_for(self, key: str) -> list[Entry]:
        """Entries sharing ``key`` (case-insensitive), in knowledge-base order."""
        return self.by_key.get(key.lower(), [])

    def search(
        self,
        text: str,
        *,
        limit: int = 10,
        restrict: Sequence[Entry] | None = None,
        typos: bool = False,
    ) -> list[FuzzyHit]:
        """Templates matching ``text`` best, one hit per entry, best first.

        ``restrict`` limits the search to some entries (to tell apart entries sharing a key);
        ``typos`` corrects a few unknown words first (for short, hand-typed text).
        """
        sequence: list[str] = []
        positions: dict[str, list[int]] = defaultdict(list)
        places: dict[int, int] = {}  # place in the paste -> index in ``sequence``
        place = 0
        corrections = _MAX_CORRECTIONS if typos else 0
        for word in tokens(normalize(text))[:_MAX_PASTE_TOKENS]:
            if word == BOUNDARY:
                place += _BOUNDARY_GAP
                continue
            if corrections and word not in self.idf and _TYPO_CANDIDATE.fullmatch(word):
                corrections -= 1
                word = self.correct(word) or word
            spots = positions[word]
            if len(spots) < _MAX_PLACES_PER_WORD:
                spots.append(place)
                places[place] = len(sequence)
            sequence.append(word)
            place += 1
        if restrict is not None:
            candidates = [i for e in restrict for i in self._templates_of[self._position[e.id]]]
        else:
            known = [w for w in positions if w in self._postings]
            if not known:
                return []
            postings = [self._postings[w] for w in known]
            weights = np.repeat([self.idf[w] for w in known], [len(p) for p in postings])
            overlap = np.bincount(
                np.concatenate(postings), weights=weights, minlength=len(self._templates)
            )
            ratio = overlap / self._totals
            candidates = np.flatnonzero(ratio >= _MIN_COVERAGE)
            if len(candidates) > _MAX_CANDIDATES:
                # Most of their wording present first; equal shares go to the more specific.
                rounded = np.round(ratio[candidates], 6)
                order = np.lexsort((-self._totals[candidates], -rounded))
                candidates = candidates[order[:_MAX_CANDIDATES]]
            candidates = candidates.tolist()
        best: dict[int, FuzzyHit] = {}
        for i in candidates:
            template = self._templates[i]
            hit = self._score(template, sequence, positions, places)
            current = best.get(template.entry)
            if current is None or _strength(hit) > _strength(current):
                best[template.entry] = hit
        return sorted(best.values(), key=_strength, reverse=True)[:limit]

    def _score(
        self,
        template: _Template,
        sequence: list[str],
        positions: dict[str, list[int]],
        places: dict[int, int],
    ) -> FuzzyHit:
        """Score the densest window of the paste holding the template's words.

        Words must stand close together (a window a little wider than the template),
        so a short template is not matched by words scattered over a long paste.
        """
        hits = sorted(
            (place, word) for word in template.weights for place in positions.get(word, ())
        )
        width = len(template.words) + max(2, len(template.words) // 2)
        counts: dict[str, int] = defaultdict(int)
        covered = best = 0.0
        best_span = (0, 0)
        start = 0
        for place, word in hits:
            if counts[word] == 0:
                covered += template.weights[word]
            counts[word] += 1
            while place - hits[start][0] >= width:
                old = hits[start][1]
                counts[old] -= 1
                if counts[old] == 0:
                    covered -= template.weights[old]
                start += 1
            if covered > best:
                best, best_span = covered, (hits[start][0], place + 1)
        coverage = best / template.total if template.total else 0.0
        first, last = best_span
        window = " ".join(sequence[places[first] : places[last - 1] + 1]) if last else ""
        similarity = fuzz.ratio(" ".join(template.words), window) if window else 0.0
        damping = min(1.0, template.total / _FULL_WEIGHT) ** 0.5
        score = (0.7 * coverage * 100 + 0.3 * similarity) * damping
        if template.part:
            score *= _PART_FACTOR
        entry = self.entries[template.entry]
        return FuzzyHit(entry, template.text, score, coverage, similarity, template.total, damping)

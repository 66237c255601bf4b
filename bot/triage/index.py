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
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from bot.kb import Entry, Providers, builtin_providers
from bot.text import BOUNDARY, normalize, tokens
from bot.triage import scoring
from bot.triage.extract import extract

__all__ = ["FuzzyHit", "KnowledgeIndex"]

_CODE_PREFIX = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+:\s+(.{8,})$", re.DOTALL)
_TYPO_CANDIDATE = re.compile(r"[a-z][a-z_]{4,40}")


@dataclass(frozen=True)
class _Template:
    entry: int
    text: str
    words: tuple[str, ...]
    weights: dict[str, float]
    total: float
    part: bool = False


@dataclass
class _Paste:
    """A paste as the index reads it: its words in order, and where each word stands
    (sentence ends leave a gap of places)."""

    sequence: list[str] = field(default_factory=list)
    positions: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    places: dict[int, int] = field(default_factory=dict)  # place -> index in ``sequence``


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


def _template_words(text: str) -> tuple[list[str], list[list[str]]]:
    """A template's words, and the parts of it that are also indexed alone.

    Pastes are often cut after one sentence, and people quote a message without the code
    in front of it: each long sentence, the message after a ``code:`` prefix and the
    message of a JSON-shaped alias stand alone too.
    """
    sentences = _sentences(tokens(normalize(text, template=True)))
    words = [w for sentence in sentences for w in sentence]
    parts = sentences if len(sentences) > 1 else []
    prefixed = _CODE_PREFIX.match(text)
    if prefixed:
        parts = [*parts, *_sentences(tokens(normalize(prefixed.group(1), template=True)))]
    if text.lstrip().startswith("{"):
        for message in extract(text).descriptions:
            parts += _sentences(tokens(normalize(message, template=True)))
    return words, [p for p in parts if len(p) >= scoring.MIN_PART_WORDS]


def _strength(hit: FuzzyHit) -> tuple[float, float]:
    """Near-perfect matches are told apart by how much specific wording they cover."""
    return min(hit.score, scoring.PERFECT), hit.weight * hit.coverage


class KnowledgeIndex:
    """Entries by key and code, and a word index over titles and aliases.

    ``providers`` says whose entries are found by wording at all (HTTP statuses are not).
    """

    def __init__(self, entries: Iterable[Entry], providers: Providers | None = None) -> None:
        self.providers = builtin_providers() if providers is None else providers
        self.entries: list[Entry] = list(entries)
        self.by_key: dict[str, list[Entry]] = defaultdict(list)
        self.by_id: dict[str, Entry] = {}
        self.codes_by_provider: dict[str, set[str]] = defaultdict(set)
        for entry in self.entries:
            self.by_key[entry.key].append(entry)
            self.by_id[entry.id] = entry
            self.codes_by_provider[entry.provider].add(entry.code.lower())
        self.by_key = dict(self.by_key)
        self._codes_by_letters = {
            code.replace("_", ""): code
            for codes in self.codes_by_provider.values()
            for code in sorted(codes)
            if "_" in code or len(code) >= scoring.DISTINCTIVE_NAME
        }
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

    def _found_by_wording(self, entry: Entry) -> bool:
        provider = self.providers.get(entry.provider)
        return provider is None or provider.wording

    def _build_templates(self) -> tuple[list[_Template], dict[str, np.ndarray]]:
        raw: list[tuple[int, str, list[str], bool]] = []
        document_frequency: dict[str, int] = defaultdict(int)
        for position, entry in enumerate(self.entries):
            if not self._found_by_wording(entry):
                continue
            for text in dict.fromkeys([entry.title, *entry.aliases, *entry.symptoms]):
                words, parts = _template_words(text)
                if not words:
                    continue
                raw.append((position, text, words, False))
                for word in set(words):
                    document_frequency[word] += 1
                raw += [(position, text, part, True) for part in parts]
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
        found = process.extractOne(word, bucket, scorer=fuzz.ratio, score_cutoff=scoring.TYPO_RATIO)
        if len(self._corrections) < scoring.MAX_REMEMBERED:
            self._corrections[word] = found[0] if found else None
        return found[0] if found else None

    def code_spelled(self, letters: str) -> str | None:
        """The known error string (lower-case) whose letters and digits are ``letters``,
        underscores aside: ``"authorizationrequestdenied"`` -> ``authorization_requestdenied``.
        """
        return self._codes_by_letters.get(letters)

    def correct_code(self, code: str) -> str | None:
        """The known error code ``code`` most likely misspells (``code_alredy_used``)."""
        if code not in self._code_corrections:
            near = self._codes_by_length.get(len(code), ())
            found = process.extractOne(
                code, near, scorer=fuzz.ratio, score_cutoff=scoring.CODE_TYPO_RATIO
            )
            if len(self._code_corrections) < scoring.MAX_REMEMBERED:
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
                and fuzz.partial_ratio(wording, self._wording[i]) >= scoring.WORDING_RATIO
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

        >>> from bot.kb import load_entries
        >>> hits = KnowledgeIndex(load_entries()).search("the refresh token has expired")
        >>> hits[0].entry.provider in {"azure", "oauth", "google", "okta"}
        True
        """
        paste = self._read(text, typos=typos)
        if restrict is not None:
            candidates = [i for e in restrict for i in self._templates_of[self._position[e.id]]]
        else:
            candidates = self._candidates(paste)
        best: dict[int, FuzzyHit] = {}
        for i in candidates:
            template = self._templates[i]
            hit = self._score(template, paste)
            current = best.get(template.entry)
            if current is None or _strength(hit) > _strength(current):
                best[template.entry] = hit
        return sorted(best.values(), key=_strength, reverse=True)[:limit]

    def _read(self, text: str, *, typos: bool) -> _Paste:
        """The paste's words with their places, a few unknown words corrected when asked."""
        paste = _Paste()
        place = 0
        corrections = scoring.MAX_CORRECTIONS if typos else 0
        for word in tokens(normalize(text))[: scoring.MAX_PASTE_TOKENS]:
            if word == BOUNDARY:
                place += scoring.BOUNDARY_GAP
                continue
            if corrections and word not in self.idf and _TYPO_CANDIDATE.fullmatch(word):
                corrections -= 1
                word = self.correct(word) or word
            spots = paste.positions[word]
            if len(spots) < scoring.MAX_PLACES_PER_WORD:
                spots.append(place)
                paste.places[place] = len(paste.sequence)
            paste.sequence.append(word)
            place += 1
        return paste

    def _candidates(self, paste: _Paste) -> list[int]:
        """Templates holding enough of their rare-word weight in the paste, best first."""
        known = [w for w in paste.positions if w in self._postings]
        if not known:
            return []
        postings = [self._postings[w] for w in known]
        weights = np.repeat([self.idf[w] for w in known], [len(p) for p in postings])
        overlap = np.bincount(
            np.concatenate(postings), weights=weights, minlength=len(self._templates)
        )
        ratio = overlap / self._totals
        candidates = np.flatnonzero(ratio >= scoring.MIN_COVERAGE)
        if len(candidates) > scoring.MAX_CANDIDATES:
            # Most of their wording present first; equal shares go to the more specific.
            rounded = np.round(ratio[candidates], 6)
            order = np.lexsort((-self._totals[candidates], -rounded))
            candidates = candidates[order[: scoring.MAX_CANDIDATES]]
        return [int(i) for i in candidates]

    def _score(self, template: _Template, paste: _Paste) -> FuzzyHit:
        """Score the densest window of the paste holding the template's words.

        Words must stand close together (a window a little wider than the template),
        so a short template is not matched by words scattered over a long paste.
        """
        hits = sorted(
            (place, word) for word in template.weights for place in paste.positions.get(word, ())
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
        window = (
            " ".join(paste.sequence[paste.places[first] : paste.places[last - 1] + 1])
            if last
            else ""
        )
        similarity = fuzz.ratio(" ".join(template.words), window) if window else 0.0
        damping = min(1.0, template.total / scoring.FULL_WEIGHT) ** 0.5
        score = (
            scoring.COVERAGE_WEIGHT * coverage * 100 + scoring.SIMILARITY_WEIGHT * similarity
        ) * damping
        if template.part:
            score *= scoring.PART_FACTOR
        entry = self.entries[template.entry]
        return FuzzyHit(entry, template.text, score, coverage, similarity, template.total, damping)

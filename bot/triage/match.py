"""Rank knowledge entries for a paste: exact codes first, the answering provider before
the generic RFC entry, wording next, and silence below the confidence threshold.

>>> triager = Triager.load()
>>> paste = '{"error":"invalid_grant","error_description":"AADSTS70008: code expired"}'
>>> [m.key for m in triager.triage(paste).matches][:2]
['azure:aadsts70008', 'oauth:invalid_grant']
>>> triager.triage("thanks, that fixed it!").matches
()
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from bot.kb.loader import load_entries
from bot.kb.model import Entry
from bot.triage.extract import MAX_SCAN_CHARS, Facts, extract
from bot.triage.focus import focus
from bot.triage.index import FuzzyHit, KnowledgeIndex
from bot.triage.unknown import unknown_code_entry

__all__ = ["ANSWER_THRESHOLD", "SUGGEST_THRESHOLD", "Match", "Triage", "Triager"]

#: Scores at or above this are answered; below it the bot stays silent in auto-triage.
ANSWER_THRESHOLD = 68.0
#: Scores at or above this are offered as "did you mean" when someone asks directly.
SUGGEST_THRESHOLD = 45.0

#: Providers whose RFC-style error strings are best answered by the generic ``oauth:`` entry
#: first (their own entry follows): their OAuth endpoints return the RFC wording unchanged.
GENERIC_FIRST_PROVIDERS = frozenset({"okta"})
#: HTTP statuses that are about authentication or authorization in any context.
AUTH_STATUSES = frozenset({401, 403, 407, 429})

_EXACT = 100.0
_PROVIDER_ERROR = 98.0
_GENERIC_ERROR = 96.0
_MENTIONED_PROVIDER_ERROR = 93.0
_MENTIONED_ERROR = 90.0
_MISTYPED_CODE = 90.0
#: A real code missing from the knowledge base: above other codes' wording, below a typo fix.
_UNLISTED_CODE = 89.5
_UNLISTED_PROVIDERS = frozenset({"azure", "okta"})
#: ... when its wording matches at least this well (an unknown real code is not a typo).
_MISTYPED_WORDING = 65.0
_PROVIDER_WORDING = 97.0
#: Wording of another code of a provider whose code the paste states stays below its errors.
_OTHER_CODE_CAP = 89.0
_FUZZY_CAP = 95.0
_HTTP_AUTH = 80.0
_HTTP_OTHER = 72.0
#: A wording match on a provider's entry counts less when nothing in the paste names that provider.
_UNHINTED_PROVIDER = 0.82
#: Wording alone counts less in a paste that says nothing of OAuth, tokens or sign-in.
_NO_CONTEXT = 0.85
#: ... and less again when the paste names a different provider.
_OTHER_PROVIDER = 0.7
#: A named provider's own wording beats the same wording in a generic entry.
_HINTED_BONUS = 1.0
_WHOLE = 0.95
#: Template weight (summed rarity of its words) from which a wording match is fully specific.
_SPECIFIC_WEIGHT = 30.0
_GENERIC_PROVIDERS = frozenset({"oauth", "http"})
_MAX_MENTIONED = 40
#: Pastes up to this long are treated as typed by hand (typos are looked for).
_SHORT_PASTE = 800
#: Entries tagged so only wrap another code; the wrapped code is the better answer.
_WRAPPER_TAG = "wrapper"


@dataclass(frozen=True)
class Match:
    """One knowledge entry proposed for a paste, with the reason it was chosen."""

    entry: Entry
    score: float
    reason: str

    @property
    def key(self) -> str:
        """The entry's ``provider:code`` key."""
        return self.entry.key


@dataclass(frozen=True)
class Triage:
    """The outcome for one paste: confident answers, weaker suggestions, extracted facts."""

    matches: tuple[Match, ...]
    suggestions: tuple[Match, ...]
    facts: Facts
    elapsed_ms: float = 0.0
    truncated: bool = False


class _Ranking:
    """Best candidate per key, preferring the higher score; ties go to more evidence
    (``weight``: how much of a specific wording matched)."""

    def __init__(self) -> None:
        self.by_key: dict[str, Match] = {}
        self._weight: dict[str, float] = {}

    def offer(self, entry: Entry, score: float, reason: str, *, weight: float = 0.0) -> None:
        current = self.by_key.get(entry.key)
        score = round(score, 1)
        if current is None or (score, weight) > (current.score, self._weight[entry.key]):
            self.by_key[entry.key] = Match(entry, score, reason)
            self._weight[entry.key] = weight

    def ranked(self) -> list[Match]:
        return sorted(
            self.by_key.values(), key=lambda m: (m.score, self._weight[m.key]), reverse=True
        )


class Triager:
    """The triage engine: build once, then call :meth:`triage` per paste."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.index = KnowledgeIndex(entries)

    @classmethod
    def load(cls, folders: Sequence[Path] | None = None) -> Triager:
        """Load the knowledge base (built-in plus ``KNOWLEDGE_PATH``) and index it."""
        return cls(load_entries(folders))

    def triage(self, text: str, *, limit: int = 3) -> Triage:
        """Rank the entries that explain ``text``; at most ``limit`` confident matches."""
        started = time.perf_counter()
        truncated = len(text) > MAX_SCAN_CHARS
        text = text[:MAX_SCAN_CHARS]
        facts = extract(text)
        searched = "\n".join([*facts.descriptions, focus(text)])
        short = len(text) <= _SHORT_PASTE
        hits = self.index.search(searched, limit=12, typos=short)
        ranking = _Ranking()
        self._offer_codes(text, facts, hits, ranking)
        self._offer_errors(facts, hits, ranking, short=short)
        self._offer_wording(facts, hits, ranking)
        self._offer_http(facts, ranking)
        self._generic_first(ranking)
        ranked = ranking.ranked()
        matches = tuple(m for m in ranked if m.score >= ANSWER_THRESHOLD)[:limit]
        suggestions = tuple(m for m in ranked if SUGGEST_THRESHOLD <= m.score < ANSWER_THRESHOLD)[
            :limit
        ]
        elapsed = (time.perf_counter() - started) * 1000
        return Triage(matches, suggestions, facts, round(elapsed, 3), truncated)

    def _generic_first(self, ranking: _Ranking) -> None:
        """Put the ``oauth:`` entry just ahead of a generic-first provider's same-named entry."""
        for match in list(ranking.by_key.values()):
            generic = self.index.by_key.get(f"oauth:{match.entry.code.lower()}")
            if match.entry.provider in GENERIC_FIRST_PROVIDERS and generic:
                reason = (
                    f"`{match.entry.code}` is the OAuth standard error ({match.entry.provider})"
                )
                ranking.offer(generic[0], match.score + 0.5, reason)

    def _variant(self, key: str, hits: Sequence[FuzzyHit], text_parts: Sequence[str]) -> Entry:
        """The entry for ``key`` whose wording fits the paste best (keys can hold several)."""
        entries = self.index.entries_for(key)
        if len(entries) == 1:
            return entries[0]
        for hit in hits:
            if hit.entry.key == key:
                return hit.entry
        if text_parts:
            scored = self.index.search(" ".join(text_parts), restrict=entries, limit=1)
            if scored:
                return scored[0].entry
        return entries[0]

    def _offer_codes(
        self, text: str, facts: Facts, hits: Sequence[FuzzyHit], ranking: _Ranking
    ) -> None:
        found = [("azure", c) for c in facts.aadsts] + [("okta", c) for c in facts.okta_codes]
        found += [("zoom", c) for c in facts.zoom_codes]
        for order, (provider, code) in enumerate(found):
            key = f"{provider}:{code}".lower()
            if key not in self.index.by_key and provider == "azure":
                self._offer_mistyped_code(code, hits, ranking)
            if key not in self.index.by_key and provider in _UNLISTED_PROVIDERS:
                entry = unknown_code_entry(provider, code, text)
                self.index.by_id.setdefault(entry.id, entry)  # follow-up buttons can find it
                reason = f"{code} appears in the paste (not yet described here)"
                ranking.offer(entry, _UNLISTED_CODE, reason)
            if key in self.index.by_key:
                entry = self._variant(key, hits, facts.descriptions)
                score = _EXACT - 0.1 * order if provider != "zoom" else _PROVIDER_ERROR + 0.5
                if _WRAPPER_TAG in entry.tags and len(found) > 1:
                    score -= 1.5  # e.g. "Error validating credentials" wraps the real code
                ranking.offer(entry, score, f"{code} appears in the paste")

    def _offer_mistyped_code(self, code: str, hits: Sequence[FuzzyHit], ranking: _Ranking) -> None:
        """An unknown AADSTS code one digit away from a known one whose wording matches."""
        near = {
            entry.key: entry
            for hit in hits
            for entry in [hit.entry]
            if entry.provider == "azure"
            and hit.score >= _MISTYPED_WORDING
            and Levenshtein.distance(entry.code, code) == 1
        }
        if len(near) == 1:
            entry = next(iter(near.values()))
            reason = f"{code} is unknown; {entry.code} is one digit away and its wording matches"
            ranking.offer(entry, _MISTYPED_CODE, reason)

    def _offer_errors(
        self, facts: Facts, hits: Sequence[FuzzyHit], ranking: _Ranking, *, short: bool
    ) -> None:
        stated = [self._known_code(e) for e in facts.errors]
        mentioned = list(facts.snake_words[:_MAX_MENTIONED])
        if short:  # a mistyped code in a hand-typed question
            mentioned = [self._known_code(w) for w in mentioned]
        mentioned = [w for w in dict.fromkeys(mentioned) if w not in stated]
        for errors, provider_score, generic_score, how in (
            (stated, _PROVIDER_ERROR, _GENERIC_ERROR, "error"),
            (mentioned, _MENTIONED_PROVIDER_ERROR, _MENTIONED_ERROR, "mentioned"),
        ):
            for order, error in enumerate(errors):
                bump = -0.1 * order
                owners = self._owners(error, facts)
                for provider in owners:
                    key = f"{provider}:{error}"
                    entry = self._variant(key, hits, facts.descriptions)
                    ranking.offer(entry, provider_score + bump, f"{how} `{error}` from {provider}")
                if f"oauth:{error}" in self.index.by_key:
                    entry = self.index.by_key[f"oauth:{error}"][0]
                    ranking.offer(entry, generic_score + bump, f"{how} `{error}` (OAuth standard)")
                if how == "error" and not owners:
                    self._offer_provider_wording(error, facts, ranking)

    def _offer_provider_wording(self, error: str, facts: Facts, ranking: _Ranking) -> None:
        """The entry whose wording is the description next to an error: of a provider the
        paste names, or else of one of the providers using this non-standard error string."""
        owners = self._providers_using(error)
        if f"oauth:{error}" in self.index.by_key:
            owners = []  # an RFC error says nothing of who answered
        for provider in dict.fromkeys([*facts.providers[:2], *owners]):
            for description in facts.descriptions[:3]:
                entry = self.index.provider_wording(provider, description)
                if entry:
                    reason = f"{provider} answered `{error}` with “{description[:80]}”"
                    ranking.offer(entry, _PROVIDER_WORDING, reason)
                    return

    def _known_code(self, error: str) -> str:
        """``error`` itself when known, else the known code it misspells, else ``error``."""
        if any(error in codes for codes in self.index.codes_by_provider.values()):
            return error
        return self.index.correct_code(error) or error

    def _providers_using(self, error: str) -> list[str]:
        """Providers (not the generic ones) with an entry for the error string ``error``."""
        return [
            p
            for p, codes in self.index.codes_by_provider.items()
            if p not in _GENERIC_PROVIDERS and error in codes
        ]

    def _owners(self, error: str, facts: Facts) -> list[str]:
        """Providers whose own entry explains ``error`` for this paste."""
        hinted = [p for p in facts.providers if f"{p}:{error}" in self.index.by_key]
        if hinted:
            return hinted[:1]
        owners = self._providers_using(error)
        distinctive = error.count("_") >= 2  # e.g. bad_redirect_uri, not internal_error
        if f"oauth:{error}" in self.index.by_key or len(owners) != 1 or not distinctive:
            return []
        return owners

    def _offer_wording(self, facts: Facts, hits: Sequence[FuzzyHit], ranking: _Ranking) -> None:
        hinted = set(facts.providers)
        stated_codes = {"azure": facts.aadsts, "okta": facts.okta_codes, "zoom": facts.zoom_codes}
        for hit in hits:
            provider = hit.entry.provider
            score = min(hit.score, _FUZZY_CAP)
            # Doubts weigh less on a long, specific template than on a short, generic one.
            doubt = min(1.0, max(0.3, (_SPECIFIC_WEIGHT - hit.weight) / 20))
            if provider not in _GENERIC_PROVIDERS and provider not in hinted:
                score *= 1 - (1 - (_OTHER_PROVIDER if hinted else _UNHINTED_PROVIDER)) * doubt
            elif provider in hinted:
                score += _HINTED_BONUS
                if hit.coverage >= _WHOLE:
                    # A short message quoted whole, from the provider the paste names, is
                    # strong evidence even though its words are common ("Invalid access token").
                    score = min(score * (1 + hit.damping) / (2 * hit.damping), _FUZZY_CAP + 1)
            if not facts.has_oauth_context:
                score *= 1 - (1 - _NO_CONTEXT) * doubt
            stated = stated_codes.get(provider, ())
            if stated and hit.entry.code not in stated:
                score = min(score, _OTHER_CODE_CAP)  # the paste names its own code
            elif not stated and provider not in _GENERIC_PROVIDERS and any(stated_codes.values()):
                score = min(score, ANSWER_THRESHOLD - 1)  # ... of another provider
            reason = f"wording matches “{hit.template}” ({hit.score:.0f}%)"
            ranking.offer(hit.entry, score, reason, weight=hit.weight * hit.coverage)

    def _offer_http(self, facts: Facts, ranking: _Ranking) -> None:
        confident = any(m.score >= ANSWER_THRESHOLD for m in ranking.by_key.values())
        if facts.csrf and not confident:
            return  # a web framework's CSRF check, not OAuth (Django's "Forbidden (403)")
        for order, status in enumerate(facts.http_statuses):
            key = f"http:{status}"
            if key not in self.index.by_key:
                continue
            if status in AUTH_STATUSES:
                score = _HTTP_AUTH
            elif facts.has_oauth_context or confident:
                score = _HTTP_OTHER
            else:
                continue
            ranking.offer(self.index.by_key[key][0], score - order, f"HTTP status {status}")
            for provider in facts.providers[:1]:
                own = self.index.by_key.get(f"{provider}:{status}")
                if own:  # a provider documenting the status itself (Zoom's 429)
                    reason = f"HTTP status {status} from {provider}"
                    ranking.offer(own[0], score - order + 1, reason)

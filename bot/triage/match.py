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

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rapidfuzz.distance import Levenshtein

from bot.kb import Entry, Knowledge, Providers, builtin_providers, load_knowledge
from bot.triage import scoring
from bot.triage.extract import Facts, extract
from bot.triage.focus import focus
from bot.triage.index import FuzzyHit, KnowledgeIndex
from bot.triage.meaning import Embedder, MeaningIndex, default_embedder
from bot.triage.unknown import unknown_code_entry

__all__ = ["ANSWER_THRESHOLD", "SUGGEST_THRESHOLD", "Match", "Triage", "Triager"]

ANSWER_THRESHOLD = scoring.ANSWER
SUGGEST_THRESHOLD = scoring.SUGGEST

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
    #: False when ``matches`` is only the best reading of a direct ask, below the score the
    #: bot answers with unasked: the reply says "most likely" and offers the others.
    confident: bool = True


_WORD = re.compile(r"[a-z0-9]+")


class _Ranking:
    """Best candidate per key, preferring the higher score; ties go to more evidence
    (``weight``: how much of a specific wording matched)."""

    def __init__(self) -> None:
        self.by_key: dict[str, Match] = {}
        self._weight: dict[str, float] = {}
        #: Keys whose best reading so far is by meaning (bot.triage.meaning).
        self.by_meaning: set[str] = set()

    def offer(
        self, entry: Entry, score: float, reason: str, *, weight: float = 0.0, meaning: bool = False
    ) -> None:
        current = self.by_key.get(entry.key)
        score = round(score - (scoring.LEGACY if entry.legacy else 0.0), 1)
        if current is None or (score, weight) > (current.score, self._weight[entry.key]):
            self.by_key[entry.key] = Match(entry, score, reason)
            self._weight[entry.key] = weight
            (self.by_meaning.add if meaning else self.by_meaning.discard)(entry.key)

    def ranked(self) -> list[Match]:
        return sorted(
            self.by_key.values(), key=lambda m: (m.score, self._weight[m.key]), reverse=True
        )


class Triager:
    """The triage engine: build once per knowledge version, then call :meth:`triage`."""

    def __init__(
        self,
        entries: Iterable[Entry],
        providers: Providers | None = None,
        *,
        embedder: Embedder | Literal["default"] | None = "default",
    ) -> None:
        self.providers = builtin_providers() if providers is None else providers
        self.index = KnowledgeIndex(entries, self.providers)
        embedder = default_embedder() if embedder == "default" else embedder
        self.meaning = MeaningIndex(self.index.entries, embedder) if embedder else None

    @classmethod
    def of(cls, knowledge: Knowledge) -> Triager:
        """The engine for loaded ``knowledge`` (a :class:`~bot.kb.KnowledgeSource` builds with
        this)."""
        return cls(knowledge.entries, knowledge.providers)

    @classmethod
    def load(cls, folders: Sequence[Path] | None = None) -> Triager:
        """The engine for the knowledge in ``folders`` (built-in plus ``KNOWLEDGE_PATH``)."""
        return cls.of(load_knowledge(folders))

    def triage(self, text: str, *, asked: bool = False, limit: int = scoring.MAX_ANSWERS) -> Triage:
        """Rank the entries that explain ``text``; at most ``limit`` matches.

        Unasked (a message in an auto-triage channel), only confident matches are given.
        ``asked`` (a mention, DM, command or shortcut), the best reading is given too when it
        is less sure, marked ``confident=False``, unless the text is not about sign-in at all.
        Front ends call :func:`bot.explain.explain`, which cuts a paste at
        :data:`bot.text.MAX_PASTE_CHARS` and redacts it first.

        >>> triager = Triager.load()
        >>> triager.triage("aadsts 50011 when I sign in").matches[0].key
        'azure:aadsts50011'
        >>> triager.triage("lunch at noon?", asked=True).matches
        ()
        """
        started = time.perf_counter()
        facts = extract(text, self.providers)
        searched = "\n".join([*facts.descriptions, focus(text)])
        short = len(text) <= scoring.SHORT_PASTE
        hits = self.index.search(searched, limit=scoring.MAX_CANDIDATES, typos=short)
        ranking = _Ranking()
        self._offer_codes(text, facts, hits, ranking)
        self._offer_errors(facts, hits, ranking, short=short)
        if short:
            self._offer_typed_names(text, facts, hits, ranking)
        self._offer_wording(facts, hits, ranking)
        if self.meaning and len(text) <= scoring.MEANING_TEXT and not facts.codes:
            self._offer_meaning(text, facts, hits, ranking)
        self._offer_http(facts, ranking)
        self._generic_first(ranking)
        ranked = ranking.ranked()
        matches = tuple(m for m in ranked if m.score >= scoring.ANSWER)[:limit]
        suggestions = tuple(m for m in ranked if scoring.SUGGEST <= m.score < scoring.ANSWER)
        confident = not self._shared_name(matches, facts, self.providers)
        by_meaning = bool(suggestions) and suggestions[0].key in ranking.by_meaning
        if (
            asked
            and not matches
            and suggestions
            and self._worth_a_guess(suggestions[0], facts, by_meaning=by_meaning)
        ):
            matches, suggestions, confident = suggestions[:limit], suggestions[limit:], False
        elapsed = (time.perf_counter() - started) * 1000
        return Triage(matches, suggestions[:limit], facts, round(elapsed, 3), confident)

    @staticmethod
    def _shared_name(matches: Sequence[Match], facts: Facts, providers: Providers) -> bool:
        """Whether the top answers are one error string that several providers use, and the
        text names none of them: the reply then asks which one answered."""
        if len(matches) < 2:
            return False
        first, second = matches[0].entry, matches[1].entry
        return (
            first.code.lower() == second.code.lower()
            and first.provider != second.provider
            and first.provider not in facts.providers
            and not providers.is_generic(first.provider)
        )

    def _worth_a_guess(self, best: Match, facts: Facts, *, by_meaning: bool) -> bool:
        """Whether a less sure reading is worth giving to someone who asked. It depends on
        what backs it: a stated error or the reading's provider named; a text about sign-in;
        or nothing but its meaning. Chatter and other systems' errors stay unanswered: their
        best readings come from a few shared words and score low."""
        provider = best.entry.provider
        named = provider in facts.providers or (self._is_generic(provider) and facts.providers)
        stated = set(facts.codes) - set(facts.loose_codes)  # a bare number alone is not
        if stated or facts.errors or named:
            return best.score >= scoring.ASKED_WITH_EVIDENCE
        if facts.oauth_words:
            floor = scoring.ASKED_WITH_EVIDENCE if by_meaning else scoring.ASKED_WITH_CONTEXT
            return best.score >= floor
        return by_meaning and best.score >= scoring.ASKED_BY_MEANING

    def _is_generic(self, provider: str) -> bool:
        return self.providers.is_generic(provider)

    def _generic_first(self, ranking: _Ranking) -> None:
        """Put the ``oauth:`` entry just ahead of a generic-first provider's same-named entry."""
        for match in list(ranking.by_key.values()):
            provider = self.providers.get(match.entry.provider)
            generic = self.index.by_key.get(f"oauth:{match.entry.code.lower()}")
            if provider and provider.generic_first and generic:
                reason = f"`{match.entry.code}` is the OAuth standard error ({provider.name})"
                ranking.offer(generic[0], match.score + scoring.GENERIC_FIRST_BUMP, reason)

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
        for order, (name, code) in enumerate(facts.codes):
            key = f"{name}:{code}".lower()
            provider = self.providers.get(name)
            if key not in self.index.by_key:
                if provider and provider.typo_codes:
                    self._offer_mistyped_code(name, code, hits, ranking)
                weak = (name, code) in facts.hinted_codes or (name, code) in facts.loose_codes
                if provider and provider.unlisted_page and not weak:
                    entry = unknown_code_entry(provider, code, text)
                    reason = f"{code} appears in the paste (not yet described here)"
                    ranking.offer(entry, scoring.UNLISTED_CODE, reason)
                continue
            entry = self._variant(key, hits, facts.descriptions)
            if (name, code) in facts.loose_codes:
                score = scoring.LOOSE_CODE
            elif provider and provider.needs_hint:
                score = scoring.HINTED_CODE
            else:
                score = scoring.EXACT_CODE - scoring.LATER_CODE * order
            if _WRAPPER_TAG in entry.tags and len(facts.codes) > 1:
                score -= scoring.WRAPPER_PENALTY
            ranking.offer(entry, score, f"{code} appears in the paste")

    def _offer_mistyped_code(
        self, provider: str, code: str, hits: Sequence[FuzzyHit], ranking: _Ranking
    ) -> None:
        """An unknown code one digit away from a known one whose wording matches."""
        near = {
            entry.key: entry
            for hit in hits
            for entry in [hit.entry]
            if entry.provider == provider
            and hit.score >= scoring.MISTYPED_WORDING
            and Levenshtein.distance(entry.code, code) == 1
        }
        if len(near) == 1:
            entry = next(iter(near.values()))
            reason = f"{code} is unknown; {entry.code} is one digit away and its wording matches"
            ranking.offer(entry, scoring.MISTYPED_CODE, reason)

    def _offer_errors(
        self, facts: Facts, hits: Sequence[FuzzyHit], ranking: _Ranking, *, short: bool
    ) -> None:
        stated = [self._known_code(e) for e in facts.errors]
        mentioned = list(facts.snake_words[: scoring.MAX_MENTIONED])
        if short:  # a mistyped code in a hand-typed question
            mentioned = [self._known_code(w) for w in mentioned]
        mentioned = [w for w in dict.fromkeys(mentioned) if w not in stated]
        for errors, provider_score, generic_score, how in (
            (stated, scoring.PROVIDER_ERROR, scoring.GENERIC_ERROR, "error"),
            (mentioned, scoring.MENTIONED_PROVIDER_ERROR, scoring.MENTIONED_ERROR, "mentioned"),
        ):
            for order, error in enumerate(errors):
                bump = -scoring.LATER_CODE * order
                owners = self._owners(error, facts)
                for rank, provider in enumerate(owners):
                    key = f"{provider}:{error}"
                    entry = self._variant(key, hits, facts.descriptions)
                    score = provider_score if len(owners) == 1 else scoring.SHARED_NAME
                    if how == "mentioned":
                        score = self._named_against(provider, facts, score)
                    score += bump - scoring.LATER_CODE * rank
                    ranking.offer(entry, score, f"{how} `{error}` from {provider}")
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
                    ranking.offer(entry, scoring.PROVIDER_WORDING, reason)
                    return

    def _known_code(self, error: str) -> str:
        """``error`` itself when known, else the known code it misspells, else ``error``."""
        if any(error in codes for codes in self.index.codes_by_provider.values()):
            return error
        return self.index.correct_code(error) or error

    def _providers_using(self, error: str) -> list[str]:
        """Providers (not the generic ones) with an entry for the error string ``error``."""
        codes = self.index.codes_by_provider
        ordered = [p.name for p in self.providers if p.name in codes]
        ordered += [p for p in codes if p not in self.providers]
        return [p for p in ordered if not self._is_generic(p) and error in codes[p]]

    def _owners(self, error: str, facts: Facts) -> list[str]:
        """Providers whose own entry explains ``error`` for this paste: the one it names, else
        every provider using a distinctive non-standard error string, in registry order (the
        reply then asks which one it was)."""
        hinted = [p for p in facts.providers if f"{p}:{error}" in self.index.by_key]
        if hinted:
            return hinted[:1]
        owners = self._providers_using(error)
        # e.g. bad_redirect_uri or InvalidAuthenticationToken, not internal_error; in a
        # one-line question any error string of the knowledge base is what it is about
        distinctive = (
            error.count("_") >= 2 or len(error) >= scoring.DISTINCTIVE_NAME or facts.one_line
        )
        if f"oauth:{error}" in self.index.by_key or not distinctive:
            return []
        return owners[: scoring.MAX_SHARED_OWNERS]

    def _offer_typed_names(
        self, text: str, facts: Facts, hits: Sequence[FuzzyHit], ranking: _Ranking
    ) -> None:
        """Error strings typed as words ("callback url mismatch", "interaction in progress"):
        runs of three or four words that spell a known error string."""
        words = _WORD.findall(text.lower())[: scoring.MAX_TYPED_WORDS]
        seen = set(facts.snake_words) | set(facts.errors)
        for size in (4, 3):
            for start in range(len(words) - size + 1):
                # "authorization request denied" spells Authorization_RequestDenied
                name = self.index.code_spelled("".join(words[start : start + size]))
                if name is None or name in seen:
                    continue
                seen.add(name)
                owners = self._owners(name, facts)
                score = scoring.TYPED_NAME if len(owners) == 1 else scoring.SHARED_NAME
                for rank, provider in enumerate(owners):
                    entry = self._variant(f"{provider}:{name}", hits, facts.descriptions)
                    reason = f"“{' '.join(words[start : start + size])}” spells `{entry.code}`"
                    ranking.offer(
                        entry,
                        self._named_against(provider, facts, score) - scoring.LATER_CODE * rank,
                        reason,
                    )
                if f"oauth:{name}" in self.index.by_key:
                    entry = self.index.by_key[f"oauth:{name}"][0]
                    reason = f"“{name.replace('_', ' ')}” spells `{name}` (OAuth standard)"
                    ranking.offer(entry, scoring.TYPED_NAME - scoring.LATER_CODE, reason)

    def _named_against(self, provider: str, facts: Facts, score: float) -> float:
        """``score`` of an error string of ``provider`` mentioned in a text that names only
        other providers ("GitHub login broken - callback URL mismatch" is not Auth0's)."""
        if self._named_elsewhere(provider, set(facts.providers)):
            return score * scoring.OTHER_PROVIDER
        return score

    def _named_elsewhere(self, provider: str, named: set[str]) -> bool:
        """Whether a text naming ``named`` is about another provider than ``provider``: it
        names others of the same kind and not this one. A library's error in a text naming
        only the identity provider it talks to (NextAuth with Keycloak) is not against it,
        nor the reverse; generic entries never are."""
        if not named or provider in named or self._is_generic(provider):
            return False
        library = self.providers.is_library(provider)
        return any(self.providers.is_library(other) == library for other in named)

    def _offer_wording(self, facts: Facts, hits: Sequence[FuzzyHit], ranking: _Ranking) -> None:
        for hit in hits:
            score = self._wording_score(hit, facts)
            reason = f"wording matches “{hit.template}” ({hit.score:.0f}%)"
            ranking.offer(hit.entry, score, reason, weight=hit.weight * hit.coverage)

    def _offer_meaning(
        self, text: str, facts: Facts, hits: Sequence[FuzzyHit], ranking: _Ranking
    ) -> None:
        """Entries whose wording means about the same as a short text, where a provider the
        text names counts for them and another one against them; more when the rare-word
        index found the same entry."""
        assert self.meaning is not None
        worded = {hit.entry.key for hit in hits}
        named = set(facts.providers)
        for hit in self.meaning.search(text, limit=scoring.MEANING_CANDIDATES):
            score = (hit.similarity - scoring.MEANING_ZERO) * scoring.MEANING_SLOPE
            provider = hit.entry.provider
            if provider in named:
                score += scoring.MEANING_NAMED
            elif self._named_elsewhere(provider, named):
                score *= scoring.OTHER_PROVIDER
            if hit.entry.key in worded:
                score += scoring.MEANING_AGREES
            reason = f"means the same as “{hit.text[:80]}” ({hit.similarity:.2f})"
            ranking.offer(hit.entry, min(score, scoring.MEANING_CAP), reason, meaning=True)

    def _wording_score(self, hit: FuzzyHit, facts: Facts) -> float:
        """A wording match's score, lowered by what the paste says against it."""
        provider = hit.entry.provider
        generic = self._is_generic(provider)
        hinted = set(facts.providers)
        score = min(hit.score, scoring.FUZZY_CAP)
        # Doubts weigh less on a long, specific template than on a short, generic one.
        doubt = (scoring.SPECIFIC_WEIGHT - hit.weight) / scoring.DOUBT_SPAN
        doubt = min(1.0, max(scoring.MIN_DOUBT, doubt))
        if not generic and provider not in hinted:
            elsewhere = self._named_elsewhere(provider, hinted)
            factor = scoring.OTHER_PROVIDER if elsewhere else scoring.UNHINTED_PROVIDER
            score *= 1 - (1 - factor) * doubt
        elif provider in hinted:
            score += scoring.HINTED_BONUS
            if hit.coverage >= scoring.WHOLE:
                # A short message quoted whole, from the provider the paste names, is
                # strong evidence even though its words are common ("Invalid access token").
                whole = score * (1 + hit.damping) / (2 * hit.damping)
                score = min(whole, scoring.FUZZY_CAP + scoring.HINTED_BONUS)
        if not facts.has_oauth_context:
            score *= 1 - (1 - scoring.NO_CONTEXT) * doubt
        stated = facts.codes_of(provider)
        if stated and hit.entry.code not in stated:
            score = min(score, scoring.OTHER_CODE_CAP)  # the paste names its own code
        elif not stated and not generic and facts.codes:
            score = min(score, scoring.ANSWER - 1)  # ... of another provider
        return score

    def _offer_http(self, facts: Facts, ranking: _Ranking) -> None:
        confident = any(m.score >= scoring.ANSWER for m in ranking.by_key.values())
        if facts.csrf and not confident:
            return  # a web framework's CSRF check, not OAuth (Django's "Forbidden (403)")
        for order, status in enumerate(facts.http_statuses):
            key = f"http:{status}"
            if key not in self.index.by_key:
                continue
            if status in scoring.AUTH_STATUSES:
                score = scoring.HTTP_AUTH
            elif facts.has_oauth_context or confident:
                score = scoring.HTTP_OTHER
            else:
                continue
            score -= scoring.LATER_STATUS * order
            ranking.offer(self.index.by_key[key][0], score, f"HTTP status {status}")
            for provider in facts.providers[:1]:
                own = self.index.by_key.get(f"{provider}:{status}")
                if own:  # a provider documenting the status itself (Zoom's 429)
                    reason = f"HTTP status {status} from {provider}"
                    ranking.offer(own[0], score + scoring.PROVIDER_STATUS_BUMP, reason)

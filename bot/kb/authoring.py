"""Tools for knowledge authors: coverage against reference lists, lint, stats."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.kb.loader import builtin_providers
from bot.kb.model import Entry, Extension
from bot.kb.providers import Providers
from bot.text import normalize, tokens

__all__ = ["Coverage", "coverage", "json_schema", "lint", "provenance", "stats", "unsafe_steps"]

_NEAR_DUPLICATE = 95.0
_MIN_ALIAS_WORDS = 3
_CODE_SHAPE = re.compile(r"[\w.:/-]+")
_DISTINCTIVE = re.compile(r"_|^[a-z]{14,}$")


@dataclass(frozen=True)
class Coverage:
    """Which codes of a reference list have an entry."""

    provider: str
    total: int
    missing: list[str]

    @property
    def covered(self) -> int:
        return self.total - len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.total if self.total else 100.0


def _reference_keys(tsv: Path, provider: str | None, providers: Providers) -> tuple[str, list[str]]:
    """Whose codes a reference list holds (``all`` for a multi-provider file) and its keys."""
    with tsv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    if header and header[0].strip().lower() == "provider":
        wanted = provider.lower() if provider else None
        keys = [
            f"{row[0].strip()}:{row[1].strip()}".lower()
            for row in body
            if len(row) > 1 and wanted in (None, row[0].strip().lower())
        ]
        return provider or "all", keys
    label = provider or providers.for_reference_file(tsv.stem) or "unknown"
    return label, [f"{label}:{row[0].strip()}".lower() for row in body if row and row[0].strip()]


def coverage(
    entries: Sequence[Entry],
    tsv: Path,
    *,
    provider: str | None = None,
    providers: Providers | None = None,
) -> Coverage:
    """Codes of ``tsv`` (first column, or ``provider``/``code`` columns) with no entry.

    A file whose header starts with ``provider`` lists several providers; ``provider``
    then selects one of them (all when omitted). Otherwise the registry's
    ``reference_names`` tell whose codes the file holds.
    """
    providers = builtin_providers() if providers is None else providers
    label, keys = _reference_keys(tsv, provider, providers)
    known = {e.key for e in entries}
    # Reference rows whose "code" is a label ("(login page error)") are not codes to cover.
    distinct = [k for k in dict.fromkeys(keys) if _CODE_SHAPE.fullmatch(k.split(":", 1)[1])]
    missing = [k.split(":", 1)[1] if label != "all" else k for k in distinct if k not in known]
    return Coverage(label, len(distinct), missing)


def _lower(keys: Sequence[str]) -> set[str]:
    return {k.lower() for k in keys}


def _near_duplicates(entries: Sequence[Entry]) -> list[str]:
    texts: list[str] = []
    owners: list[Entry] = []
    for entry in entries:
        for text in dict.fromkeys([entry.title, *entry.aliases, *entry.symptoms]):
            texts.append(normalize(text, template=True))
            owners.append(entry)
    found: list[str] = []
    scores = process.cdist(
        texts, texts, scorer=fuzz.ratio, score_cutoff=_NEAR_DUPLICATE, workers=-1
    )
    for i, j in zip(*scores.nonzero(), strict=True):
        first, second = owners[i], owners[j]
        acknowledged = second.key in _lower(first.related) or first.key in _lower(second.related)
        if i < j and first.key != second.key and texts[i] and not acknowledged:
            found.append(
                f"{first.id} ~ {second.id}: near-duplicate wording “{texts[i]}” "
                "(ambiguous match; list each other in `related` if both are right)"
            )
    return found


#: Advice that weakens a protection: allowed only with a caution and a safer way first.
_PROTECTION = (
    r"(?:validation|verification|validate\w*|mfa|multi-?factor|pkce|signature|certificate|"
    r"brute-?force|protection|conditional access|phishing|security defaults|https|ssl|tls|"
    r"csrf|state check|nonce|lockout|require\w* signed)"
)
_WEAKENING = re.compile(
    rf"(?i)\b(?:allow[- ]?list\w*|whitelist\w*)\b|"
    rf"\b(?:disabl\w*|turn\w* off|switch\w* off|relax\w*|skip\w*|bypass\w*|lower\w*|"
    rf"exclud\w*)\b.{{0,60}}{_PROTECTION}|"
    rf"{_PROTECTION}.{{0,40}}\b(?:off|disabled|false)\b|"
    r"assignment required\W{0,3}(?:to|=|:)?\W{0,3}no\b|wildcard|allowDangerous\w*"
)
#: How a step says that it weakens security.
_CAUTION = re.compile(
    r"(?i)caution|warning|weakens|less secure|security risk|only (?:for|in) (?:test|dev)|"
    r"never in production|not in production|account takeover|opens? the app to|"
    r"\bdo not\b|\bdon't\b|\bnever\b|rather than|instead of"
)
#: Documentation prose where the message people see belongs (titles and aliases).
_DOC_PROSE = re.compile(r"(?i)^(?:indicates|the app returned|this error|occurs when|means that)\b")


def unsafe_steps(entry: Entry) -> list[str]:
    """Fix steps that weaken a protection without a caution in the same step.

    >>> from bot.kb.model import Entry
    >>> e = Entry(id="x", provider="acme", code="x", title="T", cause="C", checks=["?"],
    ...           fix=["Set Assignment required to No.", "Caution: allow-listing weakens it."])
    >>> unsafe_steps(e)
    ['Set Assignment required to No.']
    """
    return [step for step in entry.fix if _WEAKENING.search(step) and not _CAUTION.search(step)]


def lint(entries: Sequence[Entry], *, providers: Providers | None = None) -> list[str]:
    """Findings that make answers worse: thin entries, ambiguous or generic wording, dead
    links, advice that weakens security without saying so, documentation prose as a title,
    and providers missing from the registry (their codes and hints go unread)."""
    providers = builtin_providers() if providers is None else providers
    findings: list[str] = []
    keys = {e.key for e in entries}
    for entry in entries:
        if entry.provider not in providers:
            findings.append(
                f"{entry.id}: provider {entry.provider} is not in any providers.yaml "
                "(pastes cannot name it, and its codes are found by wording only)"
            )
        if len(entry.fix) < 1 or len(entry.checks) < 2:
            findings.append(f"{entry.id}: needs fix steps and at least two checks")
        for alias in [*entry.aliases, *entry.symptoms]:
            words = tokens(normalize(alias, template=True))
            if len(words) < _MIN_ALIAS_WORDS and not any(_DISTINCTIVE.search(w) for w in words):
                findings.append(
                    f"{entry.id}: alias “{alias}” is too short or generic to match safely"
                )
        findings += [
            f"{entry.id}: related key {k} has no entry"
            for k in entry.related
            if k.lower() not in keys
        ]
        findings += [
            f"{entry.id}: link {u} is not https"
            for u in entry.links
            if not u.startswith("https://")
        ]
        findings += [
            f"{entry.id}: fix step weakens security without a caution and a safer way first: "
            f"“{step[:80]}”"
            for step in unsafe_steps(entry)
        ]
        findings += [
            f"{entry.id}: “{text[:60]}” reads like documentation, not the message people see"
            for text in (entry.title, *entry.aliases)
            if _DOC_PROSE.search(text)
        ]
    return findings + _near_duplicates(entries)


def json_schema() -> dict:
    """The JSON Schema of a knowledge file (a list of entries), for editors."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://example.invalid/oauth-triage/knowledge.schema.json",
        "title": "OAuth triage knowledge file",
        "description": "A list of knowledge-base entries (in a KNOWLEDGE_PATH folder, also of "
        "extensions adding wordings to an entry by id); see knowledge/README.md.",
        "type": "array",
        "items": {"anyOf": [Entry.model_json_schema(), Extension.model_json_schema()]},
    }


def stats(entries: Sequence[Entry]) -> dict[str, dict[str, int]]:
    """Entries, aliases and checks per provider, largest first."""
    rows: dict[str, dict[str, int]] = defaultdict(lambda: {"entries": 0, "aliases": 0, "checks": 0})
    for entry in entries:
        row = rows[entry.provider]
        row["entries"] += 1
        row["aliases"] += len(entry.aliases)
        row["checks"] += len(entry.checks)
    return dict(sorted(rows.items(), key=lambda item: -item[1]["entries"]))


def provenance(entries: Sequence[Entry]) -> dict[str, float]:
    """Depth and provenance figures: the share of entries with sources and a verified date,
    the mean checks and fix steps, and the share of entries whose steps name a portal path.
    """
    count = max(len(entries), 1)
    portal = re.compile(r"\S\s*>\s*\S.*>")  # "Entra admin center > App registrations > ..."
    return {
        "entries": float(len(entries)),
        "with sources": sum(bool(e.sources) for e in entries) / count,
        "verified": sum(e.verified is not None for e in entries) / count,
        "checks per entry": sum(len(e.checks) for e in entries) / count,
        "fix steps per entry": sum(len(e.fix) for e in entries) / count,
        "at least three checks": sum(len(e.checks) >= 3 for e in entries) / count,
        "naming a portal path": sum(any(portal.search(s) for s in e.fix) for e in entries) / count,
    }

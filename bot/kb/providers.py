"""The provider registry: what each provider's codes look like and how a paste names it.

Provider facts are data (``knowledge/providers.yaml``, plus a ``providers.yaml`` in any
``KNOWLEDGE_PATH`` folder), read by extraction, matching, insight and the authoring tools.

>>> from bot.kb import builtin_providers
>>> registry = builtin_providers()
>>> registry["azure"].label, registry["okta"].generic_first
('Microsoft Entra', True)
>>> registry.hinted_by("okta says: see https://login.microsoftonline.com/common")
(['login.microsoftonline.com'], ['azure'], ['azure', 'okta'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

__all__ = ["PROVIDERS_FILE", "CodeRule", "Provider", "Providers"]

#: The file name, in any knowledge folder, that holds providers rather than entries.
PROVIDERS_FILE = "providers.yaml"

_Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: Any code when a provider gives no shape of its own.
_ANY_CODE = r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$"
_WORD_EDGE = re.compile(r"[a-z0-9]")


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as err:
        raise ValueError(f"not a regular expression: {err}") from None
    return pattern


class CodeRule(BaseModel):
    """How one form of a provider's code is found in a paste."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: _Text = Field(description="Regular expression; group `n` is the code's variable part.")
    code: _Text = Field(default="{n}", description="The code as keyed, with {n}.")
    fields: list[_Name] = Field(
        default_factory=list, description="Only the values of these error fields (lower-case)."
    )
    needs_hint: bool | None = Field(
        default=None,
        description="Count its codes only in a paste that names the provider (default: the "
        "provider's own setting). Codes found only with a hint are never answered as unlisted.",
    )

    @field_validator("pattern")
    @classmethod
    def _has_group(cls, pattern: str) -> str:
        if "(?P<n>" not in _compiles(pattern):
            raise ValueError("the pattern needs a group named n: (?P<n>...)")
        return pattern

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    #: Only in a one-line text (a question or an issue title), where a bare number is
    #: likely the code; such codes count only where the knowledge base describes them and
    #: are answered only to a direct ask.
    one_line: bool = False

    def hinted(self, provider: Provider) -> bool:
        """Whether this rule's codes count only where ``provider`` is named."""
        return provider.needs_hint if self.needs_hint is None else self.needs_hint


class Provider(BaseModel):
    """One provider's facts (see the comment at the top of ``knowledge/providers.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: _Name
    label: _Text
    code_shape: str = Field(default=_ANY_CODE, description="Every entry code must match this.")
    codes: list[CodeRule] = Field(default_factory=list)
    needs_hint: bool = False
    hosts: list[_Text] = Field(default_factory=list)
    words: list[_Text] = Field(default_factory=list)
    hint_patterns: list[_Text] = Field(default_factory=list)
    pages: list[_Text] = Field(default_factory=list)
    unlisted_page: str | None = Field(default=None, pattern=r"^https://\S+$")
    generic: bool = False
    library: bool = False
    wording: bool = True
    generic_first: bool = False
    typo_codes: bool = False
    renamed: dict[str, str] = Field(
        default_factory=dict, description="An old code -> the code the knowledge base keys it by."
    )
    reference_names: list[_Name] = Field(default_factory=list)

    @field_validator("code_shape")
    @classmethod
    def _shape_compiles(cls, pattern: str) -> str:
        return _compiles(pattern)

    @field_validator("hint_patterns")
    @classmethod
    def _hints_compile(cls, patterns: list[str]) -> list[str]:
        return [_compiles(p) for p in patterns]

    @field_validator("words", "hosts")
    @classmethod
    def _lower(cls, values: list[str]) -> list[str]:
        return [v.lower() for v in values]

    @cached_property
    def shape(self) -> re.Pattern[str]:
        return re.compile(self.code_shape)

    @cached_property
    def hints(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.hint_patterns)

    def page_for(self, code: str) -> str | None:
        """Its page for ``code``, when it has one for codes not described here."""
        if not self.unlisted_page:
            return None
        number = re.sub(r"^\D+", "", code)
        return self.unlisted_page.format(code=code, n=number, lower=code.lower())


def _has_word(lowered: str, word: str) -> bool:
    """Whether ``word`` stands in ``lowered`` as a word of its own (a plural is fine)."""
    start = lowered.find(word)
    while start != -1:
        end = start + len(word)
        before = lowered[start - 1] if start else " "
        after = lowered[end] if end < len(lowered) else " "
        if not _WORD_EDGE.match(before) and (not _WORD_EDGE.match(after) or after == "s"):
            return True
        start = lowered.find(word, end)
    return False


class Providers:
    """The registry: providers by name, in file order, with the look-ups the engine needs."""

    def __init__(self, providers: Iterable[Provider] = ()) -> None:
        self._by_name: dict[str, Provider] = {}
        for provider in providers:
            self._by_name[provider.name] = provider

    def __getitem__(self, name: str) -> Provider:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Provider]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def get(self, name: str) -> Provider | None:
        """The provider called ``name``, if registered."""
        return self._by_name.get(name)

    def merged(self, others: Iterable[Provider]) -> Providers:
        """A registry with ``others`` added; one with a registered name replaces it."""
        return Providers([*self, *others])

    def label(self, name: str) -> str:
        """How answers name the provider (its registered label, else its name)."""
        provider = self.get(name)
        return provider.label if provider else name

    def is_generic(self, name: str) -> bool:
        """Whether ``name``'s entries apply to every provider (RFC errors, HTTP statuses)."""
        provider = self.get(name)
        return bool(provider and provider.generic)

    def is_library(self, name: str) -> bool:
        """Whether ``name`` is a client library or API used with identity providers (its
        errors come up in texts naming the provider it talks to)."""
        provider = self.get(name)
        return bool(provider and provider.library)

    def shape_of(self, name: str) -> re.Pattern[str]:
        """The shape every code of ``name`` must have."""
        provider = self.get(name)
        return provider.shape if provider else re.compile(_ANY_CODE)

    @cached_property
    def code_rules(self) -> tuple[tuple[Provider, CodeRule], ...]:
        """Every code rule with its provider, in registry order."""
        return tuple((p, rule) for p in self for rule in p.codes)

    @cached_property
    def known_hosts(self) -> tuple[str, ...]:
        """Hosts and documentation hosts of every provider (never an app's redirect URI)."""
        return tuple(dict.fromkeys(h.lower() for p in self for h in (*p.hosts, *p.pages)))

    def hinted_by(self, lowered: str) -> tuple[list[str], list[str], list[str]]:
        """Hosts found in ``lowered``, the providers they show, and providers named otherwise."""
        hosts: list[str] = []
        strong: list[str] = []
        named: list[str] = []
        for provider in self:
            for host in provider.hosts:
                if host in lowered:
                    hosts.append(host)
                    strong.append(provider.name)
            if any(w in lowered and _has_word(lowered, w) for w in provider.words) or any(
                pattern.search(lowered) for pattern in provider.hints
            ):
                named.append(provider.name)
        return hosts, strong, named

    def for_reference_file(self, stem: str) -> str | None:
        """The provider whose codes a reference list named ``stem`` holds."""
        stem = stem.lower()
        return next(
            (p.name for p in self for prefix in p.reference_names if stem.startswith(prefix)), None
        )

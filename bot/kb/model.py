"""The knowledge-base entry: one error message, what it means and how to fix it."""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

__all__ = ["Entry", "Extension", "key_of", "parse_key"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
ProviderName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*:\S+$")]

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$")]


def key_of(provider: str, code: str) -> str:
    """Return the canonical lower-case key, e.g. ``key_of("azure", "AADSTS50011")``."""
    return f"{provider}:{code}".lower()


def parse_key(key: str) -> tuple[str, str]:
    """Split ``"provider:code"`` into its parts (the code may itself hold colons)."""
    provider, _, code = key.partition(":")
    return provider, code


class Entry(BaseModel):
    """One error message a provider returns, explained in our own words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug = Field(description="Unique slug, e.g. azure-aadsts50011.")
    provider: ProviderName = Field(description="zoom, azure, oauth, http, okta, google, ...")
    code: Code = Field(
        description="The provider's code: AADSTS50011, 4733, invalid_grant, 401 (its shape is "
        "checked against the provider registry)."
    )
    title: Text = Field(description="The literal message the provider returns.")
    aliases: list[Text] = Field(
        default_factory=list,
        description="Other literal wordings: older messages, SDK wrappings, truncations.",
    )
    symptoms: list[Text] = Field(
        default_factory=list,
        description="How people describe it in their own words (matched more cautiously).",
    )
    cause: Text = Field(description="Why it happens, for a newcomer.")
    fix: list[Text] = Field(min_length=1, description="Fix steps, in the order to try them.")
    checks: list[Text] = Field(
        min_length=1, description="Follow-up questions that narrow the cause down."
    )
    links: list[HttpsUrl] = Field(default_factory=list, description="The provider's pages.")
    tags: list[Text] = Field(default_factory=list)
    related: list[Key] = Field(default_factory=list, description="Keys of related entries.")
    http_status: int | None = Field(default=None, ge=100, le=599)
    sources: list[HttpsUrl] = Field(
        default_factory=list,
        description="Where the facts come from: the provider's page for this error first.",
    )
    verified: datetime.date | None = Field(
        default=None, description="When the entry was last checked against its sources."
    )
    legacy: bool = Field(
        default=False,
        description="A retired feature or endpoint (Zoom JWT apps): ranks below current errors.",
    )

    @field_validator("aliases", "symptoms", "links", "tags", "related", "sources", mode="before")
    @classmethod
    def _empty_list(cls, value: object) -> object:
        return [] if value is None else value

    @field_validator("code", mode="before")
    @classmethod
    def _code_as_text(cls, code: object) -> object:
        return str(code) if isinstance(code, int) and not isinstance(code, bool) else code

    @property
    def key(self) -> str:
        """The ``provider:code`` key, lower-cased."""
        return key_of(self.provider, self.code)

    @property
    def shown_key(self) -> str:
        """The key as answers show it, the code spelled as the provider does
        (``azure:AADSTS50011``)."""
        return f"{self.provider}:{self.code}"


class Extension(BaseModel):
    """More wordings for an entry defined elsewhere (a built-in one, say), without replacing
    it: an organisation's folder lists ``{extends: <entry id>, aliases: [...], symptoms: [...]}``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    extends: Slug = Field(description="The id of the entry these wordings are added to.")
    aliases: list[Text] = Field(
        default_factory=list, description="Literal wordings added to the entry's aliases."
    )
    symptoms: list[Text] = Field(
        default_factory=list, description="Descriptions added to the entry's symptoms."
    )

    def apply(self, entry: Entry) -> Entry:
        """``entry`` with these wordings added (each once)."""
        aliases = [*entry.aliases, *(a for a in self.aliases if a not in entry.aliases)]
        symptoms = [*entry.symptoms, *(s for s in self.symptoms if s not in entry.symptoms)]
        return entry.model_copy(update={"aliases": aliases, "symptoms": symptoms})

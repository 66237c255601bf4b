"""Answers for codes a paste states but the knowledge base does not hold yet.

A real code missing from the knowledge base (an AADSTS or Okta E-code: any provider with
an ``unlisted_page``) still deserves an answer under its own key: its message as quoted
in the paste, the provider's own page for the code, and the steps for any unknown code.

>>> from bot.kb import builtin_providers
>>> paste = "AADSTS5999999: The widget is not registered for the application. Trace ID: x"
>>> entry = unknown_code_entry(builtin_providers()["azure"], "AADSTS5999999", paste)
>>> entry.key, entry.title
('azure:aadsts5999999', 'The widget is not registered for the application.')
"""

from __future__ import annotations

import re

from bot.kb import Entry, Provider

__all__ = ["unknown_code_entry"]

_MESSAGE_END = re.compile(r"(?<=[.!?])\s|\\[rn]|\r|\n|\s(?:Trace|Correlation) ID|[\"'}]")


def _message_after(code: str, text: str) -> str:
    """The sentence that follows ``code`` in the paste, if any."""
    start = text.find(code)
    if start == -1:
        return ""
    rest = text[start + len(code) : start + len(code) + 400].lstrip(":;,- \t")
    if rest.lower().startswith("errorsummary"):
        rest = rest.split(":", 1)[-1].lstrip()
    end = _MESSAGE_END.search(rest)
    return (rest[: end.start()] if end else rest).strip()


def unknown_code_entry(provider: Provider, code: str, text: str) -> Entry:
    """An entry for ``provider``'s ``code``, built from what the paste says about it and
    the provider's page for codes (its ``unlisted_page``)."""
    name = provider.label
    page = provider.page_for(code) or ""
    message = _message_after(code, text)
    return Entry(
        id=f"{provider.name}-{code.lower()}-unlisted",
        provider=provider.name,
        code=code,
        title=message or f"{name} error {code}",
        cause=(
            f"{name} returned {code}, a code this knowledge base does not describe yet. "
            "The message next to the code in your paste, and the provider's page for the "
            "code, are the best guide to what went wrong."
        ),
        fix=[
            f"Open {name}'s page for the code: {page}",
            "Read the message that follows the code in full: it usually names the parameter, "
            "the app or the user concerned.",
            "Compare the failing request with one that works (same app, tenant and user).",
        ],
        checks=[
            "Does the message name an application ID, tenant or user that you did not expect?",
            "Did this start after a change to the app registration, a secret, a certificate "
            "or a policy?",
            "Can the provider's support find the request from its correlation or request ID?",
        ],
        links=[page],
        tags=["unlisted-code"],
    )

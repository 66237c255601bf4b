"""Lint rules for trustworthy knowledge: unsafe advice, documentation prose, provenance."""

from __future__ import annotations

import datetime

from bot.kb.authoring import lint, provenance
from bot.kb.model import Entry


def entry(**fields: object) -> Entry:
    base: dict[str, object] = {
        "id": "acme-x",
        "provider": "acme",
        "code": "x",
        "title": "The widget refused the token.",
        "cause": "Because.",
        "fix": ["Reissue the token."],
        "checks": ["Was it reissued?", "Is it the right widget?"],
    }
    return Entry.model_validate(base | fields)


def findings_for(one: Entry) -> list[str]:
    return [f for f in lint([one]) if "provider acme" not in f]


def test_advice_that_weakens_a_protection_needs_a_caution():
    unsafe = entry(fix=["Set Assignment required to No so everyone can sign in."])
    assert any("weakens security" in f for f in findings_for(unsafe))
    cautioned = entry(
        fix=[
            "Assign the users or groups who need the app.",
            "Caution: setting Assignment required to No opens the app to every user and guest.",
        ]
    )
    assert findings_for(cautioned) == []


def test_documentation_prose_is_not_a_title():
    prose = entry(title="Indicates that the user must sign in again.")
    assert any("reads like documentation" in f for f in findings_for(prose))


def test_provenance_and_depth_are_counted():
    sourced = entry(sources=["https://example.com/errors#x"], verified=datetime.date(2026, 12, 6))
    figures = provenance([sourced, entry(id="acme-y")])
    assert figures["with sources"] == 0.5 and figures["verified"] == 0.5

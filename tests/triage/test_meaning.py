"""The meaning stage: own-words questions find their entries; chatter still gets nothing."""

from __future__ import annotations

import pytest

from bot.kb import load_knowledge
from bot.triage import Triager


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.load()


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Wrong reply URL", {"azure:aadsts50011"}),
        (
            "the consent screen says needs admin approval",
            {"azure:aadsts90094", "azure:aadsts65001"},
        ),
        ("google refresh token stops working after 7 days", {"google:invalid_grant"}),
        ("Invalid Scope at Okta Login", {"oauth:invalid_scope", "okta:invalid_scope"}),
        ("untrusted host in docker", {"authjs:untrustedhost"}),
    ],
)
def test_own_words_asked_find_their_entry(triager, text, keys):
    result = triager.triage(text, asked=True)
    assert result.matches, f"silent on {text!r}"
    assert result.matches[0].key in keys


def test_a_reading_by_meaning_alone_is_not_posted_unasked(triager):
    assert triager.triage("Wrong reply URL").matches == ()
    asked = triager.triage("Wrong reply URL", asked=True)
    assert not asked.confident and "means the same as" in asked.matches[0].reason


@pytest.mark.parametrize(
    "text",
    ["thanks, lunch at noon?", "the build is red again", "can someone review my PR about caching"],
)
def test_chatter_stays_unanswered_even_asked(triager, text):
    assert triager.triage(text, asked=True).matches == ()


def test_without_the_model_the_engine_still_answers_what_it_can():
    knowledge = load_knowledge()
    plain = Triager(knowledge.entries, knowledge.providers, embedder=None)
    assert plain.meaning is None
    assert plain.triage("AADSTS50011").matches[0].key == "azure:aadsts50011"
    assert plain.triage("Wrong reply URL", asked=True).matches == ()

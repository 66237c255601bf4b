"""Hostile input: huge, binary, nested or adversarial pastes never crash or run away.

Bounds are generous on purpose (no timing assertions beyond "it finishes"); latency is
measured by bench/bench_matcher.py, not by tests.
"""

import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli.report import format_explanation
from bot.explain import Problem, explain
from bot.safety import redact
from bot.text import MAX_PASTE_CHARS
from bot.triage import Triager


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.load()


ADVERSARIAL = {
    "long quotes": '"' * 40_000,
    "nested json": "[" * 20_000 + "]" * 20_000,
    "escaped quotes": '\\"' * 20_000,
    "repeated keys": "client_secret=" * 3_000,
    "repeated code": "code " * 8_000,
    "begin without end": "-----BEGIN PRIVATE KEY-----" * 1_400,
    "unbalanced json": '{"error":"' * 4_000,
    "long url": "https://" + "a" * 39_990,
    "long word": "x" * 40_000,
    "control characters": "".join(chr(i % 32) for i in range(40_000)),
    "random printable": "".join(random.Random(1).choice(string.printable) for _ in range(40_000)),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_pastes_are_answered(triager, name):
    result = explain(triager, ADVERSARIAL[name])
    assert len(result.triage.matches) <= 3


def test_oversized_paste_is_cut_and_said_so(triager):
    result = explain(triager, "AADSTS50011 " + "x" * (MAX_PASTE_CHARS + 10))
    assert result.truncated
    assert result.triage.matches[0].key == "azure:aadsts50011"


def test_binary_paste_gets_a_polite_refusal(triager):
    result = explain(triager, bytes(range(256)).decode("latin-1") * 20)
    assert result.problem is Problem.BINARY
    assert format_explanation(result) == "This looks like binary data rather than an error message."
    assert result.triage.matches == ()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3_000))
def test_any_text_is_handled(triager, text):
    result = explain(triager, text)
    assert len(result.triage.matches) <= 3
    assert all(m.score >= 68 for m in result.triage.matches)


@settings(max_examples=150, deadline=None)
@given(
    prefix=st.text(max_size=200),
    secret=st.from_regex(r"[A-Za-z0-9]{12}[0-9][A-Z][a-z][A-Za-z0-9_~.-]{8,40}", fullmatch=True),
    suffix=st.text(max_size=200),
)
def test_named_secret_never_survives(prefix, secret, suffix):
    text = f"{prefix} client_secret={secret}&x=1 {suffix}"
    assert secret not in redact(text).text

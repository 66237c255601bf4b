"""Redaction: planted secrets never survive, the error is still identified, markers say only
the kind and the length."""

import re

import pytest

from bot.explain import explain
from bot.safety import redact
from bot.triage import Triager
from tests.safety.corpus import CASES, JWT, SECRET


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.load()


def test_corpus_is_large_and_varied():
    assert len(CASES) >= 60
    assert sum(len(c.secrets) for c in CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_planted_secret_is_gone_and_error_still_identified(triager, case):
    result = explain(triager, case.text)
    for secret in case.secrets:
        assert secret not in result.redacted.text
        assert secret[:8] not in result.redacted.text  # no prefix either
    assert result.redacted.secrets, "the paste holds secrets, so some must be reported"
    if case.expect:
        assert [m.key for m in result.triage.matches][:1] == [case.expect]


def test_marker_shows_kind_and_length_only():
    text = redact(f"client_secret={SECRET}").text
    assert text == f"client_secret=[redacted client secret, {len(SECRET)} chars]"
    assert re.fullmatch(r"\[redacted JWT, \d+ chars\]", redact(JWT).text)


@pytest.mark.parametrize(
    "harmless",
    [
        '{"code": 124, "message": "Invalid access token."}',
        "error_code: 4711",
        "code: 'CERT_HAS_EXPIRED'",
        "grant_type=refresh_token&response_type=code",
        '"token_type": "Bearer", "token_endpoint": "https://idp.test/token"',
        "password authentication failed for user",
        "client_secret=xxxx",
        "Authorization: Bearer {{AccessToken}}",
    ],
)
def test_ordinary_values_are_left_alone(harmless):
    assert redact(harmless).text == harmless


def test_jwt_claims_are_decoded_without_the_token():
    secret = redact(f"Bearer {JWT}").secrets[0]
    assert secret.kind == "JWT"
    assert secret.claims["aud"] == "api://orders"
    assert JWT not in repr(secret)


def test_basic_credential_shows_client_id_only_when_it_does_not_look_secret():
    import base64

    readable = base64.b64encode(f"my-client:{SECRET}".encode()).decode()
    opaque = base64.b64encode(f"{'Zx9' * 12}:{SECRET}".encode()).decode()
    assert redact(f"Authorization: Basic {readable}").secrets[0].client_id == "my-client"
    assert redact(f"Authorization: Basic {opaque}").secrets[0].client_id is None

"""Redaction rules by shape and position: what is kept redacted when in doubt, what a ``code``
must look like to be an authorization code, and that the new shape checks stay linear."""

import base64
import time

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.safety import redact
from bot.safety.shapes import entropy
from tests.safety.corpus import SECRET

GUID = "8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"

#: (paste, the secret in it, the kind it must be reported as)
KEPT = [
    # plain credential names: anything but a placeholder counts
    (f"client_secret={SECRET}", SECRET, "client secret"),
    (f'"clientSecret": "{GUID}"', GUID, "client secret"),  # maybe the secret ID: when in doubt
    ("client_secret: GOCSPX-o6wx0sK2slNnalrU5pBc_*******", "GOCSPX-o6wx0sK2slNnalrU5pBc", None),
    ("password: Summer2024", "Summer2024", "password"),
    ("password=CorrectHorseBatteryStaple&x=1", "CorrectHorseBatteryStaple", "password"),
    ("PASSWORD2=Tr0ub4dor", "Tr0ub4dor", "password"),
    ("pwd=hunter2", "hunter2", "password"),
    ("x-api-key: 0123456789abcdef", "0123456789abcdef", "API key"),
    (f"private_key: 0x{'4c0883a691' * 6}1f2e", "4c0883a691", "private key"),  # hex, not a number
    ("client_secret=%21aB9xQ7~kLm", "%21aB9xQ7~kLm", "client secret"),  # URL-encoded, not %VAR%
    ("postgres://app:%21aB9xQ7kLm@db:5432/app", "%21aB9xQ7kLm", "URL password"),
    # a credential word inside a longer name, with a random value
    (f"CLIENT_SECRET_PROD={SECRET}", SECRET, "client secret"),
    ("DB_PASSWORD_PROD=Tr0ub4dor", "Tr0ub4dor", "password"),
    # vague names with random-looking values
    ("SECRET_KEY=django-insecure-k3f9x2p7q8w1z5v0", "k3f9x2p7q8w1z5v0", "secret"),
    ("secret: JBSWY3DPEHPK3PXP", "JBSWY3DPEHPK3PXP", "secret"),
    ("token: abc123XYZ", "abc123XYZ", "token"),
    ('"sessionToken": "20111CmRDZ7aK5b3"', "20111CmRDZ7aK5b3", "session token"),
    # authorization codes: certain formats, in requests, or long and random anywhere
    ("https://app.test/cb?code=0.AVYAk2L9xQ&state=1", "0.AVYAk2L9xQ", "authorization code"),
    ('{"code": "M.R3_BAY.c0b4f1d2-9e8a"}', "M.R3_BAY.c0b4f1d2-9e8a", "authorization code"),
    ('{"code": "4/0AX4XfWhAbCdEfGh12"}', "4/0AX4XfWhAbCdEfGh12", "authorization code"),
    ("/callback?code=5b4bd1e4a3f7c0a8d9e2&state=x", "5b4bd1e4a3f7c0a8d9e2", "authorization code"),
    ("GET /cb?code=aB3dE5fG7h", "aB3dE5fG7h", "authorization code"),
    (
        '{"code": "aB3dE5fG7hJ9k", "redirect_uri": "http://localhost/cb"}',
        "aB3dE5fG7hJ9k",
        "authorization code",
    ),
    ('{"code": "aB3dE5fG7hJ9kL1mN3pQ5rS7"}', "aB3dE5fG7hJ9kL1mN3pQ5rS7", "authorization code"),
    # headers and URLs
    (
        "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789",
        "abcdefghijklmnopqrstuvwxyz0123456789",
        "Bearer credential",
    ),
    ("Authorization: Bearer a1b2c3d4", "a1b2c3d4", "Bearer credential"),
    ("Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", "Basic credential"),
    ("https://admin:password@idp.test/token", "password@", "URL password"),
]


@pytest.mark.parametrize(("text", "secret", "kind"), KEPT, ids=[k[0][:40] for k in KEPT])
def test_secret_is_kept_redacted(text, secret, kind):
    result = redact(text)
    assert secret not in result.text
    assert result.secrets
    if kind:
        assert kind in result.kinds


def test_basic_credential_is_told_from_prose():
    encoded = base64.b64encode(b"app:pw").decode()
    assert redact(f"Basic {encoded}").kinds == ("Basic credential",)
    assert redact("Basic authentication failed").secrets == ()


_ERROR_NAMES = st.one_of(
    st.from_regex(
        r"[A-Z][a-z]{2,12}(?:[A-Z][a-z]{2,12}){0,4}(?:_[A-Z][a-z]{2,12}){0,2}", fullmatch=True
    ),
    st.from_regex(r"[a-z]{2,10}(?:_[a-z]{2,10}){0,4}", fullmatch=True),
    st.from_regex(r"(?:AADSTS|IDX|E|ERR_)[0-9]{4,7}", fullmatch=True),
    st.from_regex(r"[A-Z]{2,8}(?:_[A-Z]{2,8}){1,4}", fullmatch=True),
)
_PLACES = [
    '{"error":{"code":"%s","message":"Access denied."}}',
    "{'code': '%s', 'message': 'x'}",
    "Error code: %s",
    'Error code: "%s"',
    "x-ms-error-code: %s",
    "ErrorCode: %s\nStatus: 403",
    "The error code %s means no consent",
    "SecurityTokenException: %s: Lifetime validation failed.",
]


@settings(max_examples=200, deadline=None)
@given(name=_ERROR_NAMES, place=st.sampled_from(_PLACES))
def test_an_error_code_name_is_never_an_authorization_code(name, place):
    text = place % name
    result = redact(text)
    assert result.secrets == ()
    assert result.text == text


@settings(max_examples=150, deadline=None)
@given(code=st.from_regex(r"[A-Za-z0-9]{12}[0-9][A-Z][a-z][A-Za-z0-9_-]{8,40}", fullmatch=True))
def test_a_random_code_in_a_callback_is_redacted(code):
    assume(entropy(code) >= 3.0)
    result = redact(f"https://app.test/callback?code={code}&state=abc")
    assert code not in result.text
    assert result.kinds == ("authorization code",)


HOSTILE = {
    "repeated code=": "code=" * 8_000,
    "one long code": "code=" + "A" * 39_990,
    "capitals after token": "token: " + "AB" * 19_990,
    "mixed case after token": "token: " + "ABab" * 9_990,
    "bearer capitals": "Bearer " + "A" * 39_990,
    "basic base64": "Basic " + "QUJD" * 9_990,
    "snake password": "password: " + "a_" * 19_990,
    "path": "pwd: /" + "a/" * 19_990,
    "dotted reference": "client_secret=" + "ab." * 13_000 + "(",
    "location": "token: " + "a." * 19_990 + ":1",
    "numbers": "code: " + "1:" * 19_990 + "x",
    "many keys": "token=abc123XYZ& " * 2_000,
    "code in prose": "code " + "Ab1_" * 9_990,
    "oauth context": "state code=abcDEF123456 " * 1_500,
    "masked": "password: " + "*-" * 19_990,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_shape_checks_stay_linear(name):
    started = time.perf_counter()
    redact(HOSTILE[name])
    assert time.perf_counter() - started < 5  # backtracking would take minutes

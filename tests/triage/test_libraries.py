"""The errors client libraries raise, as developers paste them."""

from __future__ import annotations

import pytest

from bot.explain import explain
from bot.triage import Triager


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.load()


@pytest.mark.parametrize(
    ("paste", "key"),
    [
        (
            "BrowserAuthError: interaction_in_progress: Interaction is currently in progress. "
            "Please ensure that this interaction has been completed before calling an "
            "interactive API.\n    at BrowserAuthError.AuthError [as constructor]",
            "msal:interaction_in_progress",
        ),
        (
            "ClientAuthError: no_account_error: No account object provided to "
            "acquireTokenSilent and no active account has been set.",
            "msal:no_account_error",
        ),
        (
            "Microsoft.Identity.Client.MsalUiRequiredException: No account or login hint was "
            "passed to the AcquireTokenSilent call.\n ErrorCode: user_null",
            "msal:user_null",
        ),
        (
            "Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException: IDX10223: Lifetime "
            "validation failed. The token is expired. ValidTo (UTC): '3/1/2024 10:00:00 AM', "
            "Current time (UTC): '3/1/2024 11:00:00 AM'.",
            "identitymodel:idx10223",
        ),
        (
            "IDX10501: Signature validation failed. Unable to match key: kid: 'abc123'.",
            "identitymodel:idx10501",
        ),
        (
            '{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired '
            'or is not yet valid.","innerError":{"date":"2024-03-01T10:00:00",'
            '"request-id":"0d7c1f5e-0000-4000-8000-000000000000"}}}',
            "graph:invalidauthenticationtoken",
        ),
        (
            '{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges '
            'to complete the operation.","innerError":{"date":"2024-03-01T10:00:00"}}}',
            "graph:authorization_requestdenied",
        ),
        (
            "[next-auth][error][OAUTH_CALLBACK_ERROR] \nhttps://next-auth.js.org/errors"
            "#oauth_callback_error invalid_client (Unauthorized)",
            "authjs:oauthcallbackerror",
        ),
        (
            "[auth][error] OAuthAccountNotLinked: Another account already exists with the same "
            "e-mail address. Read more at https://errors.authjs.dev#oauthaccountnotlinked",
            "authjs:oauthaccountnotlinked",
        ),
    ],
)
def test_library_errors_find_their_entries(triager, paste, key):
    result = explain(triager, paste)
    assert not result.redacted.kinds, "an error code is not a secret"
    assert result.triage.matches[0].key == key


def test_a_library_error_wrapping_a_server_error_leads_with_the_server_code(triager):
    paste = (
        "InteractionRequiredAuthError: interaction_required: AADSTS50076: Due to a "
        "configuration change made by your administrator, or because you moved to a new "
        "location, you must use multi-factor authentication to access the resource."
    )
    keys = [m.key for m in triager.triage(paste).matches]
    assert keys[0] == "azure:aadsts50076"
    assert "msal:interaction_required" in keys


def test_a_json_code_field_of_another_api_is_not_read_as_a_graph_code(triager):
    result = triager.triage('{"code": "Forbidden", "message": "bucket policy denies access"}')
    assert result.facts.codes_of("graph") == ()

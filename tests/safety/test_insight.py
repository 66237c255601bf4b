"""Token and redirect-URI insight drawn from a paste, without echoing secrets."""

from bot.explain import explain
from bot.safety.insight import jwt_notes, redirect_insight, uri_differences
from bot.triage import Triager
from tests.safety.corpus import _b64url

NOW = 1_700_000_000


def token(claims: dict) -> str:
    return ".".join([_b64url({"alg": "RS256"}), _b64url(claims), "c2lnbmF0dXJlc2lnbmF0dXJl"])


def test_expired_token_says_how_long_ago():
    notes = jwt_notes({"exp": NOW - 3 * 3600}, now=NOW)
    assert notes == ["The token expired 3 hours ago."]


def test_not_yet_valid_token():
    assert "not valid yet" in jwt_notes({"nbf": NOW + 600, "exp": NOW + 4000}, now=NOW)[1]


def test_wrong_audience_and_v1_token_are_visible():
    notes = jwt_notes(
        {
            "aud": "00000003-0000-0000-c000-000000000000",
            "iss": "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
            "ver": "1.0",
        },
        now=NOW,
    )
    assert any("Audience (aud): 00000003-0000-0000-c000-000000000000" in n for n in notes)
    assert any("tenant 72f988bf-86f1-41af-91ab-2d7cd011db47" in n for n in notes)
    assert any("Token version: v1" in n for n in notes)


def test_missing_scope_is_called_out():
    assert "The token carries no scopes or roles." in jwt_notes({"aud": "api://x"}, now=NOW)
    assert "Delegated scopes (scp): User.Read, Mail.Send." in jwt_notes(
        {"aud": "api://x", "scp": "User.Read Mail.Send"}, now=NOW
    )


def test_explain_feeds_token_notes_and_never_keeps_the_token():
    jwt = token({"aud": "api://orders", "exp": NOW - 7200, "scp": "User.Read"})
    result = explain(
        Triager.load(), f"Authorization: Bearer {jwt}\nHTTP/1.1 401 Unauthorized", now=NOW
    )
    assert result.insights.token_notes[0] == "The token expired 2 hours ago."
    assert jwt not in result.redacted.text and jwt not in " ".join(result.insights.token_notes)


def test_uri_differences_cover_each_part():
    assert uri_differences("http://a.test/cb", "https://a.test/cb") == [
        "scheme: sent http, registered https"
    ]
    assert uri_differences("https://a.test:8443/cb", "https://a.test/cb") == [
        "port: sent 8443, registered default"
    ]
    assert uri_differences("https://a.test/Callback", "https://a.test/callback") == [
        "path letter case: sent /Callback, registered /callback"
    ]
    assert uri_differences("https://a.test/a%20b", "https://a.test/a b") == [
        "encoding: the same path, percent-encoded differently"
    ]
    assert uri_differences("https://b.test/cb", "https://a.test/cb") == [
        "host: sent b.test, registered a.test"
    ]


def test_auth0_callback_mismatch_points_at_the_difference():
    insight = redirect_insight(
        'Callback URL mismatch. The url "http://app.test/login/callback/" is not in the list of '
        "allowed callback URLs: https://app.test/login/callback, https://staging.app.test/cb"
    )
    assert insight.registered == "https://app.test/login/callback"
    assert insight.differences == [
        "scheme: sent http, registered https",
        "trailing slash: sent with one, registered without",
    ]


def test_redirect_insight_in_an_entra_answer():
    paste = (
        "AADSTS50011: The redirect URI 'https://app.test/signin-oidc/' specified in the request "
        "does not match the redirect URIs configured for the application. Registered: "
        "https://app.test/signin-oidc"
    )
    result = explain(Triager.load(), paste)
    assert result.triage.matches[0].key == "azure:aadsts50011"
    assert result.insights.redirect.differences == [
        "trailing slash: sent with one, registered without"
    ]


def test_no_insight_without_a_sent_uri():
    assert redirect_insight("invalid_grant") is None


def test_basic_credential_names_its_client_id_only():
    import base64

    secret = "Qx7~p9Vt.Z2mK_w8Rb4sLn3Yc6Hd1Fg5Jq0Ae"
    header = base64.b64encode(f"orders-app:{secret}".encode()).decode()
    result = explain(Triager.load(), f'Authorization: Basic {header}\n{{"error":"invalid_client"}}')
    assert "The Basic credential is for client ID orders-app." in result.insights.token_notes
    assert (
        secret not in " ".join(result.insights.token_notes) and header not in result.redacted.text
    )

"""Codes and error strings however people type them, asked directly or seen unasked."""

from __future__ import annotations

import pytest

from bot.triage import Triager


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.load()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("getting aadsts50011 on login", "azure:aadsts50011"),
        ("AADSTS 50011 when I sign in", "azure:aadsts50011"),
        ("AADSTS-50011", "azure:aadsts50011"),
        ("customer says AADST50011", "azure:aadsts50011"),
        ("error 50011 from microsoft login", "azure:aadsts50011"),
        ("okta e0000004", "okta:e0000004"),
        ("zoom 4733", "zoom:4733"),
        ("Invalid client_id: abc (4,702)", "zoom:4702"),
        ("zoom 4,702", "zoom:4702"),
        ("Error 400: redirect_uri_mismatch", "google:redirect_uri_mismatch"),
        ("Erreur 400 : redirect_uri_mismatch", "google:redirect_uri_mismatch"),
        ("Fehler 400: redirect_uri_mismatch", "google:redirect_uri_mismatch"),
        ("エラー 400: redirect_uri_mismatch", "google:redirect_uri_mismatch"),
        ("Zugriff blockiert: Die Anfrage dieser App ist ungültig", "google:redirect_uri_mismatch"),
        ("invalid_grant", "oauth:invalid_grant"),
        ("missing_scope", "slack:missing_scope"),
        ("callback url mismatch", "auth0:callback_url_mismatch"),
        ("BrowserAuthError: interaction_in_progress", "msal:interaction_in_progress"),
        ("interaction_in_progress", "msal:interaction_in_progress"),
        ("IDX10223: Lifetime validation failed", "identitymodel:idx10223"),
        ("idx 10223 token expired", "identitymodel:idx10223"),
        ("InvalidAuthenticationToken", "graph:invalidauthenticationtoken"),
        ("OAuthAccountNotLinked", "authjs:oauthaccountnotlinked"),
        ("[next-auth][error][OAUTH_CALLBACK_ERROR]", "authjs:oauthcallbackerror"),
    ],
)
def test_typed_forms_are_answered_even_unasked(triager, text, key):
    result = triager.triage(text)
    assert result.matches, f"silent on {text!r}"
    assert result.matches[0].key == key


def test_an_error_page_is_the_provider_not_the_http_status(triager):
    [first, *_] = triager.triage("Error 400: redirect_uri_mismatch").matches
    assert first.key == "google:redirect_uri_mismatch"


def test_a_string_several_providers_use_is_answered_and_marked_for_a_question(triager):
    result = triager.triage("redirect_uri_mismatch")
    keys = [m.key for m in result.matches]
    assert keys[0] == "google:redirect_uri_mismatch"
    assert set(keys[1:]) == {"github:redirect_uri_mismatch", "salesforce:redirect_uri_mismatch"}
    assert not result.confident
    named = triager.triage("github says redirect_uri_mismatch")
    assert named.matches[0].key == "github:redirect_uri_mismatch" and named.confident


def test_asked_gives_the_best_reading_where_unasked_stays_silent(triager):
    text = "provided authorization grant is invalid"
    assert triager.triage(text).matches == ()
    asked = triager.triage(text, asked=True)
    assert asked.matches[0].key == "oauth:invalid_grant"
    assert not asked.confident


@pytest.mark.parametrize(
    "text",
    [
        "thanks, lunch at noon?",
        'ERROR: relation "users" does not exist',
        "ImagePullBackOff on the staging cluster",
        "Sorry, I provided a wrong credentials and that is the reason I got this error.",
        "git@github.com: Permission denied (publickey).",
    ],
)
def test_asked_stays_silent_on_chatter_and_other_systems(triager, text):
    assert triager.triage(text, asked=True).matches == ()


def test_a_stray_47xx_number_in_a_zoom_log_is_not_a_zoom_code(triager):
    paste = (
        "zoom webhook handler\n"
        "2024-03-01 10:00:01 INFO request took 4712 ms, 4733 bytes\n"
        'ERROR {"code":124,"message":"Invalid access token."}'
    )
    result = triager.triage(paste)
    assert result.facts.codes_of("zoom") == ("124",)
    assert result.matches[0].key == "zoom:124"


def test_a_long_log_keeps_a_line_saying_doesnt_match(triager):
    noise = "".join(f"2024-03-01 10:00:{i:02d} INFO worker started job {i}\n" for i in range(60))
    paste = (
        noise
        + (
            "WARN the redirect URI specified in the request doesnt match the redirect URIs "
            "configured for the application\n"
        )
        + noise
    )
    assert triager.triage(paste).matches[0].key == "azure:aadsts50011"


def test_a_bare_number_in_a_question_about_sign_in_is_read_as_a_code_when_asked(triager):
    text = "getting 700016 when users sign in"
    assert triager.triage(text).matches == ()
    asked = triager.triage(text, asked=True)
    assert asked.matches[0].key == "azure:aadsts700016" and not asked.confident
    assert triager.triage("we have 50000 users", asked=True).matches == ()


def test_error_strings_typed_as_words_are_spelled_out(triager):
    result = triager.triage("authorization request denied in microsoft graph")
    assert result.matches[0].key == "graph:authorization_requestdenied"


def test_an_error_string_of_a_provider_the_text_does_not_name_counts_less(triager):
    result = triager.triage("Github Login Broken - Callback URL mismatch", asked=True)
    assert result.matches[0].entry.provider == "github"


def test_an_earlier_release_code_answers_its_own_entry(triager):
    paste = "IDX10311: RequireNonce is 'true' (default) but validationContext.Nonce is null."
    assert triager.triage(paste).matches[0].key == "identitymodel:idx10311"
    paste = "IDX10803: Unable to obtain configuration from: 'https://login.example/.well-known/x'."
    assert triager.triage(paste).matches[0].key == "identitymodel:idx10803"


def test_a_library_error_in_a_text_naming_the_identity_provider_it_talks_to_counts_fully(triager):
    text = "checks.state argument is missing error after going back from the keycloak login page"
    result = triager.triage(text)  # unasked: answered only when sure
    assert [m.key for m in result.matches][:1] == ["authjs:oauthcallbackerror"]

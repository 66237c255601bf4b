"""The shipped knowledge base: coverage of the reference lists, cross-links, and lint."""

from pathlib import Path

import pytest

from bot.kb import load_entries
from bot.kb.authoring import coverage, lint

#: The codes of each provider's published list (codes only; sources in its README).
REFERENCE = Path(__file__).resolve().parents[2] / "tests" / "data" / "reference"


@pytest.fixture(scope="module")
def entries():
    return load_entries()


@pytest.mark.parametrize(
    ("file", "provider"),
    [
        ("zoom.tsv", None),
        ("oauth_registry.tsv", None),
        ("iana_oauth_extensions_error_registry.tsv", None),
        ("azure_aadsts.tsv", None),
        ("okta_oauth2.tsv", None),
        ("other_providers.tsv", "Google"),
        ("other_providers.tsv", "GitHub"),
        ("other_providers.tsv", "Auth0"),
        ("other_providers.tsv", "Keycloak"),
        ("other_providers.tsv", "Slack"),
        ("other_providers.tsv", "Salesforce"),
    ],
)
def test_every_reference_code_has_an_entry(entries, file, provider):
    path = REFERENCE / file
    report = coverage(entries, path, provider=provider)
    assert report.missing == []


@pytest.mark.parametrize(
    "group",
    [
        ["zoom:4733", "zoom:4734", "oauth:invalid_grant"],
        [
            "azure:aadsts50011",
            "google:redirect_uri_mismatch",
            "github:redirect_uri_mismatch",
            "auth0:callback_url_mismatch",
        ],
    ],
)
def test_siblings_point_at_each_other(entries, group):
    for key in group:
        related = {r.lower() for e in entries if e.key == key for r in e.related}
        assert set(group) - {key} <= related, key


def test_lint_is_clean(entries):
    assert lint(entries) == []


def test_zoom_entries_teach_the_code_facts(entries):
    text = " ".join(
        f"{e.cause} {' '.join(e.fix)} {' '.join(e.checks)}" for e in entries if e.provider == "zoom"
    ).lower()
    for fact in ("5 minutes", "single-use", "refresh token", "state"):
        assert fact in text, fact

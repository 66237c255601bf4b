"""Where to rotate each kind of secret the redactor finds, for the private warning.

>>> rotation_advice(["password"])
["password: change the password now, and check the account's sign-in log."]
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ROTATION", "rotation_advice"]

_TOKEN = (
    "revoke the session or refresh token that issued it (sign out everywhere), "
    "or wait for it to expire."
)

ROTATION: dict[str, str] = {
    "client secret": (
        "create a new secret in the app registration or developer console, deploy it, "
        "then delete the old one."
    ),
    "client assertion": (
        "it expires within minutes; if the signing key or certificate was pasted too, replace that."
    ),
    "AWS secret key": (
        "in IAM > Security credentials, create a new access key, switch to it, then "
        "deactivate and delete the old one."
    ),
    "AWS access key": (
        "in IAM > Security credentials, deactivate and delete this key after switching to"
        " a new one."
    ),
    "refresh token": (
        "revoke it at the provider (its revocation endpoint, or remove the app's access "
        "for that user)."
    ),
    "access token": _TOKEN,
    "ID token": (
        "it proves a sign-in until it expires; sign the user out if it must stop working now."
    ),
    "session token": "sign the session out so a new one is issued.",
    "JWT": _TOKEN,
    "Bearer credential": _TOKEN,
    "token": _TOKEN,
    "PKCE code verifier": "single-use; start a new sign-in.",
    "device code": "single-use and short-lived; start a new device sign-in.",
    "authorization code": (
        "single-use and short-lived (minutes); start a new sign-in if it was not redeemed yet."
    ),
    "private key": (
        "generate a new key pair, upload the new certificate or public key, then remove "
        "the old one."
    ),
    "Azure storage key": (
        "in the storage account's Access keys, rotate the key and update every connection string."
    ),
    "Azure SAS signature": (
        "revoke it by rotating the account key that signed it, or remove its stored access policy."
    ),
    "API key": "regenerate it in the provider's console and update every client.",
    "password": "change the password now, and check the account's sign-in log.",
    "URL password": (
        "change that account's password and take it out of the URL (use a secret store)."
    ),
    "Basic credential": "it encodes a client ID and secret: rotate the client secret.",
    "Slack token": (
        "regenerate it at api.slack.com/apps (OAuth & Permissions or Basic Information) "
        "and revoke the old one."
    ),
    "Google access token": (
        "revoke it at https://oauth2.googleapis.com/revoke or in the Google account's "
        "third-party access page."
    ),
    "GitHub token": (
        "revoke it in GitHub Settings > Developer settings (or the OAuth app's "
        "authorisations) and create a new one."
    ),
    "secret": "rotate it wherever it was issued and update the places that use it.",
}


def rotation_advice(kinds: Iterable[str]) -> list[str]:
    """One line per kind: the kind and where to rotate it."""
    return [f"{kind}: {ROTATION.get(kind, ROTATION['secret'])}" for kind in kinds]

"""No log line holds a request body or a paste, at any level: not for a request whose
signature fails, not for one handled (Web API traffic is logged by slack_sdk at DEBUG)."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

import pytest

from tests.safety.corpus import SECRET, SLACK_BOT
from tests.slack.slack_harness import SECRET as SIGNING_SECRET
from tests.slack.slack_harness import mention

#: A paste whose pieces are unlike anything else in the logs.
PASTE = (
    "AADSTS50011: The redirect URI 'https://orders.contoso-paste.example/cb' specified in "
    "the request does not match the redirect URIs configured for the application "
    f"'paste-app-7f3a'. client_secret={SECRET} Authorization: Bearer {SLACK_BOT} "
    "Trace ID: 5c0a1d2e-3f40-4b5c-8d6e-7f8091a2b3c4"
)
PIECES = (
    PASTE,
    SECRET,
    SLACK_BOT,
    "contoso-paste",
    "paste-app-7f3a",
    "5c0a1d2e-3f40-4b5c-8d6e-7f8091a2b3c4",
    SIGNING_SECRET,
)


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The pieces of the paste (or secrets) found in any log record."""
    lines = [record.getMessage() for record in caplog.records] + [caplog.text]
    return [piece for piece in PIECES if any(piece in line for line in lines)]


def test_a_bad_signature_logs_no_body(bot, slack, logged):
    event = {"type": "event_callback", "event_id": "EvBAD", "event": mention(PASTE)}
    body = json.dumps(event).encode()
    assert bot.request(body, "application/json", secret="wrong")[0] == 401
    command = urlencode({"command": "/oauthhelp", "text": PASTE, "user_id": "U1"}).encode()
    assert bot.request(command, "application/x-www-form-urlencoded", secret="wrong")[0] == 401
    bot.settle()
    assert slack.posts() == []
    rejected = [r for r in logged.records if "Invalid request signature" in r.getMessage()]
    assert len(rejected) == 2  # Bolt did log them, without the body
    assert all("[content not logged]" in r.getMessage() for r in rejected)
    assert leaks(logged) == []


def test_answering_a_paste_logs_none_of_it(bot, slack, logged):
    assert bot.event(mention(PASTE, ts="1700000070.000100")) == 200
    slack.wait_for("chat.postMessage")
    bot.command(PASTE)
    slack.wait_for("respond")
    bot.settle()
    assert any(r.name.startswith("slack_sdk") for r in logged.records)  # DEBUG was on
    assert leaks(logged) == []


def test_an_unhandled_payload_is_logged_without_its_content(bot, logged):
    payload = {
        "type": "dialog_submission",
        "callback_id": "old_dialog",
        "submission": {"error": PASTE},
        "user": {"id": "U1"},
        "team": {"id": "T1"},
        "channel": {"id": "C1"},
        "response_url": "https://hooks.example/r",
    }
    assert bot.interact(payload) == 404
    assert any("Unhandled request" in r.getMessage() for r in logged.records)
    assert leaks(logged) == []

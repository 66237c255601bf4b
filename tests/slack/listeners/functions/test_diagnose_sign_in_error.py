"""The "Diagnose a sign-in error" workflow step, end to end: signed ``function_executed``
events in, ``functions.completeSuccess`` / ``completeError`` out, with the step's own token."""

from __future__ import annotations

import json
import logging

import pytest

from tests.safety.corpus import JWT, SECRET
from tests.slack.slack_harness import FUNCTION_TOKEN, function_executed
from tests.slack.slack_standin import Call, SlackStandIn

#: A real AADSTS50011 page, as people copy it from the browser.
REDIRECT_MISMATCH = (
    "AADSTS50011: The redirect URI 'http://localhost:5000/signin-oidc' specified in the "
    "request does not match the redirect URIs configured for the application "
    "'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d'. Make sure the redirect URI sent in the request "
    "matches one added to your application in the Azure portal. Navigate to "
    "https://aka.ms/redirectUriMismatchError to learn more about how to fix this.\n"
    "Trace ID: 7d2a41c6-9b3e-4f0a-8c15-2e6b9d0f3a11\n"
    "Correlation ID: 3c9e1b7a-0d4f-4e2a-b6c8-91f05e7d2a44\n"
    "Timestamp: 2024-11-05 14:22:31Z"
)
NOTHING = {
    "key": "",
    "title": "No known error found",
    "provider": "",
    "confidence": 0,
    "first_step": "",
    "link": "",
    "trace_id": "",
    "correlation_id": "",
    "request_id": "",
    "timestamp": "",
}


def run_step(bot, slack: SlackStandIn, text: object, execution: str = "Fx0001") -> Call:
    """Run the step on ``text`` (as the workflow passes it); the call that ended it."""
    assert bot.event(function_executed({"error_text": text}, execution=execution)) == 200
    bot.settle()
    ended = slack.calls_to("functions.completeSuccess") + slack.calls_to("functions.completeError")
    (call,) = [c for c in ended if c.params["function_execution_id"] == execution]
    return call


def test_a_redirect_mismatch_completes_with_the_answer_and_the_support_bundle(full_bot, slack):
    done = run_step(full_bot, slack, REDIRECT_MISMATCH)
    assert done.method == "functions.completeSuccess"
    assert done.headers["authorization"] == f"Bearer {FUNCTION_TOKEN}"
    assert done.outputs == {
        "key": "azure:AADSTS50011",
        "title": (
            "The redirect URI 'http://localhost:5000/signin-oidc' specified in the request "
            "does not match the redirect URIs configured for the application "
            "'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d'."
        ),
        "provider": "azure",
        "confidence": 100.0,
        "first_step": (
            "Copy the redirect_uri from the failing request (the URL in the browser bar on the "
            "error page, URL-decoded)."
        ),
        "link": "https://login.microsoftonline.com/error?code=50011",
        "trace_id": "7d2a41c6-9b3e-4f0a-8c15-2e6b9d0f3a11",
        "correlation_id": "3c9e1b7a-0d4f-4e2a-b6c8-91f05e7d2a44",
        "request_id": "",
        "timestamp": "2024-11-05 14:22:31Z",
    }
    assert slack.posts() == [], "a workflow step answers through its outputs only"


def test_a_graph_error_gives_its_request_id(full_bot, slack):
    paste = (
        '{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or '
        'is not yet valid.","innerError":{"date":"2024-03-11T09:14:52","request-id":'
        '"5d0c8f2e-1b7a-4c39-9e41-0f6a2b8d7c13"}}}'
    )
    outputs = run_step(full_bot, slack, paste).outputs
    assert outputs["key"] == "graph:InvalidAuthenticationToken"
    assert outputs["request_id"] == "5d0c8f2e-1b7a-4c39-9e41-0f6a2b8d7c13"
    assert outputs["timestamp"] == "2024-03-11T09:14:52"
    assert "{" not in outputs["title"] + outputs["first_step"]


@pytest.mark.parametrize(
    "text",
    [
        "lunch at noon anyone? the new place on 5th",
        'ERROR: relation "users" does not exist at character 15',
        "the thing on the login page looks weird today",
    ],
)
def test_chatter_and_other_errors_complete_with_an_empty_key(full_bot, slack, text):
    done = run_step(full_bot, slack, text)
    assert done.method == "functions.completeSuccess"
    assert done.outputs == NOTHING


def test_a_pasted_secret_appears_in_no_output_and_no_log(full_bot, slack, caplog):
    caplog.set_level(logging.DEBUG)
    paste = (
        "POST /oauth2/v2.0/token client_id=web&client_secret="
        f"{SECRET}&grant_type=authorization_code\nAuthorization: Bearer {JWT}\n" + REDIRECT_MISMATCH
    )
    done = run_step(full_bot, slack, paste)
    assert done.outputs["key"] == "azure:AADSTS50011"
    sent = json.dumps([c.params for c in slack.calls])
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (SECRET, JWT, JWT.split(".")[1]):
        assert secret not in sent and secret not in logged
    assert slack.calls_to("chat.postEphemeral") == [], "no channel, so no one to warn there"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "The error text is empty"),
        ("   \n ", "The error text is empty"),
        (None, "The error text is empty"),
        ("\x00\x01\x02\x03 binary \x04\x05\x06" * 50, "binary data"),
        ("no error here, just words. " * 2_000, "nothing known is in the first 40,000"),
    ],
)
def test_text_that_cannot_be_read_fails_the_step_with_a_clear_message(bot, slack, text, said):
    done = run_step(bot, slack, text)
    assert done.method == "functions.completeError"
    assert said in done.params["error"]
    assert done.headers["authorization"] == f"Bearer {FUNCTION_TOKEN}"
    assert slack.calls_to("functions.completeSuccess") == []


def test_a_long_log_holding_a_known_error_early_completes(full_bot, slack):
    done = run_step(full_bot, slack, REDIRECT_MISMATCH + "\n" + "INFO request served\n" * 3_000)
    assert done.method == "functions.completeSuccess"
    assert done.outputs["key"] == "azure:AADSTS50011"


def test_each_execution_is_answered_once_and_on_its_own(bot, slack):
    first = function_executed({"error_text": "AADSTS50011 redirect URI mismatch"})
    assert bot.event(first, event_id="EvFn1") == 200
    assert bot.event(first, event_id="EvFn1", retry_num=1) == 200  # Slack's redelivery
    assert bot.event(function_executed({"error_text": "hello"}, execution="Fx0002")) == 200
    bot.settle()
    done = {
        c.params["function_execution_id"]: c.outputs
        for c in slack.calls_to("functions.completeSuccess")
    }
    assert done.keys() == {"Fx0001", "Fx0002"}
    assert len(slack.calls_to("functions.completeSuccess")) == 2
    assert done["Fx0001"]["key"] == "azure:AADSTS50011"
    assert done["Fx0002"]["key"] == ""


def test_when_completing_fails_the_step_is_failed_rather_than_left_hanging(bot, slack):
    slack.fail("functions.completeSuccess", "invalid_arguments")
    assert bot.event(function_executed({"error_text": "AADSTS50011 redirect URI mismatch"})) == 200
    (failed,) = slack.wait_for("functions.completeError")
    assert failed.params["function_execution_id"] == "Fx0001"
    assert "went wrong on the bot's side" in failed.params["error"]

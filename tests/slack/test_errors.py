"""A failing listener is logged with secrets redacted, and the person is told, not left
in silence."""

from __future__ import annotations

import logging

import pytest

from tests.slack.slack_harness import AADSTS50011, mention, message

SECRET = "s3cr3t-Value_123"
PASTE = f"AADSTS7000215: Invalid client secret provided. client_id=abc&client_secret={SECRET}"


def broken(*args, **kwargs):
    raise RuntimeError(f"database is locked while saving {PASTE!r}")


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    yield lambda: "\n".join(record.getMessage() for record in caplog.records)


def assert_logged_without_secret(text: str, kind: str) -> None:
    assert f"{kind} failed:" in text and "database is locked" in text
    assert "[redacted client secret" in text
    assert SECRET not in text


def test_a_failing_button_tells_the_person_privately(bot, slack, logs, monkeypatch):
    bot.event(mention(AADSTS50011, ts="1700000060.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    bot.settle()
    monkeypatch.setattr(bot.store, "thread", broken)
    bot.click(post.buttons()["check_next"])
    (told,) = slack.wait_for("respond")
    assert told.params["response_type"] == "ephemeral"
    assert "Something went wrong" in told.params["text"]
    bot.settle()
    assert len(slack.posts()) == 1
    assert_logged_without_secret(logs(), "button check_next")


def test_a_failing_command_tells_the_person_privately(bot, slack, logs, monkeypatch):
    monkeypatch.setattr(bot.store, "open_thread", broken)
    status, _ = bot.command(PASTE)
    assert status == 200
    (told,) = slack.wait_for("respond")
    assert told.params["response_type"] == "ephemeral"
    assert "Something went wrong" in told.params["text"]
    assert_logged_without_secret(logs(), "command /oauthhelp")


def test_a_failing_mention_is_answered_in_its_thread_once(bot, slack, logs, monkeypatch):
    monkeypatch.setattr(bot.store, "claim", broken)
    event = mention(PASTE, ts="1700000061.000100")
    bot.event(event, event_id="EvFail1")
    (told,) = slack.wait_for("chat.postMessage")
    assert (told.params["channel"], told.params["thread_ts"]) == ("C1", "1700000061.000100")
    assert "Something went wrong" in told.params["text"]
    bot.event(event, event_id="EvFail1", retry_num=1)
    bot.settle()
    assert len(slack.posts()) == 1
    assert SECRET not in str([call.params for call in slack.calls])
    assert_logged_without_secret(logs(), "event app_mention")


def test_a_failing_auto_triage_stays_quiet(bot, slack, logs, monkeypatch):
    monkeypatch.setattr(bot.store, "is_watched", broken)
    bot.event(message(PASTE, channel="C2"))
    bot.settle()
    assert slack.posts() == []
    assert_logged_without_secret(logs(), "event message")

"""Settings come from the environment exactly as ../shared/INTERFACES.md section 3 says."""

from __future__ import annotations

import pytest

from bot.config import (
    DEFAULT_API_URL,
    DEFAULT_DATABASE_URL,
    DEFAULT_RETENTION_DAYS,
    SettingError,
    Settings,
)


def test_defaults():
    found = Settings.from_env({})
    assert found.api_url == DEFAULT_API_URL == "https://slack.com/api/"
    assert found.port == 3000
    assert found.database_url == DEFAULT_DATABASE_URL
    assert found.triage_channels == frozenset()
    assert not found.socket_mode
    assert len(found.problems()) == 2


def test_every_setting_is_read():
    found = Settings.from_env(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_APP_TOKEN": "xapp-1",
            "SLACK_API_URL": "http://127.0.0.1:9/api",
            "PORT": "8080",
            "DATABASE_URL": "postgres://u:p@db/triage",
            "TRIAGE_CHANNELS": " C1, C2,,",
            "ESCALATION_CHANNEL": "CESC",
        }
    )
    assert found.api_url == "http://127.0.0.1:9/api/"
    assert found.port == 8080
    assert found.database_url == "postgresql://u:p@db/triage"
    assert found.triage_channels == {"C1", "C2"}
    assert found.escalation_channel == "CESC"
    assert found.socket_mode and found.problems() == []


def test_socket_mode_needs_no_signing_secret():
    found = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert found.problems() == []


def test_operator_settings_have_defaults_and_are_read():
    assert Settings.from_env({}).retention_days == DEFAULT_RETENTION_DAYS == 30
    assert Settings.from_env({}).triage_admins == frozenset()
    found = Settings.from_env({"RETENTION_DAYS": "7", "TRIAGE_ADMINS": "U123, W456 ,"})
    assert found.retention_days == 7
    assert found.triage_admins == {"U123", "W456"}


def test_http_server_settings_have_defaults_and_are_read():
    found = Settings.from_env({})
    assert (found.web_concurrency, found.threads, found.graceful_timeout) == (1, 4, 30)
    found = Settings.from_env({"WEB_CONCURRENCY": "3", "THREADS": "6", "GRACEFUL_TIMEOUT": "25"})
    assert (found.web_concurrency, found.threads, found.graceful_timeout) == (3, 6, 25)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("PORT", "http", "'http' is not a whole number from 1 to 65535"),
        ("PORT", "70000", "'70000' is not a whole number from 1 to 65535"),
        ("PORT", "-1", "is not a whole number"),
        ("RETENTION_DAYS", "0", "'0' is not a whole number from 1 to 36500"),
        ("RETENTION_DAYS", "a month", "is not a whole number"),
        ("WEB_CONCURRENCY", "0", "'0' is not a whole number from 1 to 64"),
        ("THREADS", "eight", "is not a whole number from 1 to 256"),
        ("GRACEFUL_TIMEOUT", "30s", "is not a whole number from 1 to 3600"),
        ("TRIAGE_ADMINS", "U123,@alice", "'@alice' is not a Slack user ID"),
        ("SLACK_API_URL", "slack.com/api", "is not an http(s) URL"),
    ],
)
def test_an_unusable_value_names_its_setting(name, value, says):
    with pytest.raises(SettingError) as raised:
        Settings.from_env({name: value})
    assert raised.value.name == name
    assert str(raised.value).startswith(f"{name}: ")
    assert says in str(raised.value)


OAUTH = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "cs", "SLACK_STATE_SECRET": "ss"}


def test_the_oauth_install_flow_needs_no_bot_token():
    found = Settings.from_env(OAUTH | {"SLACK_SIGNING_SECRET": "s"})
    assert found.oauth
    assert (found.client_id, found.client_secret, found.state_secret) == ("1.2", "cs", "ss")
    assert found.problems() == []
    assert not Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}).oauth


@pytest.mark.parametrize("left_out", sorted(OAUTH))
def test_a_partial_oauth_setup_names_what_is_missing(left_out):
    env = {k: v for k, v in OAUTH.items() if k != left_out} | {"SLACK_SIGNING_SECRET": "s"}
    found = Settings.from_env(env | {"SLACK_BOT_TOKEN": "xoxb-1"})
    assert not found.oauth
    (problem,) = found.problems()
    assert problem.startswith(f"{left_out} is not set")


def test_the_oauth_install_flow_is_http_only():
    (problem,) = Settings.from_env(OAUTH | {"SLACK_APP_TOKEN": "xapp-1"}).problems()
    assert problem.startswith("SLACK_APP_TOKEN is set")

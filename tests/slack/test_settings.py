"""Settings come from the environment exactly as ../shared/INTERFACES.md section 3 says."""

from __future__ import annotations

from bot.config import DEFAULT_API_URL, DEFAULT_DATABASE_URL, Settings


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

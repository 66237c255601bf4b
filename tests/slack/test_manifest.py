"""manifest.yml validates against Slack's schema and matches what the code registers."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from jsonschema import Draft7Validator

from bot.slack import ids

ROOT = Path(__file__).resolve().parents[2]
#: Slack's published schema, version 1.0.0 (a copy of ../shared/slack's; see schema/NOTICE).
SCHEMA = Path(__file__).with_name("schema") / "manifest.schema.1.0.0.json"


def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_schema():
    schema = json.loads(SCHEMA.read_text())
    errors = [e.message for e in Draft7Validator(schema).iter_errors(manifest())]
    assert errors == []


def test_manifest_declares_what_the_app_listens_to():
    found = manifest()
    (command,) = found["features"]["slash_commands"]
    assert command["command"] == ids.COMMAND
    (shortcut,) = found["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", ids.EXPLAIN_SHORTCUT)
    assert shortcut["name"] == "Explain this error"
    assert found["features"]["app_home"]["home_tab_enabled"] is True
    assert found["settings"]["interactivity"]["is_enabled"] is True
    assert set(found["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_mention",
        "message.channels",
        "message.groups",
        "message.im",
    }


def test_manifest_asks_for_the_scopes_the_features_need_and_no_more():
    assert set(manifest()["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read",
        "channels:history",
        "groups:history",
        "im:history",
        "im:write",
        "chat:write",
        "commands",
    }


def test_procfile_runs_the_web_process():
    assert (ROOT / "Procfile").read_text().strip() == "web: python -m bot serve"

"""The manifests validate against Slack's schema and match what the code registers:
manifest.yml (with auto-triage) and manifest-mentions.yml (mentions, DMs, command, shortcut)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from bot.explain import explain
from bot.slack import diagnosis, ids
from bot.triage import Triager
from tests.slack.slack_harness import AADSTS50011, ENTRIES

ROOT = Path(__file__).resolve().parents[2]
#: Slack's published schema, version 1.0.0 (a copy of ../shared/slack's; see schema/NOTICE).
SCHEMA = Path(__file__).with_name("schema") / "manifest.schema.1.0.0.json"
FULL, MENTIONS = "manifest.yml", "manifest-mentions.yml"
#: What reads messages nobody addressed to the bot.
CHANNEL_READING = {"message.channels", "message.groups", "channels:history", "groups:history"}


def manifest(name: str = FULL) -> dict:
    return yaml.safe_load((ROOT / name).read_text())


def events(name: str) -> set[str]:
    return set(manifest(name)["settings"]["event_subscriptions"]["bot_events"])


def scopes(name: str) -> set[str]:
    return set(manifest(name)["oauth_config"]["scopes"]["bot"])


@pytest.mark.parametrize("name", [FULL, MENTIONS])
def test_manifest_validates_against_slacks_schema(name):
    schema = json.loads(SCHEMA.read_text())
    errors = [e.message for e in Draft7Validator(schema).iter_errors(manifest(name))]
    assert errors == []


@pytest.mark.parametrize("name", [FULL, MENTIONS])
def test_manifest_declares_what_the_app_listens_to(name):
    found = manifest(name)
    (command,) = found["features"]["slash_commands"]
    assert command["command"] == ids.COMMAND
    (shortcut,) = found["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", ids.EXPLAIN_SHORTCUT)
    assert shortcut["name"] == "Explain this error"
    assert found["features"]["app_home"]["home_tab_enabled"] is True
    assert found["settings"]["interactivity"]["is_enabled"] is True
    assert {"app_home_opened", "app_mention", "message.im"} <= events(name)


#: Events that make a workspace's installation forgotten (the OAuth install flow).
UNINSTALL = {"app_uninstalled", "tokens_revoked"}
#: The workflow step runs (both manifests declare it).
STEP = {"function_executed"}


def test_both_manifests_send_people_back_to_the_install_redirect():
    for name in (FULL, MENTIONS):
        (url,) = manifest(name)["oauth_config"]["redirect_urls"]
        assert url.endswith("/slack/oauth_redirect")


def test_the_full_manifest_subscribes_to_channel_messages_for_auto_triage():
    assert events(FULL) == {
        "app_home_opened",
        "app_mention",
        "message.channels",
        "message.groups",
        "message.im",
        *UNINSTALL,
        *STEP,
    }


def test_the_full_manifest_asks_for_the_scopes_the_features_need_and_no_more():
    assert scopes(FULL) == {
        "app_mentions:read",
        "channels:history",
        "groups:history",
        "im:history",
        "im:write",
        "chat:write",
        "commands",
        "users:read",
        "channels:read",
        "groups:read",
    }


def test_the_mentions_manifest_reads_no_channel_messages():
    assert events(MENTIONS) == {
        "app_home_opened",
        "app_mention",
        "message.im",
        *UNINSTALL,
        *STEP,
    }
    assert scopes(MENTIONS) == {
        "app_mentions:read",
        "im:history",
        "im:write",
        "chat:write",
        "commands",
    }
    assert not (events(MENTIONS) | scopes(MENTIONS)) & CHANNEL_READING
    (command,) = manifest(MENTIONS)["features"]["slash_commands"]
    assert "watch" not in command["usage_hint"]


def test_the_manifests_differ_only_where_auto_triage_needs_it():
    full, mentions = manifest(FULL), manifest(MENTIONS)
    for found in (full, mentions):
        del found["oauth_config"], found["settings"]["event_subscriptions"]["bot_events"]
        del found["features"]["slash_commands"][0]["usage_hint"]
    assert full == mentions


@pytest.mark.parametrize("name", [FULL, MENTIONS])
def test_the_workflow_step_is_declared_as_its_listener_reads_and_completes_it(name):
    found = manifest(name)
    assert found["settings"]["org_deploy_enabled"] is True  # Slack requires it for custom steps
    assert found["settings"]["function_runtime"] == "remote"
    assert "function_executed" in events(name)
    (callback_id,) = found["functions"]
    assert callback_id == ids.DIAGNOSE_FUNCTION
    step = found["functions"][callback_id]
    (name_in,) = step["input_parameters"]
    assert name_in == diagnosis.INPUT
    assert (
        step["input_parameters"][name_in] | {"type": "string", "is_required": True}
        == (step["input_parameters"][name_in])
    )
    declared = step["output_parameters"]
    assert all(parameter["name"] == key for key, parameter in declared.items())
    triager = Triager(ENTRIES)
    for paste in (AADSTS50011, "lunch at noon?"):
        returned = diagnosis.outputs(explain(triager, paste))
        assert set(returned) == set(declared) == set(diagnosis.OUTPUTS)
        for key, value in returned.items():
            expected = "number" if isinstance(value, int | float) else "string"
            assert declared[key]["type"] == expected, key
            if declared[key].get("is_required"):
                assert value != "", key


def test_procfile_runs_the_web_process():
    assert (ROOT / "Procfile").read_text().strip() == "web: python -m bot serve"

"""The App Home's "Channel settings": picking a channel opens its policy for its admins,
and a polite no for anyone else."""

from __future__ import annotations

import json
from typing import Any

from bot.store.policies import Mode, Policies, Policy
from tests.slack.policy_payloads import pick_channel
from tests.slack.slack_standin import Call


def view_of(call: Call) -> dict[str, Any]:
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def chosen(view: dict[str, Any]) -> dict[str, Any]:
    """Each input's initial choice, by block id."""
    found = {}
    for block in view["blocks"]:
        element = block.get("element") or {}
        if "initial_option" in element:
            found[block["block_id"]] = element["initial_option"]["value"]
        elif block.get("type") == "input":
            found[block["block_id"]] = element.get("initial_users", [])
    return found


def test_the_home_tab_offers_the_channel_picker(bot, slack):
    bot.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    (publish,) = slack.wait_for("views.publish")
    elements = [e for b in view_of(publish)["blocks"] for e in b.get("elements", [])]
    picker = next(e for e in elements if e.get("action_id") == "policy_channel_pick")
    assert picker["type"] == "conversations_select"
    assert "Channel settings" in json.dumps(view_of(publish))


def test_an_admin_sees_the_channels_current_policy(bot, slack):
    slack.users["UADMIN"] = {"is_owner": True}
    pick_channel(bot, "CAUTO", user="UADMIN")
    (opened,) = slack.wait_for("views.open")
    view = view_of(opened)
    assert opened.params["trigger_id"] == "1.2.3"
    assert (view["type"], view["callback_id"], view["private_metadata"]) == (
        "modal",
        "channel_policy",
        "CAUTO",
    )
    assert chosen(view) == {
        "policy_mode": "auto",  # TRIAGE_CHANNELS: auto until a policy is stored
        "policy_threshold": "68",
        "policy_in_thread": "thread",
        "policy_responders": [],
    }
    stored = Policy(Mode.DRAFTS, threshold=85.0, in_thread=False, responders=("U7",))
    Policies(bot.store).save("CW", stored, by="UADMIN")
    pick_channel(bot, "CW", user="UADMIN")
    view = view_of(slack.wait_for("views.open", count=2)[1])
    assert chosen(view) == {
        "policy_mode": "drafts",
        "policy_threshold": "85",
        "policy_in_thread": "channel",
        "policy_responders": ["U7"],
    }


def test_anyone_else_gets_a_polite_no_instead_of_the_controls(bot, slack):
    pick_channel(bot, "CW", user="U2")
    (opened,) = slack.wait_for("views.open")
    view = view_of(opened)
    assert "submit" not in view and "callback_id" not in view
    text = json.dumps(view)
    assert "Sorry, only workspace admins, the person who created <#CW>" in text

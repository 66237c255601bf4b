"""Interactivity payloads of the channel settings, built like Slack's: the App Home's channel
picker and the settings modal's submission."""

from __future__ import annotations

import json
from typing import Any

from bot.slack.policy_blocks import (
    CHANNEL_PICK,
    IN_THREAD,
    MODE,
    RESPONDERS,
    SETTINGS_VIEW,
    THRESHOLD,
)
from tests.slack.slack_harness import SignedRequests


def pick_channel(bot: SignedRequests, channel: str, *, user: str) -> int:
    """Pick ``channel`` in the Home's "Channel settings" picker; the HTTP status."""
    return bot.interact(
        {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": user},
            "api_app_id": "A1",
            "container": {"type": "view", "view_id": "VHOME"},
            "trigger_id": "1.2.3",
            "view": {"id": "VHOME", "type": "home", "blocks": []},
            "actions": [
                {
                    "type": "conversations_select",
                    "action_id": CHANNEL_PICK,
                    "block_id": "b",
                    "selected_conversation": channel,
                    "action_ts": "1.2",
                }
            ],
        }
    )


def _option(value: str) -> dict[str, Any]:
    return {"selected_option": {"value": value, "text": {"type": "plain_text", "text": value}}}


def submit_settings(
    bot: SignedRequests,
    channel: str,
    *,
    user: str,
    mode: str = "auto",
    threshold: str = "68",
    place: str = "thread",
    responders: tuple[str, ...] = (),
) -> tuple[int, dict[str, Any] | None]:
    """Press "Save" in ``channel``'s settings modal; the HTTP status and the JSON answer
    (None when the body is empty: the modal closes)."""
    values = {
        MODE: {MODE: {"type": "radio_buttons", **_option(mode)}},
        THRESHOLD: {THRESHOLD: {"type": "static_select", **_option(threshold)}},
        IN_THREAD: {IN_THREAD: {"type": "radio_buttons", **_option(place)}},
        RESPONDERS: {RESPONDERS: {"type": "multi_users_select", "selected_users": [*responders]}},
    }
    payload = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": user},
        "api_app_id": "A1",
        "trigger_id": "1.2.3",
        "view": {
            "id": "VMODAL",
            "type": "modal",
            "callback_id": SETTINGS_VIEW,
            "private_metadata": channel,
            "state": {"values": values},
        },
    }
    status, answer = bot.interaction(payload)
    return status, json.loads(answer) if answer.strip() else None

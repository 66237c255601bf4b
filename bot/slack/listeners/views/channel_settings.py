"""The channel settings modal's "Save": store the channel's policy, for who may change it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.slack.admins import may_switch
from bot.slack.policy_blocks import IN_THREAD, MODE, RESPONDERS, THRESHOLD, THRESHOLDS
from bot.slack.services import services
from bot.store.policies import Mode, Policies, Policy

__all__ = ["handle_channel_settings"]

log = logging.getLogger(__name__)


def _chosen(values: dict[str, Any], block: str) -> str:
    """The value of the option picked in ``block``."""
    return str(values[block][block]["selected_option"]["value"])


def _policy(values: dict[str, Any]) -> Policy:
    """The policy the modal's inputs describe; ValueError (or KeyError) when they do not."""
    score = int(_chosen(values, THRESHOLD))
    if score not in THRESHOLDS:
        raise ValueError(score)
    picked = (values.get(RESPONDERS) or {}).get(RESPONDERS) or {}
    return Policy(
        Mode(_chosen(values, MODE)),
        threshold=None if score == THRESHOLDS[0] else float(score),
        in_thread=_chosen(values, IN_THREAD) == "thread",
        responders=tuple(str(u) for u in picked.get("selected_users") or ()),
    )


def handle_channel_settings(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Save the policy and close the modal; a refusal or a missing choice is shown in it."""
    found = services(context)
    channel, user = str(view.get("private_metadata") or ""), body["user"]["id"]
    refused = may_switch(found, client, channel, user) if channel else None
    if refused is not None or not channel:
        reason = refused.text if refused else "Pick the channel again from the App Home."
        shown = reason.replace(f"<#{channel}>", "this channel").replace("`", "")
        ack(response_action="errors", errors={MODE: shown})
        return
    try:
        policy = _policy(view["state"]["values"])
    except (KeyError, TypeError, ValueError):
        ack(response_action="errors", errors={MODE: "Pick an option in every setting."})
        return
    if policy.mode is Mode.DRAFTS and not (policy.responders or found.settings.triage_admins):
        ack(response_action="errors", errors={RESPONDERS: "Pick at least one responder."})
        return
    Policies(found.store).save(channel, policy, by=user)
    ack()
    log.info("policy of %s set to %s by %s", channel, policy.mode.value, user)

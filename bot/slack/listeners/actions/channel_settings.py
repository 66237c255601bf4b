"""The App Home's channel picker: open the picked channel's settings for its admins."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.admins import may_switch
from bot.slack.policy import policy_for
from bot.slack.policy_blocks import notice_modal, settings_modal
from bot.slack.services import services

__all__ = ["handle_channel_pick"]

log = logging.getLogger(__name__)


def handle_channel_pick(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Open a modal with the channel's policy and controls (for who may change it), else a
    modal saying who may."""
    ack()
    channel = action.get("selected_conversation")
    if not channel:
        return
    found = services(context)
    refused = may_switch(found, client, channel, body["user"]["id"])
    if refused is not None:
        view = notice_modal(refused.text)
    else:
        admins = bool(found.settings.triage_admins)
        view = settings_modal(channel, policy_for(found, channel), fallback_responders=admins)
    try:
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except (SlackApiError, OSError) as err:
        log.warning("views.open failed: %s", err)

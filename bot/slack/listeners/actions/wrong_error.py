""" "Wrong error?" on an answer: open the modal to pick or describe the right one."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.correction_blocks import correction_modal
from bot.slack.delivery import respond_privately
from bot.slack.listeners.actions.common import GONE, resolve
from bot.slack.services import services

__all__ = ["handle_wrong_error"]

log = logging.getLogger(__name__)


def handle_wrong_error(
    ack: Ack,
    action: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
) -> None:
    """Open the correction modal for the answer's thread."""
    ack()
    clicked = resolve(services(context), action)
    if clicked is None:
        respond_privately(respond, GONE)
        return
    view = correction_modal(clicked.thread.id, clicked.entry)
    try:
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except (SlackApiError, OSError) as err:
        log.warning("views.open failed: %s", err)

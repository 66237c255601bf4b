"""The private note to someone whose paste held secrets: the one place it is sent from."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import secrets_message
from bot.slack.delivery import send_dm
from bot.slack.outbox import Courier

__all__ = ["warn_about_secrets"]

log = logging.getLogger(__name__)


def warn_about_secrets(
    client: WebClient,
    channel: str,
    user: str | None,
    kinds: Sequence[str],
    *,
    courier: Courier | None = None,
) -> None:
    """Tell ``user`` privately which kinds of secret their paste held (ephemeral, else DM)."""
    if not kinds or not user:
        return
    message = secrets_message(kinds)
    try:
        client.chat_postEphemeral(channel=channel, user=user, **message.kwargs())
    except (SlackApiError, OSError) as err:
        log.info("ephemeral secrets warning failed (%s); sending a DM", err)
        send_dm(client, user, message, courier=courier)

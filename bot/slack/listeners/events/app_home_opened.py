"""The App Home tab: the last 7 days at a glance, how to use the bot, the curator's view
(admins), channel settings."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import ids
from bot.slack.blocks import home_view
from bot.slack.curation import corrections_section
from bot.slack.policy_blocks import home_section
from bot.slack.services import services
from bot.store.policies import Policies

__all__ = ["handle_app_home_opened"]

log = logging.getLogger(__name__)


def handle_app_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Publish the Home tab for the person who opened it."""
    if event.get("tab", "home") != "home":
        return
    found = services(context)
    stats = found.store.stats(days=7)
    by_key = found.triager.index.by_key
    titles = {key: by_key[key][0].title for key, _ in stats.top if key in by_key}
    view = home_view(stats, titles, ids.COMMAND)
    view["blocks"] += corrections_section(found, client, event["user"])
    view["blocks"] += home_section(Policies(found.store).every())
    try:
        client.views_publish(user_id=event["user"], view=view)
    except (SlackApiError, OSError) as err:
        log.warning("views.publish failed: %s", err)

"""Who may change how the bot behaves: the users in ``TRIAGE_ADMINS``, workspace admins and
owners and, for a channel's settings, the channel's creator."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import blocks, ids
from bot.slack.blocks import Message
from bot.slack.services import Services

__all__ = ["is_curator", "may_switch"]

log = logging.getLogger(__name__)

#: ``users.info`` flags of workspace admins and owners.
_ADMIN_FLAGS = ("is_admin", "is_owner", "is_primary_owner")
_UNCHECKED = blocks.notice(
    "I couldn't check who may switch auto-triage here; try again in a moment."
)


def _is_workspace_admin(client: WebClient, user: str) -> bool:
    """Whether Slack says ``user`` is a workspace admin or owner (``users.info``; raises
    what the call raises)."""
    person = client.users_info(user=user).get("user") or {}
    return any(person.get(flag) for flag in _ADMIN_FLAGS)


def is_curator(found: Services, client: WebClient, user: str) -> bool:
    """Whether ``user`` curates knowledge: listed in ``TRIAGE_ADMINS``, or a workspace admin
    or owner (the rule of :func:`may_switch`, without channel creators). Not when Slack
    cannot tell."""
    if user in found.settings.triage_admins:
        return True
    try:
        return _is_workspace_admin(client, user)
    except (SlackApiError, OSError) as err:
        log.warning("checking who curates knowledge failed: %s", err)
        return False


def may_switch(found: Services, client: WebClient, channel: str, user: str) -> Message | None:
    """None when ``user`` may switch auto-triage in ``channel`` (listed in ``TRIAGE_ADMINS``,
    a workspace admin or owner, or the channel's creator); else the polite no."""
    if user in found.settings.triage_admins:
        return None
    try:
        if _is_workspace_admin(client, user):
            return None
        conversation = client.conversations_info(channel=channel).get("channel") or {}
        if conversation.get("creator") == user:
            return None
    except SlackApiError as err:
        error = err.response.get("error")
        if error == "missing_scope":
            return blocks.notice(
                "I can't tell who may switch auto-triage here: this install lacks the "
                "`users:read`, `channels:read` and `groups:read` scopes. Auto-triage needs the "
                "app installed from `manifest.yml`; ask whoever manages it."
            )
        if error != "channel_not_found":  # a private channel I am not in: not its creator
            log.warning("checking who may switch auto-triage failed: %s", error)
            return _UNCHECKED
    except OSError as err:
        log.warning("checking who may switch auto-triage failed: %s", err)
        return _UNCHECKED
    return blocks.notice(
        f"Sorry, only workspace admins, the person who created <#{channel}>, and the people "
        "listed in the app's TRIAGE_ADMINS setting can switch auto-triage on or off. Ask one "
        f"of them; meanwhile `{ids.COMMAND} <error>` or an @mention still gets you an answer."
    )

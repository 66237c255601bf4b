"""The slash command: explain a paste privately; ``help``; ``watch`` / ``unwatch``, for
workspace admins, the channel's creator and the users in ``TRIAGE_ADMINS``."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import blocks, ids
from bot.slack.answers import answer_paste
from bot.slack.blocks import Message
from bot.slack.delivery import Place, respond_privately
from bot.slack.paste import read_paste
from bot.slack.policy import policy_for
from bot.slack.services import Services, services
from bot.store.policies import Mode, Policies

__all__ = ["handle_oauthhelp", "may_switch"]

log = logging.getLogger(__name__)

#: ``users.info`` flags of workspace admins and owners.
_ADMIN_FLAGS = ("is_admin", "is_owner", "is_primary_owner")
_UNCHECKED = blocks.notice(
    "I couldn't check who may switch auto-triage here; try again in a moment."
)


def may_switch(found: Services, client: WebClient, channel: str, user: str) -> Message | None:
    """None when ``user`` may switch auto-triage in ``channel`` (listed in ``TRIAGE_ADMINS``,
    a workspace admin or owner, or the channel's creator); else the polite no."""
    if user in found.settings.triage_admins:
        return None
    try:
        person = client.users_info(user=user).get("user") or {}
        if any(person.get(flag) for flag in _ADMIN_FLAGS):
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


def _switch(found: Services, word: str, channel: str, user: str) -> Message:
    """Turn auto-triage on (policy mode ``auto``) or off (``mention``) for ``channel``; the
    policy's other settings stay."""
    if channel.startswith("D"):
        return blocks.notice("Auto-triage works in channels; in a DM I answer every message.")
    here = f"<#{channel}>"
    current = policy_for(found, channel)
    if word == "watch":
        if current.mode is Mode.AUTO:
            return blocks.notice(f"Auto-triage is already on in {here}.")
        Policies(found.store).save(channel, replace(current, mode=Mode.AUTO), by=user)
        log.info("auto-triage switched on in %s by %s", channel, user)
        return blocks.notice(
            f"Auto-triage is on in {here}: I reply in a thread to new messages holding an "
            "error I recognise with confidence, and stay quiet otherwise. I must be a member "
            f"of the channel (`/invite` me). `{ids.COMMAND} unwatch` turns it off."
        )
    if current.mode is Mode.MENTION:
        return blocks.notice(f"Auto-triage was not on in {here}.")
    Policies(found.store).save(channel, replace(current, mode=Mode.MENTION), by=user)
    log.info("auto-triage switched off in %s by %s", channel, user)
    return blocks.notice(f"Auto-triage is off in {here}.")


def handle_oauthhelp(
    ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
) -> None:
    """Acknowledge at once, then answer only the person who ran the command."""
    ack()
    found = services(context)
    text = (command.get("text") or "").strip()
    word = text.lower()
    channel, user = command["channel_id"], command["user_id"]
    triager = found.triager
    if word == "help":
        providers = Counter(entry.provider for entry in triager.index.entries)
        respond_privately(respond, blocks.help_message(ids.COMMAND, providers))
    elif word in ("watch", "unwatch"):
        refused = None if channel.startswith("D") else may_switch(found, client, channel, user)
        if refused is None:
            refused = _switch(found, word, channel, user)
        respond_privately(respond, refused)
    else:
        place = Place(channel, None, user, private=True)
        paste = read_paste(triager, text, asked=True)
        answer_paste(found, triager, client, place, paste, asked=True, respond=respond)

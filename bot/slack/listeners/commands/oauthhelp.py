"""The slash command: explain a paste privately; ``help``; ``watch`` / ``unwatch``, for
workspace admins, the channel's creator and the users in ``TRIAGE_ADMINS``."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import blocks, ids
from bot.slack.admins import may_switch
from bot.slack.answers import answer_paste
from bot.slack.blocks import Message
from bot.slack.delivery import Place, respond_privately
from bot.slack.paste import read_paste
from bot.slack.policy import policy_for
from bot.slack.services import Services, services
from bot.store.policies import Mode, Policies

__all__ = ["handle_oauthhelp"]

log = logging.getLogger(__name__)


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

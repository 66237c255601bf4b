"""The slash command: explain a paste privately; ``help``; ``watch`` / ``unwatch``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import blocks, ids
from bot.slack.answers import answer_paste
from bot.slack.blocks import Message
from bot.slack.delivery import Place, respond_privately
from bot.slack.paste import read_paste
from bot.slack.services import Services, services

__all__ = ["handle_oauthhelp"]


def _switch(found: Services, word: str, channel: str, user: str) -> Message:
    """Turn auto-triage on or off for ``channel``."""
    if channel.startswith("D"):
        return blocks.notice("Auto-triage works in channels; in a DM I answer every message.")
    here = f"<#{channel}>"
    if word == "watch":
        if not found.store.watch(channel, user):
            return blocks.notice(f"Auto-triage is already on in {here}.")
        return blocks.notice(
            f"Auto-triage is on in {here}: I reply in a thread to new messages holding an "
            "error I recognise with confidence, and stay quiet otherwise. I must be a member "
            f"of the channel (`/invite` me). `{ids.COMMAND} unwatch` turns it off."
        )
    if channel in found.settings.triage_channels:
        return blocks.notice(
            f"{here} is listed in the TRIAGE_CHANNELS setting; remove it there to stop auto-triage."
        )
    if not found.store.unwatch(channel):
        return blocks.notice(f"Auto-triage was not on in {here}.")
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
        respond_privately(respond, _switch(found, word, channel, user))
    else:
        place = Place(channel, None, user, private=True)
        paste = read_paste(triager, text, asked=True)
        answer_paste(found, triager, client, place, paste, asked=True, respond=respond)

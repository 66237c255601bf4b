"""A suggestion button: explain the candidate the person picked."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import blocks
from bot.slack.answers import open_thread, place_of, send
from bot.slack.delivery import respond_privately
from bot.slack.listeners.actions.common import GONE, resolve
from bot.slack.metadata import tagged
from bot.slack.services import services
from bot.triage import Match

__all__ = ["handle_suggestion"]


def handle_suggestion(
    ack: Ack, action: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
) -> None:
    """Answer with the picked entry, where the unmatched reply was."""
    ack()
    found = services(context)
    clicked = resolve(found, action)
    entry_id = clicked.button.detail if clicked else ""
    entry = clicked.triager.index.by_id.get(entry_id) if clicked else None
    if clicked is None or entry is None:
        respond_privately(respond, GONE)
        return
    thread, triager = clicked.thread, clicked.triager
    result = triager.triage(thread.paste)
    ranked = {m.entry.id: m for m in (*result.matches, *result.suggestions)}
    score = ranked[entry_id].score if entry_id in ranked else 0.0
    match = Match(entry, score, "picked from the closest candidates")
    place = place_of(thread)
    picked = open_thread(found, triager, place, thread.paste, [match])
    message = blocks.answer_message(
        [match], result.facts, thread_id=picked.id, share=place.private, paste=thread.paste
    )
    send(
        found,
        client,
        place,
        tagged(message, match, thread_id=picked.id),
        thread_id=picked.id,
        respond=respond,
    )

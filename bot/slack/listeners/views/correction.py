"""The "Wrong error?" modal sent: keep the correction (the redacted paste, the entry picked or
what was written, redacted) and answer the thread again with the entry picked."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.safety.redact import redact
from bot.slack import blocks, ids
from bot.slack.answers import open_thread, place_of, send
from bot.slack.correction_blocks import NONE_OF_THESE
from bot.slack.delivery import send_dm
from bot.slack.metadata import tagged
from bot.slack.services import services
from bot.store.corrections import Corrections
from bot.triage import Match, extract

__all__ = ["handle_correction"]

log = logging.getLogger(__name__)

_REASON = "picked by someone here as the right error"
_NOTE = "Someone here corrected my answer; I'll answer this wording with this error from now on."
_THANKS = (
    "Thanks, noted. Whoever curates my knowledge will see your correction with the "
    "(redacted) paste."
)


def _value(view: dict[str, Any], block: str) -> dict[str, Any]:
    return (view.get("state", {}).get("values", {}).get(block) or {}).get(block) or {}


def handle_correction(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Refuse an empty form in the modal; otherwise close it, store the correction and reply."""
    found = services(context)
    picked = (_value(view, ids.CORRECTION_ENTRY).get("selected_option") or {}).get("value")
    text = (_value(view, ids.CORRECTION_TEXT).get("value") or "").strip()
    metadata = str(view.get("private_metadata", ""))
    thread = found.store.thread(int(metadata)) if metadata.isdigit() else None
    triager = found.triager
    entry = triager.index.by_id.get(picked) if picked and picked != NONE_OF_THESE else None
    problem = None
    if not picked and not text:
        problem = "Pick the right error (or None of these), or describe it below."
    elif thread is None:
        problem = "I no longer have that answer; paste the error again."
    elif picked and picked != NONE_OF_THESE and entry is None:
        problem = "That error is no longer in my knowledge; pick another."
    if problem is not None or thread is None:
        errors = {ids.CORRECTION_ENTRY: problem or "I no longer have that answer."}
        ack(response_action="errors", errors=errors)
        return
    ack()
    user = body["user"]["id"]
    Corrections(found.store.engine).record(
        thread,
        user=user,
        entry_id=entry.id if entry else None,
        key=entry.key if entry else None,
        description=redact(text).text if text else None,
    )
    place = place_of(thread)
    if entry is None:
        try:
            client.chat_postEphemeral(
                channel=place.channel, user=user, thread_ts=place.thread_ts, text=_THANKS
            )
        except (SlackApiError, OSError) as err:
            log.warning("thanking for a correction failed: %s", err)
        return
    match = Match(entry, 100.0, _REASON)
    facts = extract(thread.paste, triager.providers)
    again = open_thread(found, triager, place, thread.paste, [match])
    message = tagged(
        blocks.answer_message([match], facts, thread_id=again.id, note=_NOTE, paste=thread.paste),
        match,
        thread_id=again.id,
    )
    if place.private:
        send_dm(client, user, message, courier=found.courier)
    else:
        send(found, client, place, message, thread_id=again.id)

""" "Post to thread" / "Dismiss" on a draft sent to a channel's responders: the first press
decides; the draft is posted at most once."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import blocks
from bot.slack.blocks import Message
from bot.slack.delivery import post, respond_privately, update
from bot.slack.listeners.actions.common import GONE
from bot.slack.policy_blocks import DRAFT_POST, decided_message
from bot.slack.services import Services, services
from bot.store.policies import Drafts, DraftStatus
from bot.store.state import ButtonValue

__all__ = ["handle_draft"]

_NOT_YOURS = blocks.notice("Only the channel's responders can post or dismiss this draft.")


def _show(
    found: Services,
    client: WebClient,
    body: dict[str, Any],
    respond: Respond,
    message: Message,
) -> None:
    """Replace the draft's message with ``message`` (``chat.update``, else ``respond``)."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if not (channel and ts and update(client, channel, ts, message, courier=found.courier)):
        respond_privately(respond, message, replace_original=True)


def handle_draft(
    ack: Ack,
    action: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
) -> None:
    """Post the draft where its message's answer would have gone, or dismiss it; once."""
    ack()
    found = services(context)
    user = body["user"]["id"]
    button = ButtonValue.decode(str(action.get("value", "")))
    drafts = Drafts(found.store)
    draft = drafts.get(button.thread_id) if button else None
    thread = found.store.thread(draft.thread_id) if draft else None
    if draft is None or thread is None:
        respond_privately(respond, GONE)
        return
    if user not in draft.responders:
        respond_privately(respond, _NOT_YOURS)
        return
    status = DraftStatus.POSTED if action["action_id"] == DRAFT_POST else DraftStatus.DISMISSED
    if not drafts.decide(thread.id, status, user):
        decided = drafts.get(thread.id) or draft
        _show(
            found,
            client,
            body,
            respond,
            decided_message(decided.status, decided.decided_by, thread.channel),
        )
        return
    if status is DraftStatus.POSTED:
        kept = draft.message
        reply = Message(kept["text"], kept["blocks"], kept.get("metadata"))
        sent = post(client, thread.channel, thread.thread_ts, reply, courier=found.courier)
        if sent is None:
            drafts.reopen(thread.id)
            refusal = (
                f"I can't post in <#{thread.channel}>. `/invite` me there, then press Post again."
            )
            respond_privately(respond, blocks.notice(refusal))
            return
        ts = sent if isinstance(sent, str) else None  # unknown while it waits in the outbox
        found.store.move_thread(thread.id, thread.channel, thread.thread_ts or ts)
    _show(found, client, body, respond, decided_message(status, user, thread.channel))

""" "This is it" / "Not this": the answer's checks move on, in place, to the fix, the next
check, or every check ruled out and the offer to escalate."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import blocks, check_blocks, ids
from bot.slack.answers import answer_again, place_of, send
from bot.slack.blocks import Message
from bot.slack.delivery import respond_privately, update
from bot.slack.listeners.actions.common import GONE, Clicked, resolve
from bot.slack.metadata import tagged
from bot.slack.services import services
from bot.store.models import TriageThread
from bot.triage import extract

__all__ = ["handle_check_answer"]

_STALE = blocks.notice("That check was already answered; the answer above shows where it stands.")


def _updated(
    body: dict[str, Any], clicked: Clicked, thread: TriageThread, step: check_blocks.Step
) -> Message:
    """The clicked message with its checks replaced by ``step``; when Slack did not send the
    message (ephemeral ones), the thread's answer built again around ``step``."""
    shown = body.get("message") or {}
    replaced = check_blocks.replace_checks(shown.get("blocks") or [], step.blocks)
    if replaced is not None:
        return Message(shown.get("text") or step.message.text, replaced)
    answer = answer_again(clicked.triager, thread, clicked.matches)
    replaced = check_blocks.replace_checks(answer.blocks, step.blocks)
    return Message(answer.text, replaced) if replaced is not None else step.message


def handle_check_answer(
    ack: Ack,
    action: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
) -> None:
    """Record the answer to a check, then update the message that asked it: privately
    through ``respond``, else by ``chat.update``, posting the step in the thread when the
    message can no longer be updated; either carries the answer's metadata with the new
    state. A check already answered changes nothing."""
    ack()
    found = services(context)
    clicked = resolve(found, action)
    entry = clicked.entry if clicked else None
    index = clicked.button.check_index if clicked else None
    if clicked is None or entry is None or index is None:
        respond_privately(respond, GONE)
        return
    confirmed = action["action_id"] == ids.CHECK_CONFIRM
    thread = found.store.answer_check(clicked.thread.id, index, confirmed=confirmed)
    if thread is None:
        respond_privately(respond, _STALE)
        return
    step = check_blocks.next_step(
        entry,
        extract(thread.paste, clicked.triager.providers),
        thread_id=thread.id,
        index=thread.check_index,
        status=thread.status,
        escalation_channel=found.settings.escalation_channel,
    )
    top = clicked.matches[0]
    message = tagged(
        _updated(body, clicked, thread, step), top, thread_id=thread.id, status=thread.status
    )
    container = body.get("container") or {}
    if thread.private or container.get("is_ephemeral"):
        respond_privately(respond, message, replace_original=True)
        return
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    channel = container.get("channel_id") or thread.channel
    if not (ts and update(client, channel, ts, message, courier=found.courier)):
        alone = tagged(step.message, top, thread_id=thread.id, status=thread.status)
        send(found, client, place_of(thread), alone, thread_id=thread.id)

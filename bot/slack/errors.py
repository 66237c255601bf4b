"""When a listener or middleware fails: log it with secrets redacted, and tell the person
who asked instead of leaving them in silence."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from typing import Any

from slack_bolt import BoltContext, BoltRequest
from slack_sdk import WebClient

from bot.safety.redact import redact
from bot.slack.blocks import Message, notice
from bot.slack.delivery import Place, post_or_dm, respond_privately
from bot.slack.listeners.events.common import is_from_bot
from bot.slack.services import services

__all__ = ["FAILED", "handle_error"]

log = logging.getLogger(__name__)

#: What the person sees when handling their request failed.
FAILED: Message = notice(
    "Something went wrong on my side while handling that, sorry. Try again in a moment; "
    "if it keeps happening, tell whoever looks after this app."
)


def _kind(body: Mapping[str, Any]) -> str:
    """The kind of request, for the log: an event type, a command, a button, a shortcut."""
    if body.get("type") == "event_callback":
        return f"event {body.get('event', {}).get('type')}"
    if body.get("type") == "block_actions":
        return "button " + ",".join(str(a.get("action_id")) for a in body.get("actions", []))
    if body.get("command"):
        return f"command {body['command']}"
    return f"{body.get('type', 'request')} {body.get('callback_id', '')}".strip()


def _asker(body: Mapping[str, Any]) -> Place | None:
    """Where a person addressed the bot in an event (a mention or a DM) and waits for a reply.

    Messages the bot only watches (auto-triage) and the App Home expect no reply.
    """
    event = body.get("event") or {}
    addressed = event.get("type") == "app_mention" or event.get("channel_type") == "im"
    if not addressed or event.get("subtype") or is_from_bot(event) or not event.get("user"):
        return None
    return Place(event["channel"], event.get("thread_ts") or event["ts"], event["user"])


def handle_error(
    error: Exception,
    body: dict[str, Any],
    request: BoltRequest,
    context: BoltContext,
    client: WebClient,
) -> None:
    """Log the failure (redacted), then tell the person: privately through the request's
    ``response_url`` when it has one, else in the thread they asked in (a DM as a fallback).
    Slack's redeliveries of a failed event are only logged, so the person is told once."""
    trace = "".join(traceback.format_exception(error))
    log.error("%s failed:\n%s", _kind(body), redact(trace).text)
    respond = context.respond
    if respond is not None and respond.response_url:
        respond_privately(respond, FAILED)
        return
    place = _asker(body)
    if place is not None and not request.headers.get("x-slack-retry-num"):
        try:
            courier = services(context).courier
        except KeyError:  # failed before the services were attached
            courier = None
        post_or_dm(client, place, FAILED, courier=courier)

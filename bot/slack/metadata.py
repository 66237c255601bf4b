"""Message metadata on the answers the bot posts, so other apps and workflows can read what
it decided without parsing the text: Slack's ``metadata`` argument of ``chat.postMessage``
and ``chat.update``, kept up to date as the follow-up checks move on.

>>> from bot.kb import Entry
>>> entry = Entry(id="a", provider="azure", code="AADSTS50011", title="t", cause="c",
...               fix=["f"], checks=["k"])
>>> payload = answer_metadata(Match(entry, 97.46, "code"), thread_id=7)["event_payload"]
>>> payload["key"], payload["confidence"], payload["state"], payload["thread_id"]
('azure:AADSTS50011', 97.5, 'open', 7)
>>> answer_metadata(None, thread_id=8)["event_payload"]["state"]
'unmatched'
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.slack.blocks import Message
from bot.store.state import ThreadStatus
from bot.triage import Match

__all__ = ["EVENT_TYPE", "UNMATCHED", "answer_metadata", "tagged"]

#: The ``event_type`` of every answer's metadata.
EVENT_TYPE = "oauth_triage_answer"
#: The state of a reply that matched nothing (the other states are :class:`ThreadStatus`).
UNMATCHED = "unmatched"


def answer_metadata(
    top: Match | None, *, thread_id: int, status: ThreadStatus = ThreadStatus.OPEN
) -> dict[str, Any]:
    """The metadata of an answer whose first match is ``top`` (None: nothing matched), kept
    as thread ``thread_id`` in the store, its checks at ``status``. Values are strings and
    numbers, as Slack requires."""
    if top is None:
        payload: dict[str, Any] = {"key": "", "provider": "", "confidence": 0, "state": UNMATCHED}
    else:
        payload = {
            "key": top.entry.shown_key,
            "provider": top.entry.provider,
            "confidence": round(top.score, 1),
            "state": status.value,
        }
    return {"event_type": EVENT_TYPE, "event_payload": {**payload, "thread_id": thread_id}}


def tagged(
    message: Message,
    top: Match | None,
    *,
    thread_id: int,
    status: ThreadStatus = ThreadStatus.OPEN,
) -> Message:
    """``message`` carrying :func:`answer_metadata`."""
    return replace(message, metadata=answer_metadata(top, thread_id=thread_id, status=status))

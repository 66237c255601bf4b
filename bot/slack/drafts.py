"""``drafts`` mode: the answer to a plain message goes privately (by DM) to the channel's
responders, who post it where it would have gone with one click, or dismiss it."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_sdk import WebClient

from bot.explain import Explanation
from bot.slack.answers import open_thread, reply_for
from bot.slack.delivery import Place, permalink, send_dm
from bot.slack.learnt import with_learnt
from bot.slack.policy_blocks import draft_message
from bot.slack.secret_warning import warn_about_secrets
from bot.slack.services import Services
from bot.store.policies import Drafts
from bot.triage import Triager

__all__ = ["send_draft"]

log = logging.getLogger(__name__)


def send_draft(
    found: Services,
    triager: Triager,
    client: WebClient,
    place: Place,
    paste: Explanation,
    *,
    message_ts: str,
    responders: Sequence[str],
) -> None:
    """Draft the answer to the message ``message_ts`` (read unasked by ``triager``), to be
    posted at ``place``, and send it to ``responders``; nothing when nothing matched. A
    wording someone corrected gets their pick, as answers do."""
    paste = with_learnt(found, triager, paste)
    if paste.redacted.kinds:
        warn_about_secrets(
            client, place.channel, place.user, paste.redacted.kinds, courier=found.courier
        )
    matches = paste.triage.matches
    if paste.problem is not None or not matches:
        return
    if not responders:
        log.warning("no responders for the drafts of %s; set some on the App Home", place.channel)
        return
    hidden = Place(place.channel, place.thread_ts, place.user, private=True)
    thread = open_thread(found, triager, hidden, paste.text, matches)
    reply = reply_for(paste, thread_id=thread.id, share=False)
    Drafts(found.store).add(thread.id, reply.kwargs(), responders)
    link = permalink(client, place.channel, message_ts)
    draft = draft_message(
        reply, thread_id=thread.id, channel=place.channel, author=place.user, link=link
    )
    for responder in responders:
        send_dm(client, responder, draft, courier=found.courier)

"""What the listeners share: answer a paste, and carry an answer's thread on.

Data flows one way: paste -> redact -> triage (bot.slack.paste) -> render (bot.slack.blocks)
-> post (bot.slack.delivery). Nothing here matches; the engine does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient

from bot.explain import Explanation, Problem, explain
from bot.slack import blocks, ids, outage
from bot.slack.blocks import Message
from bot.slack.delivery import Place, post_or_dm, respond_privately
from bot.slack.metadata import tagged
from bot.slack.secret_warning import warn_about_secrets
from bot.slack.services import Services
from bot.store.models import TriageThread
from bot.store.state import StoredAnswer
from bot.text import MAX_PASTE_CHARS
from bot.triage import Match, Triager, extract

__all__ = ["answer_again", "answer_paste", "open_thread", "place_of", "reply_for", "send"]


def reply_for(paste: Explanation, *, thread_id: int, share: bool) -> Message:
    """The reply to a paste someone asked about directly; an answer (or the "couldn't
    match" reply) carries its metadata."""
    if paste.problem is Problem.EMPTY:
        return blocks.usage_message(ids.COMMAND)
    if paste.problem is not None:
        return blocks.problem_message(paste.problem, paste.length, MAX_PASTE_CHARS)
    result = paste.triage
    if result.matches:
        note = None
        if paste.truncated:
            note = (
                f"That paste is {paste.length:,} characters; I read the first {MAX_PASTE_CHARS:,}."
            )
        answer = blocks.answer_message(
            result.matches,
            result.facts,
            thread_id=thread_id,
            share=share,
            note=note,
            insights=paste.insights,
            unsure=not result.confident,
            paste=paste.text,
        )
        return tagged(answer, result.matches[0], thread_id=thread_id)
    return tagged(blocks.no_match_message(result.suggestions, thread_id), None, thread_id=thread_id)


def open_thread(
    services: Services, triager: Triager, place: Place, paste: str, matches: Sequence[Match]
) -> TriageThread:
    """Record an answer (no ``matches``: an unmatched reply) where it is about to be sent.

    Entries ``triager``'s index does not hold (codes missing from the knowledge base) are
    kept with the answer, so its buttons still find them after the knowledge reloads.
    """
    by_id = triager.index.by_id
    return services.store.open_thread(
        channel=place.channel,
        thread_ts=place.thread_ts,
        user=place.user,
        private=place.private,
        paste=paste,
        answers=[
            StoredAnswer(
                m.entry.id, m.key, m.score, m.reason, None if m.entry.id in by_id else m.entry
            )
            for m in matches
        ],
        check_count=len(matches[0].entry.checks) if matches else 0,
    )


def send(
    services: Services,
    client: WebClient,
    place: Place,
    message: Message,
    *,
    thread_id: int = 0,
    respond: Callable[..., Any] | None = None,
) -> None:
    """Send to ``place``: privately through ``respond``, or in its thread (DM as a fallback)."""
    if place.private and respond is not None:
        respond_privately(respond, message)
        return
    landed = post_or_dm(client, place, message, courier=services.courier)
    if thread_id and landed is not None and landed != place:
        services.store.move_thread(thread_id, landed.channel, landed.thread_ts)


def answer_paste(
    services: Services,
    triager: Triager,
    client: WebClient,
    place: Place,
    paste: Explanation,
    *,
    asked: bool,
    author: str | None = None,
    respond: Callable[..., Any] | None = None,
) -> None:
    """Answer a paste (read by ``triager``) by ``author`` at ``place``; unless ``asked``
    directly, only a confident match is sent."""
    if paste.redacted.kinds:
        warn_about_secrets(
            client,
            place.channel,
            author or place.user,
            paste.redacted.kinds,
            courier=services.courier,
        )
    result = paste.triage
    if not (asked or result.matches):
        return
    thread_id = 0
    incident = None
    if paste.problem is None and result.matches and result.confident:
        incident = outage.incident_at(services, place, result.matches[0])
    if paste.problem is None:
        if not (result.matches and result.confident):
            services.store.record_unmatched(place.channel, place.user, paste.text)
        thread_id = open_thread(services, triager, place, paste.text, result.matches).id
    if incident is not None:
        outage.point_to_first(
            services, client, place, result.matches[0], incident, thread_id=thread_id
        )
        return
    message = reply_for(paste, thread_id=thread_id, share=place.private)
    send(services, client, place, message, thread_id=thread_id, respond=respond)


def place_of(thread: TriageThread) -> Place:
    """Where a thread's replies go."""
    return Place(thread.channel, thread.thread_ts, thread.user, thread.private)


def answer_again(triager: Triager, thread: TriageThread, matches: Sequence[Match]) -> Message:
    """A thread's answer built again from its (redacted) paste: as first sent while the
    knowledge still reads the paste the same way, else from ``matches``, its stored answers."""
    paste = explain(triager, thread.paste, asked=True)
    first = paste.triage.matches[:1]
    if paste.problem is None and first and matches and first[0].entry.id == matches[0].entry.id:
        return reply_for(paste, thread_id=thread.id, share=thread.private)
    facts = extract(thread.paste, triager.providers)
    return blocks.answer_message(
        matches, facts, thread_id=thread.id, share=thread.private, paste=thread.paste
    )

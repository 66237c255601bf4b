"""Outage mode: the same error pasted again and again in one channel is one incident.

The first thread gets the full answer; later pastes of the same error in that channel
within the window get one short reply pointing at it, and once enough people have hit
it the escalation channel hears about it once. This keeps the bot useful and within
Slack's per-channel limits on the day a provider breaks for everyone.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.slack import blocks
from bot.slack.delivery import Place, permalink, post
from bot.slack.metadata import tagged
from bot.slack.services import Services
from bot.triage import Match

__all__ = ["ALERT_AT", "WINDOW_SECONDS", "Incident", "incident_at", "point_to_first"]

#: A paste of the same error in the same channel this soon after the first is the same incident.
WINDOW_SECONDS = 15 * 60.0
#: The escalation channel is told when this many threads in a channel hit the same error.
ALERT_AT = 5


#: How many first threads' links are remembered (one per ongoing incident is needed).
LINKS_KEPT = 256


class _Links:
    """Links to first threads, asked of Slack once per incident rather than once per paste."""

    def __init__(self) -> None:
        self._links: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, client: WebClient, channel: str, ts: str) -> str | None:
        with self._lock:
            link = self._links.get((channel, ts))
        if link is None:
            link = permalink(client, channel, ts)
            if link is not None:
                with self._lock:
                    self._links[(channel, ts)] = link
                    while len(self._links) > LINKS_KEPT:
                        self._links.popitem(last=False)
        return link


_LINKS = _Links()


@dataclass(frozen=True)
class Incident:
    """An error already answered in this channel moments ago."""

    first_channel: str
    first_ts: str
    #: Threads that hit it in the window, this one included.
    count: int


def incident_at(services: Services, place: Place, top: Match) -> Incident | None:
    """The incident this answer belongs to, if the same error was answered in the same
    public channel within the window (direct messages and private answers never are)."""
    if place.private or place.channel.startswith("D") or not place.thread_ts:
        return None
    first, count = services.store.same_error(place.channel, top.key, within=WINDOW_SECONDS)
    if first is None or not first.thread_ts or first.thread_ts == place.thread_ts:
        return None
    return Incident(first.channel, first.thread_ts, count + 1)


def point_to_first(
    services: Services,
    client: WebClient,
    place: Place,
    top: Match,
    incident: Incident,
    *,
    thread_id: int,
) -> None:
    """Reply briefly with a link to the first thread (with the metadata of this paste's
    answer, thread ``thread_id``); tell the escalation channel once."""
    link = _LINKS.get(client, incident.first_channel, incident.first_ts)
    minutes = round(WINDOW_SECONDS / 60)
    post(
        client,
        place.channel,
        place.thread_ts,
        tagged(
            blocks.same_error_message(top, link, incident.count, minutes), top, thread_id=thread_id
        ),
        courier=services.courier,
    )
    channel = services.settings.escalation_channel
    if channel and incident.count == ALERT_AT:
        alert = blocks.incident_message(top, place.channel, incident.count, minutes, link)
        post(client, channel, None, alert, courier=services.courier)
